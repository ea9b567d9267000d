// Unmasked attention of many query rows (the Whisper encoder's self-attention: 1500 frames over 1500 frames per
// head), fused per block of query rows: scores, softmax and the value product while the block's scores are in cache,
// so a head's n × n probabilities never exist whole (see include/CMynaKernels.h).
//
// FlashAttention (Dao et al. 2022) streams the keys with a running maximum and sum. Here a block's whole score rows
// (MYNA_ATTENTION_BLOCK_ROWS × n floats: 144 KB at n = 1500) fit in L2 beside the packed head (768 KB), so the softmax
// is the exact two-pass one, as the sgemm composition computes it, with no rescaling of partial outputs.
#include "CMynaKernels.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MYNA_X86 1
#endif

#define STRIP MYNA_PACK_STRIP
#define BLOCK MYNA_ATTENTION_BLOCK_ROWS
// Keys per chunk of the value product (AVX2 variant).
#ifndef VALUE_CHUNK
#define VALUE_CHUNK 256
#endif

static long strips_of(long count) { return (count + STRIP - 1) / STRIP; }

long myna_attention_packed_size(long n, long k) { return strips_of(n) * k * STRIP + strips_of(k) * n * STRIP; }

long myna_attention_scratch_size(long n, long k) { return BLOCK * (strips_of(n) + strips_of(k)) * STRIP; }

void myna_attention_pack(long n, long k, const float *keys, long ldk, const float *values, long ldv, float *packed) {
    // Keys transposed, 16 at a time: strip s is (k, 16), row p holding element p of keys 16s..<16s+16 (zero past
    // n), so a score tile's 16 columns are one contiguous 64-byte row per p.
    const long key_strips = strips_of(n);
    for (long s = 0; s < key_strips; s++) {
        float *out = packed + s * k * STRIP;
        for (long l = 0; l < STRIP; l++) {
            const long j = s * STRIP + l;
            for (long p = 0; p < k; p++) out[p * STRIP + l] = j < n ? keys[j * ldk + p] : 0.0f;
        }
    }
    // Values as strips of 16 columns, (n, 16) each (zero past k): rows contiguous instead of 4.5 KB apart.
    myna_pack_strips(n, k, values, ldv, packed + key_strips * k * STRIP);
}

// e^x for x ≤ 0 (a score minus its row's maximum) or NaN: the Cephes expf range reduction and degree-6 polynomial
// of MynaTensor's `Kernels.exp` (within 2 ulp); 0 below −87.34, where float32 would be denormal. n = round(x·log2e)
// lies in [−126, 0], so 2ⁿ is one normal float built in the exponent bits.
static inline float exp_nonpositive(float x) {
    if (x < -87.33654f) return 0.0f;
    const float shifter = 12582912.0f;  // 1.5 · 2²³: adding it rounds to an integer held in the low mantissa bits
    const float t = x * 1.44269504088896341f + shifter;
    const float n = t - shifter;
    int32_t t_bits;
    memcpy(&t_bits, &t, sizeof t_bits);
    const int32_t whole = t_bits - 0x4B400000;  // the bits of the shifter
    const float r = x - n * 0.693359375f - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + (r + 1.0f);
    const int32_t power_bits = (whole + 127) << 23;
    float power;
    memcpy(&power, &power_bits, sizeof power);
    return p * power;
}

// out[i][c] = 0 for i < m, c < k: attention over no keys.
static void zero_rows(long m, long k, float *out, long ldo) {
    for (long i = 0; i < m; i++) memset(out + i * ldo, 0, (size_t)k * sizeof(float));
}

// MARK: - Portable

