// Products with half-precision weights (see include/CMynaKernels.h): the Whisper decoder's weight matrices kept as
// the file stores them (IEEE binary16) and widened on the fly, so that a decoder step reads half the bytes.
#include "CMynaKernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MYNA_X86 1
#endif

// MARK: - Conversions (portable)

// binary16 → binary32, exact for every input (subnormals normalised, infinities and NaNs kept).
static inline float half_to_float(uint16_t h) {
    const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t exponent = (h >> 10) & 0x1fu, mantissa = h & 0x3ffu, bits;
    if (exponent == 0x1fu) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;
    } else {
        // Subnormal: shift the leading one into the implicit bit.
        exponent = 113u;
        while (!(mantissa & 0x400u)) { mantissa <<= 1; exponent--; }
        bits = sign | (exponent << 23) | ((mantissa & 0x3ffu) << 13);
    }
    float value;
    memcpy(&value, &bits, sizeof value);
    return value;
}

// `half` may sit at any byte offset (CTranslate2 packs tensors without padding): elements are read with memcpy.
void myna_widen_half_portable(long count, const uint16_t *half, float *out) {
    for (long i = 0; i < count; i++) {
        uint16_t bits;
        memcpy(&bits, half + i, sizeof bits);
        out[i] = half_to_float(bits);
    }
}

int myna_narrow_half_exactly_portable(long count, const float *values, uint16_t *out) {
    for (long i = 0; i < count; i++) {
        uint32_t bits;
        memcpy(&bits, &values[i], sizeof bits);
        const uint32_t sign = (bits >> 16) & 0x8000u, magnitude = bits & 0x7fffffffu;
        uint16_t half;
        if (magnitude >= 0x7f800000u) {
            if (magnitude > 0x7f800000u) return 0;    // NaN payloads need not survive: refuse rather than guess
            half = (uint16_t)(sign | 0x7c00u);
        } else if (magnitude >= 0x38800000u) {       // ≥ 2^-14: a normal half if the exponent fits
            const uint32_t exponent = (magnitude >> 23) - 112u;
            if (exponent >= 0x1fu) return 0;
            half = (uint16_t)(sign | (exponent << 10) | ((magnitude >> 13) & 0x3ffu));
        } else {                                      // subnormal half (or zero): value / 2^-24 must be an integer
            const uint32_t exponent = magnitude >> 23;
            if (magnitude == 0) {
                half = (uint16_t)sign;
            } else {
                if (exponent < 103u) return 0;        // below 2^-24
                const uint32_t shift = 126u - exponent; // mantissa with implicit one, scaled to units of 2^-24
                half = (uint16_t)(sign | ((magnitude & 0x7fffffu) | 0x800000u) >> shift);
            }
        }
        // Exact only if widening gives the same bits back (a dropped mantissa bit means the value was not a half).
        const float back = half_to_float(half);
        uint32_t backBits;
        memcpy(&backBits, &back, sizeof backBits);
        if (backBits != bits) return 0;
        out[i] = half;
    }
    return 1;
}

// MARK: - Products (portable)

// The order every variant follows, so that the AVX2 and AVX-512 variants agree bit for bit: 16 lane sums, lane l
// taking p ≡ l (mod 16) for p below k rounded down to 16, reduced as (l, l+8) → (l, l+4) → (l, l+2) → (l, l+1);
// the last k mod 16 products in one sum of their own added after, then the bias. The portable variant rounds each
// product before adding (no fused multiply-add on a baseline CPU), so it differs from the others by rounding only.
static float reduce16(const float s[16]) {
    float t[8], u[4];
    for (int l = 0; l < 8; l++) t[l] = s[l] + s[l + 8];
    for (int l = 0; l < 4; l++) u[l] = t[l] + t[l + 4];
    return (u[0] + u[2]) + (u[1] + u[3]);
}

void myna_half_products_portable(long m, long n, long k, const float *a, long lda, const uint16_t *w,
                                 const float *bias, float *c, long ldc) {
    const long k16 = k - k % 16;
    for (long j = 0; j < n; j++) {
        const uint16_t *row = w + j * k;
        for (long i = 0; i < m; i++) {
            const float *x = a + i * lda;
            float s[16] = {0}, tail = 0;
            for (long p = 0; p < k16; p += 16)
                for (int l = 0; l < 16; l++) s[l] += x[p + l] * half_to_float(row[p + l]);
            for (long p = k16; p < k; p++) tail += x[p] * half_to_float(row[p]);
            c[i * ldc + j] = (reduce16(s) + tail) + (bias ? bias[j] : 0.0f);
        }
    }
}

#ifdef MYNA_X86
// MARK: - AVX2 + F16C + FMA

__attribute__((target("avx2,fma,f16c")))
static inline float reduce8_avx2(__m256 v) {
    const __m128 t = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));   // (l, l+4)
    const __m128 u = _mm_add_ps(t, _mm_movehl_ps(t, t));                                   // (l, l+2)
    return _mm_cvtss_f32(_mm_add_ss(u, _mm_shuffle_ps(u, u, 1)));                          // (l, l+1)
}

