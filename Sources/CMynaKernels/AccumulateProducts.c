// C += A·B with B packed in strips (see include/CMynaKernels.h): the LSTM recurrence's few rows of h times W_hhᵀ
// per frame, run on the calling thread without OpenBLAS's pool.
#include "CMynaKernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MYNA_X86 1
#endif

#define STRIP MYNA_PACK_STRIP

long myna_packed_size(long k, long n) { return ((n + STRIP - 1) / STRIP) * k * STRIP; }

void myna_pack_strips(long k, long n, const float *b, long ldb, float *packed) {
    const long strips = (n + STRIP - 1) / STRIP;
    for (long s = 0; s < strips; s++) {
        const long first = s * STRIP, width = n - first < STRIP ? n - first : STRIP;
        float *out = packed + s * k * STRIP;
        for (long p = 0; p < k; p++) {
            memcpy(out + p * STRIP, b + p * ldb + first, (size_t)width * sizeof(float));
            if (width < STRIP) memset(out + p * STRIP + width, 0, (size_t)(STRIP - width) * sizeof(float));
        }
    }
}

void myna_accumulate_packed_portable(long m, long n, long k, const float *a, long lda, const float *packed,
                                     float *c, long ldc) {
    for (long i = 0; i < m; i++) {
        const float *row = a + i * lda;
        float *out = c + i * ldc;
        for (long j = 0; j < n; j++) {
            const float *column = packed + (j / STRIP) * k * STRIP + j % STRIP;
            float x = out[j];
            for (long p = 0; p < k; p++) x += row[p] * column[p * STRIP];
            out[j] = x;
        }
    }
}

#ifdef MYNA_X86
// ROWS rows × one full strip (two 8-lane vectors per row, 2·ROWS accumulators held over all k). Every element is
// c + Σ fma in ascending p whatever ROWS is, so grouping does not change a row's result.
#define STRIP_ROWS_AVX2(ROWS)                                                                                         \
    __attribute__((target("avx2,fma")))                                                                               \
    static void strip_rows##ROWS(long k, const float *a, long lda, const float *strip, float *c, long ldc) {       \
        __m256 lo[ROWS], hi[ROWS];                                                                                    \
        for (int r = 0; r < ROWS; r++) { lo[r] = _mm256_loadu_ps(c + r * ldc); hi[r] = _mm256_loadu_ps(c + r * ldc + 8); } \
        for (long p = 0; p < k; p++) {                                                                                \
            const __m256 b0 = _mm256_loadu_ps(strip + p * STRIP), b1 = _mm256_loadu_ps(strip + p * STRIP + 8);      \
            for (int r = 0; r < ROWS; r++) {                                                                          \
                const __m256 s = _mm256_broadcast_ss(a + r * lda + p);                                                \
                lo[r] = _mm256_fmadd_ps(s, b0, lo[r]);                                                                \
                hi[r] = _mm256_fmadd_ps(s, b1, hi[r]);                                                                \
            }                                                                                                         \
        }                                                                                                             \
        for (int r = 0; r < ROWS; r++) { _mm256_storeu_ps(c + r * ldc, lo[r]); _mm256_storeu_ps(c + r * ldc + 8, hi[r]); } \
    }

STRIP_ROWS_AVX2(6)
STRIP_ROWS_AVX2(4)
STRIP_ROWS_AVX2(2)
STRIP_ROWS_AVX2(1)

// A partial last strip (n not a multiple of 16): one element at a time with the same fused operation.
__attribute__((target("avx2,fma")))
static void partial_strip(long m, long width, long k, const float *a, long lda, const float *strip, float *c, long ldc) {
    for (long i = 0; i < m; i++) {
        for (long j = 0; j < width; j++) {
            float x = c[i * ldc + j];
            for (long p = 0; p < k; p++) x = __builtin_fmaf(a[i * lda + p], strip[p * STRIP + j], x);
            c[i * ldc + j] = x;
        }
    }
}

__attribute__((target("avx2,fma")))
static void accumulate_avx2(long m, long n, long k, const float *a, long lda, const float *packed, float *c, long ldc) {
    const long strips = (n + STRIP - 1) / STRIP;
    for (long s = 0; s < strips; s++) {
        const float *strip = packed + s * k * STRIP;
        float *cs = c + s * STRIP;
        if (n - s * STRIP < STRIP) {
            partial_strip(m, n - s * STRIP, k, a, lda, strip, cs, ldc);
            continue;
        }
        long i = 0;
        for (; i + 6 <= m; i += 6) strip_rows6(k, a + i * lda, lda, strip, cs + i * ldc, ldc);
        if (i + 4 <= m) { strip_rows4(k, a + i * lda, lda, strip, cs + i * ldc, ldc); i += 4; }
        if (i + 2 <= m) { strip_rows2(k, a + i * lda, lda, strip, cs + i * ldc, ldc); i += 2; }
        if (i < m) strip_rows1(k, a + i * lda, lda, strip, cs + i * ldc, ldc);
    }
}
#endif

typedef void (*accumulate_fn)(long, long, long, const float *, long, const float *, float *, long);

static accumulate_fn chosen = myna_accumulate_packed_portable;
static const char *chosen_path = "portable";

// Chosen once when the library loads, before any thread can call the kernel.
__attribute__((constructor))
static void choose_accumulate(void) {
#ifdef MYNA_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        chosen = accumulate_avx2;
        chosen_path = "avx2-fma";
    }
#endif
}

void myna_accumulate_packed(long m, long n, long k, const float *a, long lda, const float *packed, float *c, long ldc) {
    if (m <= 0 || n <= 0 || k <= 0) return;
    chosen(m, n, k, a, lda, packed, c, ldc);
}

const char *myna_accumulate_packed_path(void) { return chosen_path; }