// One row at a time through the scratch's first row: scores, maximum, exponentials and their sum, then each output
// column as Σ_j e_j · v_j / Σ_j e_j, all sums in ascending j.
static void fused_attention_portable(long m, long n, long k, float scale, const float *q, long ldq, const float *packed,
                                     float *scratch, float *out, long ldo) {
    const float *keys = packed, *values = packed + strips_of(n) * k * STRIP;
    float *row = scratch;
    for (long i = 0; i < m; i++) {
        const float *x = q + i * ldq;
        float maximum = -__builtin_inff();
        for (long j = 0; j < n; j++) {
            const float *key = keys + (j / STRIP) * k * STRIP + j % STRIP;
            float dot = 0;
            for (long p = 0; p < k; p++) dot += x[p] * key[p * STRIP];
            row[j] = scale * dot;
            if (row[j] > maximum) maximum = row[j];  // NaN skipped here, but its exp turns the sum into NaN
        }
        float sum = 0;
        for (long j = 0; j < n; j++) {
            row[j] = exp_nonpositive(row[j] - maximum);
            sum += row[j];
        }
        const float inverse = 1.0f / sum;
        for (long c = 0; c < k; c++) {
            const float *value = values + (c / STRIP) * n * STRIP + c % STRIP;
            float acc = 0;
            for (long j = 0; j < n; j++) acc += row[j] * value[j * STRIP];
            out[i * ldo + c] = acc * inverse;
        }
    }
}

void myna_fused_attention_portable(long m, long n, long k, float scale, const float *q, long ldq, const float *packed,
                                   float *scratch, float *out, long ldo) {
    if (m <= 0 || k <= 0) return;
    if (n <= 0) zero_rows(m, k, out, ldo);
    else fused_attention_portable(m, n, k, scale, q, ldq, packed, scratch, out, ldo);
}

#ifdef MYNA_X86
// MARK: - AVX2 + FMA

__attribute__((target("avx2,fma")))
static inline float max8(__m256 v) {
    const __m128 t = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 u = _mm_max_ps(t, _mm_movehl_ps(t, t));
    return _mm_cvtss_f32(_mm_max_ss(u, _mm_shuffle_ps(u, u, 1)));
}

__attribute__((target("avx2,fma")))
static inline float sum8(__m256 v) {
    const __m128 t = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 u = _mm_add_ps(t, _mm_movehl_ps(t, t));
    return _mm_cvtss_f32(_mm_add_ss(u, _mm_shuffle_ps(u, u, 1)));
}

// `exp_nonpositive` on eight lanes (the same steps, the products fused).
__attribute__((target("avx2,fma")))
static inline __m256 exp8_nonpositive(__m256 x) {
    const __m256 underflow = _mm256_cmp_ps(x, _mm256_set1_ps(-87.33654f), _CMP_LT_OQ);
    const __m256 shifter = _mm256_set1_ps(12582912.0f);
    const __m256 t = _mm256_fmadd_ps(x, _mm256_set1_ps(1.44269504088896341f), shifter);
    const __m256 n = _mm256_sub_ps(t, shifter);
    const __m256i whole = _mm256_sub_epi32(_mm256_castps_si256(t), _mm256_set1_epi32(0x4B400000));
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    p = _mm256_fmadd_ps(p, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
    const __m256 power = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(whole, _mm256_set1_epi32(127)), 23));
    return _mm256_andnot_ps(underflow, _mm256_mul_ps(p, power));  // lanes below −87.34 (and −∞) → 0
}

// row[j] ← e^(row[j] − max) for j < n; returns 1 / Σ_j row[j].
__attribute__((target("avx2,fma")))
static float softmax_row_avx2(long n, float *row) {
    const long n8 = n - n % 8;
    __m256 maxima = _mm256_set1_ps(-__builtin_inff());
    for (long j = 0; j < n8; j += 8) maxima = _mm256_max_ps(maxima, _mm256_loadu_ps(row + j));
    float maximum = max8(maxima);
    for (long j = n8; j < n; j++) maximum = row[j] > maximum ? row[j] : maximum;
    const __m256 shift = _mm256_set1_ps(maximum);
    __m256 sums = _mm256_setzero_ps();
    for (long j = 0; j < n8; j += 8) {
        const __m256 e = exp8_nonpositive(_mm256_sub_ps(_mm256_loadu_ps(row + j), shift));
        _mm256_storeu_ps(row + j, e);
        sums = _mm256_add_ps(sums, e);
    }
    float sum = sum8(sums);
    for (long j = n8; j < n; j++) {
        row[j] = exp_nonpositive(row[j] - maximum);
        sum += row[j];
    }
    return 1.0f / sum;
}

