// The two products of attention for a few query rows (a decoder step: one new token per beam hypothesis), on the
// calling thread (see include/CMynaKernels.h): OpenBLAS would hand each of these small products to its thread pool,
// whose workers then spin between them.
#include "CMynaKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MYNA_X86 1
#endif

// MARK: - Portable

// Same order as the vector variant: 16 lane sums (lane l takes p ≡ l mod 16 below k rounded down to 16), reduced
// (l, l+8) → (l, l+4) → (l, l+2) → (l, l+1), then the last k mod 16 products, then the scale.
void myna_scaled_row_dots_portable(long m, long n, long k, float scale, const float *a, long lda, const float *b,
                                   long ldb, float *c, long ldc) {
    const long k16 = k - k % 16;
    for (long j = 0; j < n; j++) {
        const float *row = b + j * ldb;
        for (long i = 0; i < m; i++) {
            const float *x = a + i * lda;
            float s[16] = {0}, tail = 0, t[8], u[4];
            for (long p = 0; p < k16; p += 16)
                for (int l = 0; l < 16; l++) s[l] += x[p + l] * row[p + l];
            for (long p = k16; p < k; p++) tail += x[p] * row[p];
            for (int l = 0; l < 8; l++) t[l] = s[l] + s[l + 8];
            for (int l = 0; l < 4; l++) u[l] = t[l] + t[l + 4];
            c[i * ldc + j] = scale * (((u[0] + u[2]) + (u[1] + u[3])) + tail);
        }
    }
}

// Each element sums its n products in ascending j from zero.
void myna_weighted_rows_portable(long m, long n, long k, const float *p, long ldp, const float *b, long ldb,
                                 float *c, long ldc) {
    for (long i = 0; i < m; i++) {
        float *out = c + i * ldc;
        for (long col = 0; col < k; col++) out[col] = 0;
        for (long j = 0; j < n; j++) {
            const float weight = p[i * ldp + j];
            const float *row = b + j * ldb;
            for (long col = 0; col < k; col++) out[col] += weight * row[col];
        }
    }
}

#ifdef MYNA_X86
// MARK: - AVX2 + FMA

__attribute__((target("avx2,fma")))
static inline float reduce8(__m256 v) {
    const __m128 t = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 u = _mm_add_ps(t, _mm_movehl_ps(t, t));
    return _mm_cvtss_f32(_mm_add_ss(u, _mm_shuffle_ps(u, u, 1)));
}

// J rows of B × R rows of A, 2·J·R accumulators over all of k; grouping never changes an element's operations.
#define DOTS_BLOCK(J, R)                                                                                              \
    __attribute__((target("avx2,fma")))                                                                               \
    static void dots_block_##J##x##R(long k, float scale, const float *a, long lda, const float *b, long ldb,        \
                                     float *c, long ldc) {                                                            \
        const long k16 = k - k % 16;                                                                                  \
        __m256 lo[J][R], hi[J][R];                                                                                    \
        for (int j = 0; j < J; j++)                                                                                   \
            for (int r = 0; r < R; r++) { lo[j][r] = _mm256_setzero_ps(); hi[j][r] = _mm256_setzero_ps(); }           \
        for (long p = 0; p < k16; p += 16) {                                                                          \
            __m256 w0[J], w1[J];                                                                                      \
            for (int j = 0; j < J; j++) {                                                                             \
                w0[j] = _mm256_loadu_ps(b + j * ldb + p);                                                             \
                w1[j] = _mm256_loadu_ps(b + j * ldb + p + 8);                                                         \
            }                                                                                                         \
            for (int r = 0; r < R; r++) {                                                                             \
                const __m256 x0 = _mm256_loadu_ps(a + r * lda + p), x1 = _mm256_loadu_ps(a + r * lda + p + 8);        \
                for (int j = 0; j < J; j++) {                                                                         \
                    lo[j][r] = _mm256_fmadd_ps(x0, w0[j], lo[j][r]);                                                  \
                    hi[j][r] = _mm256_fmadd_ps(x1, w1[j], hi[j][r]);                                                  \
                }                                                                                                     \
            }                                                                                                         \
        }                                                                                                             \
        for (int j = 0; j < J; j++)                                                                                   \
            for (int r = 0; r < R; r++) {                                                                             \
                float tail = 0;                                                                                       \
                for (long p = k16; p < k; p++) tail = __builtin_fmaf(a[r * lda + p], b[j * ldb + p], tail);           \
                c[r * ldc + j] = scale * (reduce8(_mm256_add_ps(lo[j][r], hi[j][r])) + tail);                         \
            }                                                                                                         \
    }

DOTS_BLOCK(2, 2)
DOTS_BLOCK(2, 1)
DOTS_BLOCK(1, 2)
DOTS_BLOCK(1, 1)

