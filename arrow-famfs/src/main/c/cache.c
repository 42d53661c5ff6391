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

void aff_store_fence(void)
{
    _mm_sfence();
}