// Scores of ROWS query rows × one 16-key strip: 2·ROWS accumulators over all k (12 of the 16 ymm registers at 6
// rows), the strip's row p loaded once for all rows. s[r][0..<16] = scale · Σ_p q[r][p] · strip[p][·].
#define SCORE_TILE(ROWS)                                                                                              \
    __attribute__((target("avx2,fma")))                                                                               \
    static void score_tile##ROWS(long k, float scale, const float *q, long ldq, const float *strip, float *s,       \
                                 long lds) {                                                                          \
        __m256 lo[ROWS], hi[ROWS];                                                                                    \
        for (int r = 0; r < ROWS; r++) { lo[r] = _mm256_setzero_ps(); hi[r] = _mm256_setzero_ps(); }                 \
        for (long p = 0; p < k; p++) {                                                                                \
            const __m256 b0 = _mm256_loadu_ps(strip + p * STRIP), b1 = _mm256_loadu_ps(strip + p * STRIP + 8);      \
            for (int r = 0; r < ROWS; r++) {                                                                          \
                const __m256 a = _mm256_broadcast_ss(q + r * ldq + p);                                                \
                lo[r] = _mm256_fmadd_ps(a, b0, lo[r]);                                                                \
                hi[r] = _mm256_fmadd_ps(a, b1, hi[r]);                                                                \
            }                                                                                                         \
        }                                                                                                             \
        const __m256 factor = _mm256_set1_ps(scale);                                                                  \
        for (int r = 0; r < ROWS; r++) {                                                                              \
            _mm256_storeu_ps(s + r * lds, _mm256_mul_ps(factor, lo[r]));                                             \
            _mm256_storeu_ps(s + r * lds + 8, _mm256_mul_ps(factor, hi[r]));                                         \
        }                                                                                                             \
    }

// Value sums of ROWS rows × one 16-column value strip over `count` keys: acc[r][c] (+)= Σ_j e[r][j] · strip[j][c],
// the same register tile as the scores with keys in place of k; `first` starts the sums from zero.
#define VALUE_TILE(ROWS)                                                                                              \
    __attribute__((target("avx2,fma")))                                                                               \
    static void value_tile##ROWS(long count, const float *e, long lde, const float *strip, float *acc, long ldacc,   \
                                 int first) {                                                                         \
        __m256 lo[ROWS], hi[ROWS];                                                                                    \
        for (int r = 0; r < ROWS; r++) {                                                                              \
            lo[r] = first ? _mm256_setzero_ps() : _mm256_loadu_ps(acc + r * ldacc);                                   \
            hi[r] = first ? _mm256_setzero_ps() : _mm256_loadu_ps(acc + r * ldacc + 8);                               \
        }                                                                                                             \
        for (long j = 0; j < count; j++) {                                                                            \
            const __m256 b0 = _mm256_loadu_ps(strip + j * STRIP), b1 = _mm256_loadu_ps(strip + j * STRIP + 8);      \
            for (int r = 0; r < ROWS; r++) {                                                                          \
                const __m256 a = _mm256_broadcast_ss(e + r * lde + j);                                                \
                lo[r] = _mm256_fmadd_ps(a, b0, lo[r]);                                                                \
                hi[r] = _mm256_fmadd_ps(a, b1, hi[r]);                                                                \
            }                                                                                                         \
        }                                                                                                             \
        for (int r = 0; r < ROWS; r++) {                                                                              \
            _mm256_storeu_ps(acc + r * ldacc, lo[r]);                                                                 \
            _mm256_storeu_ps(acc + r * ldacc + 8, hi[r]);                                                             \
        }                                                                                                             \
    }

SCORE_TILE(6)
SCORE_TILE(4)
SCORE_TILE(2)
SCORE_TILE(1)
VALUE_TILE(6)
VALUE_TILE(4)
VALUE_TILE(2)
VALUE_TILE(1)