__attribute__((target("avx2,fma")))
static void scaled_row_dots_avx2(long m, long n, long k, float scale, const float *a, long lda, const float *b,
                                 long ldb, float *c, long ldc) {
    long j = 0;
    for (; j + 2 <= n; j += 2) {
        long i = 0;
        for (; i + 2 <= m; i += 2) dots_block_2x2(k, scale, a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc);
        if (i < m) dots_block_2x1(k, scale, a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc);
    }
    if (j < n) {
        long i = 0;
        for (; i + 2 <= m; i += 2) dots_block_1x2(k, scale, a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc);
        if (i < m) dots_block_1x1(k, scale, a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc);
    }
}

// Two rows of C × 32 columns: eight accumulators, each value row read once for both.
__attribute__((target("avx2,fma")))
static void weighted_pair32(long n, const float *p, long ldp, const float *b, long ldb, float *c, long ldc) {
    __m256 s[2][4];
    for (int r = 0; r < 2; r++)
        for (int v = 0; v < 4; v++) s[r][v] = _mm256_setzero_ps();
    for (long j = 0; j < n; j++) {
        const float *row = b + j * ldb;
        const __m256 x0 = _mm256_loadu_ps(row), x1 = _mm256_loadu_ps(row + 8), x2 = _mm256_loadu_ps(row + 16),
                     x3 = _mm256_loadu_ps(row + 24);
        for (int r = 0; r < 2; r++) {
            const __m256 w = _mm256_broadcast_ss(p + r * ldp + j);
            s[r][0] = _mm256_fmadd_ps(w, x0, s[r][0]);
            s[r][1] = _mm256_fmadd_ps(w, x1, s[r][1]);
            s[r][2] = _mm256_fmadd_ps(w, x2, s[r][2]);
            s[r][3] = _mm256_fmadd_ps(w, x3, s[r][3]);
        }
    }
    for (int r = 0; r < 2; r++)
        for (int v = 0; v < 4; v++) _mm256_storeu_ps(c + r * ldc + 8 * v, s[r][v]);
}

// Row pairs over blocks of 32 columns; then one row at a time, 32 columns (four accumulators) per pass over the n
// rows of B, then 8, then one. Every element is the same chain of fused operations in ascending j either way.
__attribute__((target("avx2,fma")))
static void weighted_rows_avx2(long m, long n, long k, const float *p, long ldp, const float *b, long ldb,
                               float *c, long ldc) {
    const long k32 = k - k % 32;
    long first = 0;
    for (; first + 2 <= m; first += 2)
        for (long col = 0; col < k32; col += 32)
            weighted_pair32(n, p + first * ldp, ldp, b + col, ldb, c + first * ldc + col, ldc);
    for (long i = 0; i < m; i++) {
        const float *weights = p + i * ldp;
        float *out = c + i * ldc;
        long col = i < first ? k32 : 0;    // the pairs' 32-column blocks are done
        for (; col + 32 <= k; col += 32) {
            __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
            for (long j = 0; j < n; j++) {
                const __m256 w = _mm256_broadcast_ss(weights + j);
                const float *row = b + j * ldb + col;
                s0 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row), s0);
                s1 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 8), s1);
                s2 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 16), s2);
                s3 = _mm256_fmadd_ps(w, _mm256_loadu_ps(row + 24), s3);
            }
            _mm256_storeu_ps(out + col, s0);
            _mm256_storeu_ps(out + col + 8, s1);
            _mm256_storeu_ps(out + col + 16, s2);
            _mm256_storeu_ps(out + col + 24, s3);
        }
        for (; col + 8 <= k; col += 8) {
            __m256 s = _mm256_setzero_ps();
            for (long j = 0; j < n; j++) s = _mm256_fmadd_ps(_mm256_broadcast_ss(weights + j), _mm256_loadu_ps(b + j * ldb + col), s);
            _mm256_storeu_ps(out + col, s);
        }
        for (; col < k; col++) {
            float s = 0;
            for (long j = 0; j < n; j++) s = __builtin_fmaf(weights[j], b[j * ldb + col], s);
            out[col] = s;
        }
    }
}
#endif

// MARK: - Dispatch

typedef void (*dots_fn)(long, long, long, float, const float *, long, const float *, long, float *, long);
typedef void (*weighted_fn)(long, long, long, const float *, long, const float *, long, float *, long);

static dots_fn chosen_dots = myna_scaled_row_dots_portable;
static weighted_fn chosen_weighted = myna_weighted_rows_portable;
static const char *chosen_attention_path = "portable";

__attribute__((constructor))
static void choose_attention_rows(void) {
#ifdef MYNA_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        chosen_dots = scaled_row_dots_avx2;
        chosen_weighted = weighted_rows_avx2;
        chosen_attention_path = "avx2-fma";
    }
#endif
}

void myna_scaled_row_dots(long m, long n, long k, float scale, const float *a, long lda, const float *b, long ldb,
                          float *c, long ldc) {
    if (m > 0 && n > 0) chosen_dots(m, n, k, scale, a, lda, b, ldb, c, ldc);
}

void myna_weighted_rows(long m, long n, long k, const float *p, long ldp, const float *b, long ldb, float *c, long ldc) {
    if (m > 0 && k > 0) chosen_weighted(m, n, k, p, ldp, b, ldb, c, ldc);
}

const char *myna_attention_rows_path(void) { return chosen_attention_path; }
