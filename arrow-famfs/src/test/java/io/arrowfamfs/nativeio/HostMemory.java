package io.arrowfamfs.nativeio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.Arrays;
import jnr.ffi.Pointer;
import jnr.ffi.provider.AbstractMemoryIO;

/**
 * The memory a simulated host's view reads and writes: the jnr-ffi pointer {@link MappedRegion}
 * calls, sending each access to the host's {@link HostCache}. Only the calls {@code MappedRegion}
 * makes are simulated (and what jnr-ffi's base class builds on them); the others throw, so an accessor added later that uses another one fails
 * in the simulator's tests instead of reading memory past the caches.
 */
final class HostMemory extends AbstractMemoryIO {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final NonCoherentMemory memory;
    private final HostCache cache;
    private final long size;

    HostMemory(NonCoherentMemory memory, HostCache cache, MappedRegion region) {
        super(jnr.ffi.Runtime.getSystemRuntime(), region.address(), true);
        this.memory = memory;
        this.cache = cache;
        this.size = region.length();
    }

    private byte[] load(long offset, int count) {
        byte[] bytes = new byte[count];
        synchronized (memory) {
            cache.load(offset, bytes, 0, count);
        }
        return bytes;
    }

    private void store(long offset, byte[] bytes) {
        synchronized (memory) {
            cache.store(offset, bytes, 0, bytes.length);
        }
    }

    @Override
    public byte getByte(long offset) {
        return load(offset, 1)[0];
    }

    @Override
    public int getInt(long offset) {
        return (int) INT.get(load(offset, 4), 0);
    }

    @Override
    public long getLongLong(long offset) {
        return (long) LONG.get(load(offset, 8), 0);
    }

    @Override
    public void putByte(long offset, byte value) {
        store(offset, new byte[] {value});
    }

    @Override
    public void putInt(long offset, int value) {
        byte[] bytes = new byte[4];
        INT.set(bytes, 0, value);
        store(offset, bytes);
    }

    @Override
    public void putLongLong(long offset, long value) {
        byte[] bytes = new byte[8];
        LONG.set(bytes, 0, value);
        store(offset, bytes);
    }

    @Override
    public void get(long offset, byte[] dst, int index, int count) {
        synchronized (memory) {
            cache.load(offset, dst, index, count);
        }
    }

    @Override
    public void put(long offset, byte[] src, int index, int count) {
        synchronized (memory) {
            cache.store(offset, src, index, count);
        }
    }

    @Override
    public void transferFrom(long offset, Pointer src, long srcOffset, long count) {
        byte[] bytes = new byte[Math.toIntExact(count)];
        src.get(srcOffset, bytes, 0, bytes.length);
        store(offset, bytes);
    }

    @Override
    public void setMemory(long offset, long count, byte value) {
        byte[] bytes = new byte[Math.toIntExact(count)];
        Arrays.fill(bytes, value);
        store(offset, bytes);
    }

    @Override
    public long size() {
        return size;
    }

    private static UnsupportedOperationException notSimulated() {
        return new UnsupportedOperationException("not simulated by NonCoherentMemory: add it to HostMemory");
    }

    @Override
    public boolean hasArray() {
        return false;
    }

    @Override
    public Object array() {
        throw notSimulated();
    }

    @Override
    public int arrayOffset() {
        throw notSimulated();
    }

    @Override
    public int arrayLength() {
        throw notSimulated();
    }

    @Override
    public short getShort(long offset) {
        throw notSimulated();
    }

    @Override
    public float getFloat(long offset) {
        throw notSimulated();
    }

    @Override
    public double getDouble(long offset) {
        throw notSimulated();
    }

    @Override
    public void putShort(long offset, short value) {
        throw notSimulated();
    }

    @Override
    public void putFloat(long offset, float value) {
        throw notSimulated();
    }

    @Override
    public void putDouble(long offset, double value) {
        throw notSimulated();
    }

    @Override
    public void get(long offset, short[] dst, int index, int count) {
        throw notSimulated();
    }

    @Override
    public void put(long offset, short[] src, int index, int count) {
        throw notSimulated();
    }

    @Override
    public void get(long offset, int[] dst, int index, int count) {
        throw notSimulated();
    }

    @Override
    public void put(long offset, int[] src, int index, int count) {
        throw notSimulated();
    }

    @Override
    public void get(long offset, long[] dst, int index, int count) {
        throw notSimulated();
    }

    @Override
    public void put(long offset, long[] src, int index, int count) {
        throw notSimulated();
    }

    @Override
    public void get(long offset, float[] dst, int index, int count) {
        throw notSimulated();
    }

    @Override
    public void put(long offset, float[] src, int index, int count) {
        throw notSimulated();
    }

    @Override
    public void get(long offset, double[] dst, int index, int count) {
        throw notSimulated();
    }

    @Override
    public void put(long offset, double[] src, int index, int count) {
        throw notSimulated();
    }

    @Override
    public Pointer getPointer(long offset) {
        throw notSimulated();
    }

    @Override
    public Pointer getPointer(long offset, long count) {
        throw notSimulated();
    }

    @Override
    public void putPointer(long offset, Pointer value) {
        throw notSimulated();
    }

    @Override
    public String getString(long offset) {
        throw notSimulated();
    }

    @Override
    public String getString(long offset, int count, Charset charset) {
        throw notSimulated();
    }

    @Override
    public void putString(long offset, String value, int count, Charset charset) {
        throw notSimulated();
    }

    @Override
    public int indexOf(long offset, byte value, int count) {
        throw notSimulated();
    }
}