// Per block of up to BLOCK query rows: (rows, n) scores strip by strip (each 4 KB key strip stays in L1 for all the
// block's row tiles), the softmax's exponentials in place, then the value product in chunks of VALUE_CHUNK keys, each
// chunk of a 16-column value strip (16 KB) read from L1 by all the block's row tiles; the sums wait in `acc`, after
// the scores in the scratch. (Chunks of 64 to all n keys measured within noise of each other, 41–57 ms per 6 heads on
// one Zen 4 core.) Every element goes through the same operations whichever tile, chunk or block holds its row, so a
// row's output does not depend on m.
__attribute__((target("avx2,fma")))
static void fused_attention_avx2(long m, long n, long k, float scale, const float *q, long ldq, const float *packed,
                                 float *scratch, float *out, long ldo) {
    const long key_strips = strips_of(n), lds = key_strips * STRIP, value_strips = strips_of(k);
    const long ldacc = value_strips * STRIP;
    const float *keys = packed, *values = packed + key_strips * k * STRIP;
    float *acc = scratch + BLOCK * lds;  // (BLOCK, ldacc)
    for (long first = 0; first < m; first += BLOCK) {
        const long rows = m - first < BLOCK ? m - first : BLOCK;
        const float *qb = q + first * ldq;
        for (long s = 0; s < key_strips; s++) {
            const float *strip = keys + s * k * STRIP;
            float *sb = scratch + s * STRIP;
            long i = 0;
            for (; i + 6 <= rows; i += 6) score_tile6(k, scale, qb + i * ldq, ldq, strip, sb + i * lds, lds);
            if (i + 4 <= rows) { score_tile4(k, scale, qb + i * ldq, ldq, strip, sb + i * lds, lds); i += 4; }
            if (i + 2 <= rows) { score_tile2(k, scale, qb + i * ldq, ldq, strip, sb + i * lds, lds); i += 2; }
            if (i < rows) score_tile1(k, scale, qb + i * ldq, ldq, strip, sb + i * lds, lds);
        }
        float inverse[BLOCK];
        for (long i = 0; i < rows; i++) inverse[i] = softmax_row_avx2(n, scratch + i * lds);
        for (long j0 = 0; j0 < n; j0 += VALUE_CHUNK) {
            const long count = n - j0 < VALUE_CHUNK ? n - j0 : VALUE_CHUNK;
            const float *e = scratch + j0;
            const int start = j0 == 0;
            for (long c = 0; c < value_strips; c++) {
                const float *strip = values + c * n * STRIP + j0 * STRIP;
                float *ac = acc + c * STRIP;
                long i = 0;
                for (; i + 6 <= rows; i += 6) value_tile6(count, e + i * lds, lds, strip, ac + i * ldacc, ldacc, start);
                if (i + 4 <= rows) { value_tile4(count, e + i * lds, lds, strip, ac + i * ldacc, ldacc, start); i += 4; }
                if (i + 2 <= rows) { value_tile2(count, e + i * lds, lds, strip, ac + i * ldacc, ldacc, start); i += 2; }
                if (i < rows) value_tile1(count, e + i * lds, lds, strip, ac + i * ldacc, ldacc, start);
            }
        }
        for (long i = 0; i < rows; i++) {
            const float w = inverse[i];
            const float *sums = acc + i * ldacc;
            float *o = out + (first + i) * ldo;
            for (long c = 0; c < k; c++) o[c] = sums[c] * w;
        }
    }
}
#endif

// MARK: - Dispatch

typedef void (*fused_fn)(long, long, long, float, const float *, long, const float *, float *, float *, long);

static fused_fn chosen_fused = fused_attention_portable;
static const char *chosen_fused_path = "portable";

__attribute__((constructor))
static void choose_fused_attention(void) {
#ifdef MYNA_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        chosen_fused = fused_attention_avx2;
        chosen_fused_path = "avx2-fma";
    }
#endif
}

void myna_fused_attention(long m, long n, long k, float scale, const float *q, long ldq, const float *packed,
                          float *scratch, float *out, long ldo) {
    if (m <= 0 || k <= 0) return;
    if (n <= 0) zero_rows(m, k, out, ldo);
    else chosen_fused(m, n, k, scale, q, ldq, packed, scratch, out, ldo);
}

const char *myna_fused_attention_path(void) { return chosen_fused_path; }
