/*
 * CPU cache maintenance for arrow-famfs: the instructions Java cannot issue.
 *
 * famfs leaves data coherence to applications. On memory shared between hosts without
 * hardware coherence, a writer must write its dirty cache lines back before publishing,
 * and a reader must drop stale lines before reading what was published. These routines
 * follow famfs's fcc-x86_64.c policy: write back with CLWB, else CLFLUSHOPT, else CLFLUSH,
 * then SFENCE; invalidate with CLFLUSHOPT, else CLFLUSH, then SFENCE. The instruction is
 * chosen once from CPUID.
 *
 * Bound from Java by io.arrowfamfs.nativeio.Bindings.HelperLib (jnr-ffi). Every function takes a
 * raw address range that the Java side has already bounds-checked against a live mapping.
 */
#include <cpuid.h>
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#define LINE 64u

enum {
    AFF_CPU_CLFLUSH = 1 << 0,
    AFF_CPU_CLFLUSHOPT = 1 << 1,
    AFF_CPU_CLWB = 1 << 2,
};

/* Bit mask of AFF_CPU_* the processor supports. */
int aff_cpu_features(void)
{
    unsigned a, b, c, d;
    int features = 0;
    if (__get_cpuid(1, &a, &b, &c, &d) && (d & (1u << 19)))
        features |= AFF_CPU_CLFLUSH;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if (b & (1u << 23))
            features |= AFF_CPU_CLFLUSHOPT;
        if (b & (1u << 24))
            features |= AFF_CPU_CLWB;
    }
    return features;
}

__attribute__((target("clwb"))) static void write_back_clwb(uintptr_t p, uintptr_t end)
{
    for (; p < end; p += LINE)
        _mm_clwb((void *)p);
}

__attribute__((target("clflushopt"))) static void flush_clflushopt(uintptr_t p, uintptr_t end)
{
    for (; p < end; p += LINE)
        _mm_clflushopt((void *)p);
}

static void flush_clflush(uintptr_t p, uintptr_t end)
{
    for (; p < end; p += LINE)
        _mm_clflush((void *)p);
}

/* Write back [addr, addr+len) using the given AFF_CPU_* instruction, then SFENCE. */
void aff_write_back(uint64_t addr, uint64_t len, int instruction)
{
    uintptr_t p = (uintptr_t)addr & ~(uintptr_t)(LINE - 1);
    uintptr_t end = (uintptr_t)(addr + len);
    if (instruction == AFF_CPU_CLWB)
        write_back_clwb(p, end);
    else if (instruction == AFF_CPU_CLFLUSHOPT)
        flush_clflushopt(p, end);
    else
        flush_clflush(p, end);
    _mm_sfence();
}

/* Drop [addr, addr+len) from the caches using the given AFF_CPU_* instruction, then SFENCE. */
void aff_invalidate(uint64_t addr, uint64_t len, int instruction)
{
    uintptr_t p = (uintptr_t)addr & ~(uintptr_t)(LINE - 1);
    uintptr_t end = (uintptr_t)(addr + len);
    if (instruction == AFF_CPU_CLFLUSHOPT)
        flush_clflushopt(p, end);
    else
        flush_clflush(p, end);
    _mm_sfence();
}

/*
 * Copy [src, src+len) to [dst, dst+len) so that the bytes are in memory, not only in this CPU's
 * cache, when it returns: the whole 64-byte lines of dst with non-temporal stores (no read for
 * ownership, nothing left to write back), the partial lines at either end with ordinary stores
 * written back with the given AFF_CPU_* instruction, then SFENCE. For bulk data going to memory
 * other hosts read, this is faster than a copy followed by a write-back of every line.
 */
void aff_copy_through(uint64_t dst, uint64_t src, uint64_t len, int instruction)
{
    uintptr_t d = (uintptr_t)dst;
    const unsigned char *s = (const unsigned char *)(uintptr_t)src;
    uintptr_t first = (d + LINE - 1) & ~(uintptr_t)(LINE - 1);
    uintptr_t last = (d + len) & ~(uintptr_t)(LINE - 1);
    if (first >= last) {
        memcpy((void *)d, s, len);
        aff_write_back(d, len, instruction);
        return;
    }
    size_t head = first - d;
    size_t tail = d + len - last;
    if (head) {
        memcpy((void *)d, s, head);
        aff_write_back(d, head, instruction);
    }
    for (uintptr_t p = first; p < last; p += LINE) {
        const __m128i *from = (const __m128i *)(s + (p - d));
        __m128i a = _mm_loadu_si128(from);
        __m128i b = _mm_loadu_si128(from + 1);
        __m128i c = _mm_loadu_si128(from + 2);
        __m128i e = _mm_loadu_si128(from + 3);
        _mm_stream_si128((__m128i *)p, a);
        _mm_stream_si128((__m128i *)p + 1, b);
        _mm_stream_si128((__m128i *)p + 2, c);
        _mm_stream_si128((__m128i *)p + 3, e);
    }
    if (tail) {
        memcpy((void *)last, s + (last - d), tail);
        aff_write_back(last, tail, instruction);
    }
    _mm_sfence();
}

void aff_store_fence(void)
{
    _mm_sfence();
}