// J weight rows × R rows of A: 2·J·R accumulators of 8 lanes (lo: lanes 0–7, hi: 8–15) held over all of k. Each
// element sees the same fused operations in the same order whatever J and R are, so grouping never changes a result.
#define HALF_BLOCK_AVX2(J, R)                                                                                         \
    __attribute__((target("avx2,fma,f16c")))                                                                          \
    static void half_block_avx2_##J##x##R(long k, const float *a, long lda, const uint16_t *w, const float *bias,   \
                                         float *c, long ldc) {                                                        \
        const long k16 = k - k % 16;                                                                                  \
        __m256 lo[J][R], hi[J][R];                                                                                    \
        for (int j = 0; j < J; j++)                                                                                   \
            for (int r = 0; r < R; r++) { lo[j][r] = _mm256_setzero_ps(); hi[j][r] = _mm256_setzero_ps(); }           \
        for (long p = 0; p < k16; p += 16) {                                                                          \
            __m256 w0[J], w1[J];                                                                                      \
            for (int j = 0; j < J; j++) {                                                                             \
                w0[j] = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + j * k + p)));                           \
                w1[j] = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(w + j * k + p + 8)));                       \
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
                for (long p = k16; p < k; p++)                                                                        \
                    tail = __builtin_fmaf(a[r * lda + p], _cvtsh_ss(w[j * k + p]), tail);                             \
                c[r * ldc + j] = (reduce8_avx2(_mm256_add_ps(lo[j][r], hi[j][r])) + tail) + (bias ? bias[j] : 0.0f); \
            }                                                                                                         \
    }

HALF_BLOCK_AVX2(2, 2)
HALF_BLOCK_AVX2(2, 1)
HALF_BLOCK_AVX2(1, 2)
HALF_BLOCK_AVX2(1, 1)

// Pairs of weight rows (four independent chains even for one row of A), A's rows two at a time: every weight
// vector is widened once per pair of rows and stays in registers; the weights stream from memory once per call.
__attribute__((target("avx2,fma,f16c")))
static void half_products_avx2(long m, long n, long k, const float *a, long lda, const uint16_t *w,
                               const float *bias, float *c, long ldc) {
    long j = 0;
    for (; j + 2 <= n; j += 2) {
        const uint16_t *wj = w + j * k;
        const float *bj = bias ? bias + j : NULL;
        long i = 0;
        for (; i + 2 <= m; i += 2) half_block_avx2_2x2(k, a + i * lda, lda, wj, bj, c + i * ldc + j, ldc);
        if (i < m) half_block_avx2_2x1(k, a + i * lda, lda, wj, bj, c + i * ldc + j, ldc);
    }
    if (j < n) {
        const uint16_t *wj = w + j * k;
        const float *bj = bias ? bias + j : NULL;
        long i = 0;
        for (; i + 2 <= m; i += 2) half_block_avx2_1x2(k, a + i * lda, lda, wj, bj, c + i * ldc + j, ldc);
        if (i < m) half_block_avx2_1x1(k, a + i * lda, lda, wj, bj, c + i * ldc + j, ldc);
    }
}

__attribute__((target("avx2,f16c")))
static void widen_half_f16c(long count, const uint16_t *half, float *out) {
    long i = 0;
    for (; i + 8 <= count; i += 8)
        _mm256_storeu_ps(out + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(half + i))));
    for (; i < count; i++) {
        uint16_t bits;
        memcpy(&bits, half + i, sizeof bits);
        out[i] = _cvtsh_ss(bits);
    }
}

// Eight at a time: round to binary16 and back; exact where the bits return unchanged (NaNs refused, as the portable
// variant does), else the portable variant decides from that block on, so both answer alike.
__attribute__((target("avx2,f16c")))
static int narrow_half_exactly_f16c(long count, const float *values, uint16_t *out) {
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 x = _mm256_loadu_ps(values + i);
        const __m128i half = _mm256_cvtps_ph(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        const __m256i same = _mm256_cmpeq_epi32(_mm256_castps_si256(_mm256_cvtph_ps(half)), _mm256_castps_si256(x));
        const __m256 ordered = _mm256_cmp_ps(x, x, _CMP_ORD_Q);
        if ((_mm256_movemask_ps(_mm256_and_ps(_mm256_castsi256_ps(same), ordered)) & 0xff) != 0xff) break;
        _mm_storeu_si128((__m128i *)(out + i), half);
    }
    return myna_narrow_half_exactly_portable(count - i, values + i, out + i);
}
#endif

// MARK: - Dispatch

typedef void (*half_products_fn)(long, long, long, const float *, long, const uint16_t *, const float *, float *, long);
typedef void (*widen_fn)(long, const uint16_t *, float *);
typedef int (*narrow_fn)(long, const float *, uint16_t *);

static half_products_fn chosen_products = myna_half_products_portable;
static widen_fn chosen_widen = myna_widen_half_portable;
static narrow_fn chosen_narrow = myna_narrow_half_exactly_portable;
static const char *chosen_products_path = "portable";

// Chosen once when the library loads, before any thread can call the kernels.
__attribute__((constructor))
static void choose_half_kernels(void) {
#ifdef MYNA_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")) {
        chosen_products = half_products_avx2;
        chosen_widen = widen_half_f16c;
        chosen_narrow = narrow_half_exactly_f16c;
        chosen_products_path = "avx2-fma-f16c";
    }
#endif
}

void myna_half_products(long m, long n, long k, const float *a, long lda, const uint16_t *w, const float *bias,
                        float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    chosen_products(m, n, k, a, lda, w, bias, c, ldc);
}

void myna_widen_half(long count, const uint16_t *half, float *out) {
    if (count > 0) chosen_widen(count, half, out);
}

int myna_narrow_half_exactly(long count, const float *values, uint16_t *out) {
    return count > 0 ? chosen_narrow(count, values, out) : 1;
}

const char *myna_half_products_path(void) { return chosen_products_path; }
