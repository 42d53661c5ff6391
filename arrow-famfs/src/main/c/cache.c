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
    AFF_CPU_CRC32 = 1 << 3,
};

/* Bit mask of AFF_CPU_* the processor supports. */
int aff_cpu_features(void)
{
    unsigned a, b, c, d;
    int features = 0;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        if (d & (1u << 19))
            features |= AFF_CPU_CLFLUSH;
        if (c & (1u << 20))
            features |= AFF_CPU_CRC32; /* SSE4.2 */
    }
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
/* aff_copy_through without its closing SFENCE. */
static void copy_through(uintptr_t d, const unsigned char *s, size_t len, int instruction)
{
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
}

void aff_copy_through(uint64_t dst, uint64_t src, uint64_t len, int instruction)
{
    copy_through((uintptr_t)dst, (const unsigned char *)(uintptr_t)src, len, instruction);
    _mm_sfence();
}

/* Bytes checksummed (and their values compared) before they are copied: they are still in L1. */
#define BLOCK 4096u
/*
 * A whole block is checksummed as three streams of STREAM bytes (the CRC32 instruction's latency
 * is three times its throughput), then the last BLOCK - 3 * STREAM bytes in one.
 */
#define STREAM 1360u

/*
 * shift[k][v]: the CRC register v << 8k after STREAM zero bytes. Appending STREAM bytes to data
 * whose register is r gives shift(r) ^ (register of those bytes from 0): the three streams' CRCs
 * combine into the block's. Filled when the library loads, on CPUs with SSE4.2.
 */
static uint32_t shift[4][256];

/* CRC32C register over [s, s+len), no pre- or post-inversion. */
__attribute__((target("sse4.2"))) static uint64_t crc_bytes(uint64_t x, const unsigned char *s, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        x = _mm_crc32_u64(x, v);
    }
    for (; i < len; i++)
        x = _mm_crc32_u8((uint32_t)x, s[i]);
    return x;
}

__attribute__((target("sse4.2"))) static uint32_t zeros_after(uint32_t r)
{
    uint64_t x = r;
    for (unsigned i = 0; i < STREAM; i += 8)
        x = _mm_crc32_u64(x, 0);
    return (uint32_t)x;
}

__attribute__((constructor)) static void fill_shift(void)
{
    if (!__builtin_cpu_supports("sse4.2"))
        return;
    uint32_t bit[32];
    for (int b = 0; b < 32; b++)
        bit[b] = zeros_after(1u << b); /* linear in r: the table entries are sums of these */
    for (int k = 0; k < 4; k++)
        for (int v = 0; v < 256; v++) {
            uint32_t sum = 0;
            for (int b = 0; b < 8; b++)
                if (v & (1 << b))
                    sum ^= bit[8 * k + b];
            shift[k][v] = sum;
        }
}

static inline uint32_t shifted(uint32_t r)
{
    return shift[0][r & 0xff] ^ shift[1][(r >> 8) & 0xff] ^ shift[2][(r >> 16) & 0xff] ^ shift[3][r >> 24];
}

/* The register over one whole block continued from x, in three streams. */
__attribute__((target("sse4.2"))) static uint64_t crc_block(uint64_t x, const unsigned char *s)
{
    const unsigned char *b = s + STREAM, *c = s + 2 * STREAM;
    uint64_t y = 0, z = 0;
    for (unsigned i = 0; i < STREAM; i += 8) {
        uint64_t u, v, w;
        memcpy(&u, s + i, 8);
        memcpy(&v, b + i, 8);
        memcpy(&w, c + i, 8);
        x = _mm_crc32_u64(x, u);
        y = _mm_crc32_u64(y, v);
        z = _mm_crc32_u64(z, w);
    }
    x = shifted((uint32_t)x) ^ (uint32_t)y;
    x = shifted((uint32_t)x) ^ (uint32_t)z;
    return crc_bytes(x, s + 3 * STREAM, BLOCK - 3 * STREAM);
}

/* Folds the whole 8-byte values of [s, s+len) (signed, little-endian) into minmax. */
static void min_max(const unsigned char *s, size_t len, int64_t *minmax)
{
    for (size_t i = 0; i + 8 <= len; i += 8) {
        int64_t v;
        memcpy(&v, s + i, 8);
        minmax[0] = v < minmax[0] ? v : minmax[0];
        minmax[1] = v > minmax[1] ? v : minmax[1];
    }
}

/* min_max over a whole block, eight values at a time. */
__attribute__((target("avx512f"))) static void min_max_block_512(const unsigned char *s, int64_t *minmax)
{
    __m512i lo = _mm512_set1_epi64(minmax[0]), hi = _mm512_set1_epi64(minmax[1]);
    for (unsigned i = 0; i < BLOCK; i += LINE) {
        __m512i v = _mm512_loadu_si512(s + i);
        lo = _mm512_min_epi64(lo, v);
        hi = _mm512_max_epi64(hi, v);
    }
    minmax[0] = _mm512_reduce_min_epi64(lo);
    minmax[1] = _mm512_reduce_max_epi64(hi);
}

/*
 * CRC32C (Castagnoli) of [addr, addr+len) continued from crc, a value as java.util.zip.CRC32C's
 * getValue() gives it (0 for no bytes yet). Needs SSE4.2 (AFF_CPU_CRC32).
 */
uint32_t aff_crc32c(uint32_t crc, uint64_t addr, uint64_t len)
{
    return ~(uint32_t)crc_bytes(~crc, (const unsigned char *)(uintptr_t)addr, len);
}

/* Whole lines [d, d+len) from s with 64-byte non-temporal stores; d is line-aligned. */
__attribute__((target("avx512f"))) static void stream_lines_512(uintptr_t d, const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i += LINE)
        _mm512_stream_si512((void *)(d + i), _mm512_loadu_si512(s + i));
}

/*
 * aff_copy_through that also returns the CRC32C of the bytes continued from crc (as aff_crc32c)
 * and, when minmax is not 0, folds the bytes, read as little-endian signed 64-bit values, into
 * minmax[0] (least) and minmax[1] (greatest); a last partial value is checksummed, not compared.
 * One read of the source: each 4 KiB is checksummed and compared, then copied while in L1 (with
 * 64-byte non-temporal stores where AVX-512 has them and the block covers whole lines).
 * Needs SSE4.2 (AFF_CPU_CRC32).
 */
uint32_t aff_copy_through_crc(uint64_t dst, uint64_t src, uint64_t len, int instruction, uint32_t crc, uint64_t minmax)
{
    const unsigned char *s = (const unsigned char *)(uintptr_t)src;
    int64_t *range = (int64_t *)(uintptr_t)minmax;
    int avx512 = __builtin_cpu_supports("avx512f");
    int wide = avx512 && dst % LINE == 0;
    uint64_t x = ~crc;
    for (uint64_t at = 0; at < len; at += BLOCK) {
        size_t n = len - at < BLOCK ? len - at : BLOCK;
        x = n == BLOCK ? crc_block(x, s + at) : crc_bytes(x, s + at, n);
        if (range && avx512 && n == BLOCK)
            min_max_block_512(s + at, range);
        else if (range)
            min_max(s + at, n, range);
        if (wide && n == BLOCK)
            stream_lines_512((uintptr_t)(dst + at), s + at, n);
        else
            copy_through((uintptr_t)(dst + at), s + at, n, instruction);
    }
    _mm_sfence();
    return ~(uint32_t)x;
}

void aff_store_fence(void)
{
    _mm_sfence();
}
