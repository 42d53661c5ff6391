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
 * <p><b>Errors.</b> Messages read {@code what failed: key=value ...}, values with spaces quoted.
 * When the native helper cannot be loaded (not built, not x86-64 Linux), every use of it throws
 * {@link io.arrowfamfs.nativeio.NativeHelperUnavailableException} with a hint; libc-only code
 * paths (files, mappings) never load it.
 *
 * <p><b>Accounting.</b> Live mappings, Arrow C streams and stream slots are counted and published
 * as the platform MBean {@code io.arrowfamfs:type=NativeResources}
 * ({@link io.arrowfamfs.nativeio.NativeResourcesMXBean}), which the test kit checks after every
 * test, with the bytes invalidated on non-coherent memory.
 *
 * <p><b>Simulation seam.</b> {@code MappedRegion.view} and {@code CacheLines} (package-private)
 * let the tests' non-coherence simulator ({@code NonCoherentMemory}, test sources) give each
 * simulated host its own view of a region with private cache lines. Production regions never
 * have one: their accessors read and write the mapping as before.
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
