#ifndef C_MYNA_KERNELS_H
#define C_MYNA_KERNELS_H

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

#endif
