/**
 * The only package that talks to native code: a jnr-ffi binding to libc and to the project's
 * native helper (cache maintenance, an Arrow C stream), and the safe Java types built on them.
 *
 * <p><b>Contract.</b> No jnr-ffi type leaves this package. Every native return code is checked
 * in one place ({@code Native.check}) and turned into a {@link
 * io.arrowfamfs.nativeio.NativeCallException} naming the call, its arguments, errno and the
 * resource. {@link io.arrowfamfs.nativeio.MappedRegion} is the only way other packages touch
 * mapped memory: every access is bounds-checked in {@code long} arithmetic, and any access after
 * the last reference is released throws {@link io.arrowfamfs.nativeio.ResourceClosedException}
 * instead of touching unmapped memory.
 *
 * <p><b>Threading.</b> {@link io.arrowfamfs.nativeio.NativeFile} and {@link
 * io.arrowfamfs.nativeio.MappedRegion} may be used from several threads. A thread that may race
 * with {@code close()} must hold its own reference ({@link
 * io.arrowfamfs.nativeio.MappedRegion#retain()}).
 *
 * <p><b>JVM flags.</b> jnr-ffi must run with {@code -Djnr.ffi.x86asm.enabled=false} (its x86-64
 * stubs made {@code mmap} fail with EINVAL); {@code Native} sets it before jnr-ffi loads when the
 * launcher did not.
 */
package io.arrowfamfs.nativeio;
