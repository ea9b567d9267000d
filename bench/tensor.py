#!/usr/bin/env python3
"""tensor: MynaTensor/MynaNN kernels against numpy (its bundled OpenBLAS) at the shapes the models use.

Cases (the same list as bench/Sources/myna-bench/TensorBenchmark.swift):
  gemm-1500x384x384, gemm-1500x384x1536   Whisper tiny encoder projections: x (1500, 384) · Wᵀ
  gemm-1x384x51864                       Whisper tiny logits: one decoder row · embeddingᵀ (sgemv)
  gemm-5x384x51864                       the same for 5 beam hypotheses at once
  half-gemm-1x384x51864, half-gemm-5x384x51864
                                         the same with the weights in binary16 as the decoder keeps a float16 model's
                                         (Myna's Kernels.halfProducts; numpy: float32 matmul of the same values)
  conv1d-512x862-k7                      HiFi-GAN conv_pre-sized 512→512, kernel 7, 862 frames (10 s at hop 256)
  conv1d-32x220500-k7d3                  HiFi-GAN last-stage resblock conv 32→32, kernel 7, dilation 3, 10 s of samples
  convtranspose1d-512x862-k16s8          HiFi-GAN first upsampler 512→256, kernel 16, stride 8
  attention-1500x384-h6                  Whisper tiny encoder self-attention: fused QKV, 6 heads, 1500 frames
  attention-1500x384-h6-sgemm            the same, Myna through sgemm, softmax and sgemm instead of its fused kernel
  attention-core-1500x384-h6             scores, softmax and weighted sum alone (no projections) of the same shape
  lstm-ge2e-step                         GE2E: 3 LSTM layers 40→256, batch 1, 160 frames; time per frame
  lstm-ge2e-b8, lstm-ge2e-b128           the same with 8 partials (a 7 s clip) and 128 (a pooled batch) at once

Myna: `myna-bench tensor CASE` (median of one operation over ≥ 5 repetitions and ≥ 0.5 s, inside the process).
numpy: the same operation written as a numpy user would (matmul; im2col by sliding_window_view + tensordot;
columns by matmul + strided col2im adds; the LSTM loop with the input projection done once per layer), timed the
same way in this process. Both use all cores (numpy's OpenBLAS default, Myna's MynaThreads default).

Run through the driver (bench/run tensor) or alone: bench/.venv/bin/python bench/tensor.py --bin .build/release
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

rng = np.random.default_rng(7)


def uniform(*shape):
    return rng.uniform(-1, 1, size=shape).astype(np.float32)


def gemm_case(m, k, n):
    x, w = uniform(m, k), uniform(n, k)
    return (lambda: x @ w.T), 2 * m * k * n, 1


def conv1d(x, w, b, padding, dilation):
    cout, cin, k = w.shape
    xp = np.pad(x, ((0, 0), (padding, padding)))
    windows = sliding_window_view(xp, dilation * (k - 1) + 1, axis=1)[:, :, ::dilation]  # (cin, frames, k)
    return np.tensordot(w, windows, axes=([1, 2], [0, 2])) + b[:, None]


def conv_case(channels, frames, kernel, dilation):
    x, w, b = uniform(channels, frames), uniform(channels, channels, kernel), uniform(channels)
    padding = dilation * (kernel - 1) // 2
    return (lambda: conv1d(x, w, b, padding, dilation)), 2 * channels * channels * kernel * frames, 1


def conv_transpose1d(x, w, b, stride, padding):
    cin, cout, k = w.shape
    frames = x.shape[1]
    columns = (w.reshape(cin, cout * k).T @ x).reshape(cout, k, frames)
    full = np.zeros((cout, (frames - 1) * stride + k), dtype=np.float32)
    for tap in range(k):
        full[:, tap:tap + stride * (frames - 1) + 1:stride] += columns[:, tap]
    return full[:, padding:full.shape[1] - padding] + b[:, None]


def conv_transpose_case(frames):
    x, w, b = uniform(512, frames), uniform(512, 256, 16), uniform(256)
    return (lambda: conv_transpose1d(x, w, b, 8, 4)), 2 * 512 * 256 * 16 * frames, 1


def attention_case(frames, d, heads):
    w_qkv, b_qkv = uniform(3 * d, d) * 0.1, uniform(3 * d)
    w_o, b_o = uniform(d, d) * 0.1, uniform(d)
    x = uniform(frames, d)
    hd = d // heads

    def run():
        qkv = x @ w_qkv.T + b_qkv
        q, k, v = (qkv[:, i * d:(i + 1) * d].reshape(frames, heads, hd).transpose(1, 0, 2) for i in range(3))
        scores = (q @ k.transpose(0, 2, 1)) * np.float32(1 / np.sqrt(hd))
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        return (scores @ v).transpose(1, 0, 2).reshape(frames, d) @ w_o.T + b_o

    return run, 8 * frames * d * d + 4 * frames * frames * d, 1


def attention_core_case(frames, d, heads):
    qkv = uniform(frames, 3 * d)
    hd = d // heads

    def run():
        q, k, v = (qkv[:, i * d:(i + 1) * d].reshape(frames, heads, hd).transpose(1, 0, 2) for i in range(3))
        scores = (q @ k.transpose(0, 2, 1)) * np.float32(1 / np.sqrt(hd))
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        return (scores @ v).transpose(1, 0, 2).reshape(frames, d)

    return run, 4 * frames * frames * d, 1


def lstm_case(frames, batch=1):
    sizes = [(40, 256), (256, 256), (256, 256)]
    layers = [(uniform(4 * h, i) * 0.1, uniform(4 * h, h) * 0.1, uniform(4 * h)) for i, h in sizes]
    x = uniform(frames, 40) if batch == 1 else uniform(batch, frames, 40)

    def sigmoid(v):
        return 1 / (1 + np.exp(-v))

    def run():
        seq = x
        for w_ih, w_hh, b in layers:
            hidden = w_hh.shape[1]
            projected = seq @ w_ih.T + b                       # (…, frames, 4H)
            h = np.zeros(seq.shape[:-2] + (hidden,), np.float32)
            c = np.zeros_like(h)
            out = np.empty(seq.shape[:-1] + (hidden,), np.float32)
            for t in range(frames):
                g = projected[..., t, :] + h @ w_hh.T
                i, f, gg, o = sigmoid(g[..., :hidden]), sigmoid(g[..., hidden:2 * hidden]), \
                    np.tanh(g[..., 2 * hidden:3 * hidden]), sigmoid(g[..., 3 * hidden:])
                c = f * c + i * gg
                h = o * np.tanh(c)
                out[..., t, :] = h
            seq = out
        return seq

    return run, sum(2 * 4 * h * (i + h) for i, h in sizes) * frames * batch, frames


CASES = {
    "gemm-1500x384x384": lambda: gemm_case(1500, 384, 384),
    "gemm-1500x384x1536": lambda: gemm_case(1500, 384, 1536),
    "gemm-1x384x51864": lambda: gemm_case(1, 384, 51864),
    "gemm-5x384x51864": lambda: gemm_case(5, 384, 51864),
    "half-gemm-1x384x51864": lambda: gemm_case(1, 384, 51864),
    "half-gemm-5x384x51864": lambda: gemm_case(5, 384, 51864),
    "conv1d-512x862-k7": lambda: conv_case(512, 862, 7, 1),
    "conv1d-32x220500-k7d3": lambda: conv_case(32, 220500, 7, 3),
    "convtranspose1d-512x862-k16s8": lambda: conv_transpose_case(862),
    "attention-1500x384-h6": lambda: attention_case(1500, 384, 6),
    "attention-1500x384-h6-sgemm": lambda: attention_case(1500, 384, 6),
    "attention-core-1500x384-h6": lambda: attention_core_case(1500, 384, 6),
    "lstm-ge2e-step": lambda: lstm_case(160),
    "lstm-ge2e-b8": lambda: lstm_case(160, 8),
    "lstm-ge2e-b128": lambda: lstm_case(160, 128),
}


def time_numpy(name):
    """Median seconds of one operation (per unit) over ≥ 5 repetitions and ≥ 0.5 s, after a warm-up."""
    run, flops, units = CASES[name]()
    run()
    times = []
    while len(times) < 5 or sum(times) < 0.5:
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) / units, flops // units


def run(context: benchlib.Context) -> None:
    np_config = np.__config__.CONFIG["Build Dependencies"]["blas"]
    print(f"\ntensor: Myna (cblas from Debian's libopenblas) vs numpy {np.__version__} "
          f"({np_config.get('name')} {np_config.get('version')}); median of one operation, "
          f"each process run {context.repeat} times")
    print(f"  {'case':32} {'Myna':>11} {'numpy':>11} {'Myna/numpy':>11} {'Myna GFLOP/s':>13} {'numpy GFLOP/s':>14}")
    for name in CASES:
        myna = benchlib.time_myna_bench(context, ["tensor", name])
        numpy_seconds, flops = time_numpy(name)
        if myna["facts"]["flops"] != flops:
            raise benchlib.BenchError(f"tensor {name}: Myna counts {myna['facts']['flops']} flops, numpy {flops}")
        if myna["facts"]["checksumIsFinite"] != 1:
            raise benchlib.BenchError(f"tensor {name}: Myna's result is not finite")
        mine = myna["job"]
        unit = "/frame" if name.startswith("lstm") else ""
        print(f"  {name:32} {mine * 1e3:8.3f} ms {numpy_seconds * 1e3:8.3f} ms {mine / numpy_seconds:11.2f} "
              f"{flops / mine / 1e9:13.1f} {flops / numpy_seconds / 1e9:14.1f}{'  ' + unit if unit else ''}")
    print(f"  threads: Myna {myna['facts']['threads']}; ratio < 1 means Myna is faster")
    print(f"  CPU: {myna['facts'].get('cpu_model')}; Myna's kernels: half products "
          f"{myna['facts'].get('kernel_half_products')}, accumulate products {myna['facts'].get('kernel_accumulate_products')}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, type=Path, help="directory holding release myna-bench")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    try:
        run(benchlib.Context(bin_dir=arguments.bin, repeat=arguments.repeat))
    except benchlib.BenchError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        sys.exit(1)
