#ifndef C_MYNA_KERNELS_H
#define C_MYNA_KERNELS_H

#include <stdint.h>

/// Myna's own hot kernels in C (DESIGN.md §5): each has a portable variant and variants compiled for wider vector
/// units with `__attribute__((target(...)))`, one of which is chosen once, at load, from the CPU's features.
/// They never touch a library's global state (OpenBLAS's thread count above all), so any number of threads may call
/// them at once on disjoint outputs.

/// Columns per strip of a packed right-hand matrix.
#define MYNA_PACK_STRIP 16

/// Floats a packed `k × n` matrix takes: `ceil(n / 16)` strips of `k × 16`, the last padded with zeros.
long myna_packed_size(long k, long n);

/// Packs the row-major `k × n` matrix `b` (row stride `ldb`) strip by strip into `packed` (`myna_packed_size`
/// floats): strip s holds columns 16s..<16s+16 of every row, row after row, so that one strip is contiguous and stays
/// in L1 while many rows of A run over it (a row-major B with a stride of 4 KB maps every row to the same cache set).
void myna_pack_strips(long k, long n, const float *b, long ldb, float *packed);

/// `C[i][j] += Σ_p A[i][p] · B[p][j]` for i < m, j < n, p < k; A and C row-major with row strides lda, ldc (elements),
/// B packed by `myna_pack_strips`.
///
/// Each element sums its k products in ascending p into C's previous value, in the same order and with the same
/// operations whatever m is and whichever rows share the call: a row's result does not depend on its neighbours.
void myna_accumulate_packed(long m, long n, long k, const float *a, long lda, const float *packed, float *c, long ldc);

/// The portable variant itself, for tests that compare it with the chosen one.
void myna_accumulate_packed_portable(long m, long n, long k, const float *a, long lda, const float *packed,
                                     float *c, long ldc);

/// The variant `myna_accumulate_packed` runs on this CPU: "avx2-fma" or "portable".
const char *myna_accumulate_packed_path(void);

// MARK: - Half-precision weights (HalfProducts.c)

/// `C[i][j] = Σ_p A[i][p] · W[j][p] + bias[j]` for i < m, j < n, p < k: rows of A (float, row stride lda) times the
/// transpose of W, an `n × k` row-major matrix of IEEE binary16 values widened on the fly; `bias` may be NULL (zero).
/// C's previous contents are ignored. Reads W once per call whatever m is.
///
/// Every element is summed in one fixed order (16 lane sums, a fixed reduction tree, then the k mod 16 last
/// products, then the bias), whatever m is and whichever rows share the call: a row's result does not depend on its
/// neighbours, and the vector variants agree bit for bit.
void myna_half_products(long m, long n, long k, const float *a, long lda, const uint16_t *w, const float *bias,
                        float *c, long ldc);

/// The portable variant itself (products rounded before they are added, where the others fuse them).
void myna_half_products_portable(long m, long n, long k, const float *a, long lda, const uint16_t *w,
                                 const float *bias, float *c, long ldc);

/// The variant `myna_half_products` runs on this CPU: "avx2-fma-f16c" or "portable".
const char *myna_half_products_path(void);

/// Widens `count` binary16 values to float (exact); the F16C variant where the CPU has it.
void myna_widen_half(long count, const uint16_t *half, float *out);
void myna_widen_half_portable(long count, const uint16_t *half, float *out);

/// Writes `values` as binary16 into `out` and returns 1 if every value is exactly a binary16 (a weight the file
/// stored in half precision and the loader widened); returns 0 at the first that is not (`out` then incomplete).
int myna_narrow_half_exactly(long count, const float *values, uint16_t *out);
int myna_narrow_half_exactly_portable(long count, const float *values, uint16_t *out);

// MARK: - Attention of a few query rows (AttentionRows.c)

/// `C[i][j] = scale · Σ_p A[i][p] · B[j][p]` for i < m, j < n, p < k (row strides lda, ldb, ldc): attention scores of
/// m query rows against n key rows. Summed in the fixed order of `myna_half_products` (whatever m is), then scaled.
void myna_scaled_row_dots(long m, long n, long k, float scale, const float *a, long lda, const float *b, long ldb,
                          float *c, long ldc);
void myna_scaled_row_dots_portable(long m, long n, long k, float scale, const float *a, long lda, const float *b,
                                   long ldb, float *c, long ldc);

/// `C[i][col] = Σ_j P[i][j] · B[j][col]` for i < m, j < n (ascending, from zero), col < k: attention probabilities
/// times value rows. C's previous contents are ignored.
void myna_weighted_rows(long m, long n, long k, const float *p, long ldp, const float *b, long ldb, float *c, long ldc);
void myna_weighted_rows_portable(long m, long n, long k, const float *p, long ldp, const float *b, long ldb,
                                 float *c, long ldc);

/// The variant both run on this CPU: "avx2-fma" or "portable".
const char *myna_attention_rows_path(void);

// MARK: - Fused attention of many query rows (FusedAttention.c)

/// Query rows whose scores `myna_fused_attention` holds at once (its scratch is this many rows of n scores).
#define MYNA_ATTENTION_BLOCK_ROWS 24

/// Floats one head's keys and values take once packed by `myna_attention_pack` (n keys and values of width k).
long myna_attention_packed_size(long n, long k);

/// Floats of scratch one `myna_fused_attention` call needs over n keys of width k (each concurrent caller its own).
long myna_attention_scratch_size(long n, long k);

/// Packs one head: the keys `K` (n × k, row stride ldk) transposed in strips of 16 keys, `(k, 16)` each, then the
/// values `V` (n × k, row stride ldv) in strips of 16 columns, `(n, 16)` each, both zero-padded; `packed` holds
/// `myna_attention_packed_size(n, k)` floats.
void myna_attention_pack(long n, long k, const float *keys, long ldk, const float *values, long ldv, float *packed);

/// `O[i][c] = Σ_j P[i][j] · V[j][c]` with `P[i] = softmax_j(scale · Σ_p Q[i][p] · K[j][p])` for i < m, j < n, c < k
/// (Q and O row-major with strides ldq, ldo; K and V packed by `myna_attention_pack`): unmasked attention of one head,
/// fused per block of `MYNA_ATTENTION_BLOCK_ROWS` query rows in `scratch` (`myna_attention_scratch_size(n, k)` floats),
/// so the m × n probabilities never exist whole. The softmax is exact (maximum, then e^(s − max) ≤ 2 ulp, then the
/// sum), the division applied to the outputs. A row's result does not depend on m or on the rows beside it.
/// n = 0 gives zeros.
void myna_fused_attention(long m, long n, long k, float scale, const float *q, long ldq, const float *packed,
                          float *scratch, float *out, long ldo);
void myna_fused_attention_portable(long m, long n, long k, float scale, const float *q, long ldq, const float *packed,
                                   float *scratch, float *out, long ldo);

/// The variant `myna_fused_attention` runs on this CPU: "avx2-fma" or "portable".
const char *myna_fused_attention_path(void);

#endif
