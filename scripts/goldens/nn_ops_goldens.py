#!/usr/bin/env python3
"""Golden data for MynaTensor's primitive ops and MynaNN's layers, from the PyTorch definitions written in numpy.

Every reference here is the formula PyTorch documents for the op (torch.nn.functional.conv1d, conv_transpose1d,
nn.LayerNorm, nn.GELU, nn.LSTM, nn.MultiheadAttention, ...), evaluated in float64 on float32 inputs drawn from a
fixed seed, then stored as float32. The formulations are deliberately not the ones Myna uses (conv1d sums shifted
slices per tap instead of im2col; conv_transpose1d dilates the input and correlates with the flipped kernel instead of
scattering columns; attention reshapes heads explicitly), and the script checks two of them against each other
(conv_transpose1d is the adjoint of conv1d) before writing anything.

Writes, for each test bundle, `<prefix>_goldens.json` (index: per case its parameters and, per tensor, shape and
offset in floats) and `<prefix>_goldens.bin` (all tensors, float32 little-endian, concatenated):
  Tests/MynaTensorTests/Golden/ops_goldens.{json,bin}
  Tests/MynaNNTests/Golden/layers_goldens.{json,bin}

Needs numpy and scipy (bench/requirements.txt). Run: bench/.venv/bin/python scripts/goldens/nn_ops_goldens.py
"""
from pathlib import Path

import numpy as np
from scipy.special import erf

from golden_bundle import GoldenBundle

ROOT = Path(__file__).resolve().parents[2]
SEED = 20240501
GENERATOR = "scripts/goldens/nn_ops_goldens.py"


rng = np.random.default_rng(SEED)


def randn(*shape, scale=1.0):
    """Standard normal float32 values (the inputs are float32; references are computed from them in float64)."""
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def f64(x):
    return np.asarray(x, dtype=np.float64)


# ----------------------------------------------------------------------------------------------------------------
# References (PyTorch definitions in numpy, float64)

def conv1d_ref(x, w, b, stride, padding, dilation, groups):
    """torch.nn.functional.conv1d: out[n, o, t] = b[o] + Σ_c Σ_k w[o, c, k] · xpad[n, g·Cin/g + c, t·s + k·d]."""
    x, w = f64(x), f64(w)
    n, cin, length = x.shape
    cout, cin_g, k = w.shape
    cout_g = cout // groups
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding)))
    lout = (length + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    out = np.zeros((n, cout, lout))
    for g in range(groups):
        xg = xp[:, g * cin_g:(g + 1) * cin_g]
        wg = w[g * cout_g:(g + 1) * cout_g]
        for tap in range(k):
            start = tap * dilation
            window = xg[:, :, start:start + stride * (lout - 1) + 1:stride]  # (n, cin_g, lout)
            out[:, g * cout_g:(g + 1) * cout_g] += np.einsum("oc,nct->not", wg[:, :, tap], window)
    if b is not None:
        out += f64(b)[None, :, None]
    return out


def conv_transpose1d_ref(x, w, b, stride, padding, output_padding, dilation, groups):
    """torch.nn.functional.conv_transpose1d as the textbook equivalent: insert stride−1 zeros between input frames,
    pad by dilation·(k−1) − padding at the front and that plus output_padding at the back, then a stride-1
    correlation with the kernel flipped and its in/out axes swapped."""
    x, w = f64(x), f64(w)
    n, cin, length = x.shape
    _, cout_g, k = w.shape
    cin_g = cin // groups
    dilated = np.zeros((n, cin, (length - 1) * stride + 1))
    dilated[:, :, ::stride] = x
    edge = dilation * (k - 1) - padding
    lout = (length - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    # Negative edge (padding larger than the kernel's reach) crops instead of padding.
    front, back = edge, edge + output_padding
    padded = np.pad(dilated, ((0, 0), (0, 0), (max(front, 0), max(back, 0))))
    if front < 0:
        padded = padded[:, :, -front:]
    if back < 0:
        padded = padded[:, :, :back]
    # Equivalent regular-conv weight: (cout, cin_g, k), flipped along k.
    weq = np.concatenate([np.flip(w[g * cin_g:(g + 1) * cin_g], axis=2).transpose(1, 0, 2) for g in range(groups)], axis=0)
    out = conv1d_ref(padded, weq, None, 1, 0, dilation, groups)
    assert out.shape[2] == lout, (out.shape, lout)
    if b is not None:
        out += f64(b)[None, :, None]
    return out


def check_adjoint():
    """<conv1d(x), y> must equal <x, conv_transpose1d(y)> for the same weight (no bias) — the two references above
    are independent formulas, so this catches a mistake in either."""
    for (cin, cout, k, s, p, d, g, length) in [(4, 6, 5, 3, 2, 2, 2, 31), (3, 3, 4, 2, 1, 1, 3, 17), (2, 5, 7, 1, 3, 2, 1, 23)]:
        x = rng.standard_normal((1, cin, length))
        w = rng.standard_normal((cout, cin // g, k))
        y_shape = conv1d_ref(x, w, None, s, p, d, g).shape
        y = rng.standard_normal(y_shape)
        # output_padding restores the frames the forward stride dropped.
        lost = (length + 2 * p - d * (k - 1) - 1) % s
        xt = conv_transpose1d_ref(y, w, None, s, p, lost, d, g)
        assert xt.shape == x.shape, (xt.shape, x.shape)
        lhs = np.sum(conv1d_ref(x, w, None, s, p, d, g) * y)
        rhs = np.sum(x * xt)
        assert abs(lhs - rhs) < 1e-9 * max(1.0, abs(lhs)), (lhs, rhs)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x, axis=-1):
    z = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def lstm_ref(x, layers, h0, c0):
    """torch.nn.LSTM(batch_first=True): x (B, T, in); layers: list of (w_ih, w_hh, b_ih, b_hh); gate order i, f, g, o."""
    seq = f64(x)
    hs, cs = [], []
    for index, (w_ih, w_hh, b_ih, b_hh) in enumerate(layers):
        h, c = f64(h0[index]), f64(c0[index])
        hidden = w_hh.shape[1]
        outputs = []
        for t in range(seq.shape[1]):
            gates = seq[:, t] @ f64(w_ih).T + h @ f64(w_hh).T + f64(b_ih) + f64(b_hh)
            i = sigmoid(gates[:, :hidden])
            f = sigmoid(gates[:, hidden:2 * hidden])
            gg = np.tanh(gates[:, 2 * hidden:3 * hidden])
            o = sigmoid(gates[:, 3 * hidden:])
            c = f * c + i * gg
            h = o * np.tanh(c)
            outputs.append(h)
        seq = np.stack(outputs, axis=1)
        hs.append(h)
        cs.append(c)
    return seq, np.stack(hs), np.stack(cs)


def attention_ref(x, memory, wq, bq, wk, bk, wv, bv, wo, bo, heads, causal):
    """nn.MultiheadAttention forward without dropout: x (B, T, d), memory (B, S, d)."""
    x, memory = f64(x), f64(memory)
    bsz, t, d = x.shape
    s = memory.shape[1]
    hd = d // heads

    def project(a, w, b):
        return a @ f64(w).T + (0 if b is None else f64(b))

    q = project(x, wq, bq).reshape(bsz, t, heads, hd).transpose(0, 2, 1, 3)
    k = project(memory, wk, bk).reshape(bsz, s, heads, hd).transpose(0, 2, 1, 3)
    v = project(memory, wv, bv).reshape(bsz, s, heads, hd).transpose(0, 2, 1, 3)
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd)  # (B, H, T, S)
    if causal:
        scores = scores + np.triu(np.full((t, s), -np.inf), k=1 + (s - t))
    out = (softmax(scores) @ v).transpose(0, 2, 1, 3).reshape(bsz, t, d)
    return project(out, wo, bo)


# ----------------------------------------------------------------------------------------------------------------
# Op goldens (MynaTensor)

def op_goldens():
    w = GoldenBundle(ROOT / "Tests" / "MynaTensorTests" / "Golden" / "ops_goldens", GENERATOR, seed=SEED)

    # Matrix products; the transposed operands are stored transposed.
    for name, (m, k, n) in {"matmul_7x13x31": (7, 13, 31), "matmul_1x13x31": (1, 13, 31),
                            "matmul_31x1x7": (31, 1, 7), "matmul_64x96x33": (64, 96, 33)}.items():
        a, b = randn(m, k), randn(k, n)
        w.add(name, {"m": m, "k": k, "n": n}, a=a, b=b, aT=a.T, bT=b.T, out=f64(a) @ f64(b))
    a, b = randn(2, 3, 13), randn(13, 5)
    w.add("matmul_rows_2x3x13x5", {}, a=a, b=b, out=f64(a) @ f64(b))
    a, b = randn(3, 7, 5), randn(3, 5, 11)
    w.add("batched_matmul_3x7x5x11", {}, a=a, b=b, bT=b.transpose(0, 2, 1), out=f64(a) @ f64(b))

    # conv1d: (batch, in, length, out, kernel, stride, padding, dilation, groups, bias)
    conv_cases = {
        "conv1d_basic": (1, 3, 31, 5, 3, 1, 1, 1, 1, True),
        "conv1d_stride": (2, 4, 37, 6, 5, 3, 2, 1, 1, True),
        "conv1d_dilation": (1, 5, 41, 7, 3, 1, 3, 3, 1, True),
        "conv1d_groups": (1, 6, 29, 9, 3, 2, 1, 2, 3, True),
        "conv1d_depthwise": (1, 8, 33, 8, 7, 1, 3, 1, 8, True),
        "conv1d_depthwise_multiplier": (1, 4, 23, 8, 5, 2, 2, 2, 4, False),
        "conv1d_pointwise": (2, 13, 17, 7, 1, 1, 0, 1, 1, True),
        "conv1d_pointwise_groups": (1, 12, 19, 6, 1, 1, 0, 1, 3, False),
        "conv1d_wide_padding": (1, 3, 4, 2, 7, 1, 5, 1, 1, True),
        "conv1d_hifigan_resblock": (1, 16, 53, 16, 7, 1, 9, 3, 1, True),
        "conv1d_no_bias_stride_dilation": (1, 7, 61, 13, 4, 2, 3, 2, 1, False),
    }
    for name, (n, cin, length, cout, k, s, p, d, g, has_bias) in conv_cases.items():
        x, wt = randn(n, cin, length), randn(cout, cin // g, k, scale=0.3)
        bias = randn(cout) if has_bias else None
        params = {"stride": s, "padding": p, "dilation": d, "groups": g, "bias": has_bias}
        tensors = {"x": x, "weight": wt, "out": conv1d_ref(x, wt, bias, s, p, d, g)}
        if has_bias:
            tensors["bias"] = bias
        w.add(name, params, **tensors)

    # conv_transpose1d: (batch, in, length, out, kernel, stride, padding, output_padding, dilation, groups, bias)
    transposed_cases = {
        "conv_transpose1d_hifigan_up": (1, 8, 13, 4, 16, 8, 4, 0, 1, 1, True),
        "conv_transpose1d_output_padding": (1, 6, 11, 9, 5, 3, 1, 2, 1, 3, True),
        "conv_transpose1d_dilation": (2, 5, 7, 3, 3, 2, 2, 1, 2, 1, True),
        "conv_transpose1d_depthwise": (1, 7, 10, 7, 4, 2, 1, 0, 1, 7, False),
        "conv_transpose1d_stride1": (1, 3, 17, 5, 3, 1, 1, 0, 1, 1, True),
        "conv_transpose1d_big_padding": (1, 4, 9, 3, 5, 2, 5, 1, 1, 1, True),
    }
    for name, (n, cin, length, cout, k, s, p, op, d, g, has_bias) in transposed_cases.items():
        x, wt = randn(n, cin, length), randn(cin, cout // g, k, scale=0.3)
        bias = randn(cout) if has_bias else None
        params = {"stride": s, "padding": p, "output_padding": op, "dilation": d, "groups": g, "bias": has_bias}
        tensors = {"x": x, "weight": wt, "out": conv_transpose1d_ref(x, wt, bias, s, p, op, d, g)}
        if has_bias:
            tensors["bias"] = bias
        w.add(name, params, **tensors)

    # Elementwise functions over a spread that reaches the saturating ranges.
    x = np.concatenate([randn(61, scale=3.0), np.array([-100, -30, -20.5, -1e-3, 0, 1e-3, 19.9, 20.5, 30, 100],
                                                       dtype=np.float32)])
    xd = f64(x)
    # exp is checked where it is finite in float32 (|x| < 80); the other functions over the whole spread.
    x_exp = x[np.abs(x) < 80]
    w.add("unary", {}, x=x, x_exp=x_exp, exp=np.exp(f64(x_exp)), tanh=np.tanh(xd), sigmoid=sigmoid(xd), erf=erf(xd),
          gelu=0.5 * xd * (1 + erf(xd / np.sqrt(2))), relu=np.maximum(xd, 0),
          leaky_relu=np.where(xd >= 0, xd, 0.1 * xd),
          softplus=np.where(xd > 20, xd, np.log1p(np.exp(np.minimum(xd, 20)))),
          softplus_beta2=np.where(2 * xd > 20, xd, np.log1p(np.exp(np.minimum(2 * xd, 20))) / 2))
    positive = np.abs(randn(17)) + np.float32(0.01)
    w.add("unary_positive", {}, x=positive, log=np.log(f64(positive)), sqrt=np.sqrt(f64(positive)))

    # Broadcasting binary ops.
    a, b = randn(3, 1, 5), randn(4, 1)
    w.add("broadcast_add_3x1x5_4x1", {}, a=a, b=b, out=f64(a) + f64(b))
    a, b = randn(2, 3, 4), randn(4)
    w.add("broadcast_mul_2x3x4_4", {}, a=a, b=b, out=f64(a) * f64(b))
    a, b = randn(5, 1), randn(1, 6)
    w.add("broadcast_sub_5x1_1x6", {}, a=a, b=b, out=f64(a) - f64(b))
    a, b = randn(2, 7, 3), np.abs(randn(2, 7, 1)) + np.float32(0.5)
    w.add("broadcast_div_2x7x3_2x7x1", {}, a=a, b=b, out=f64(a) / f64(b))

    # Reductions and softmax.
    x = randn(3, 4, 5)
    xd = f64(x)
    w.add("reductions_3x4x5", {}, x=x, sum0=xd.sum(0), sum1=xd.sum(1), sum2=xd.sum(2), mean1=xd.mean(1),
          max0=xd.max(0), max2=xd.max(2), argmax2=np.argmax(x, axis=2), argmax_all=np.array(np.argmax(x)))
    x = randn(7, 13, scale=6.0)
    w.add("softmax_7x13", {}, x=x, softmax=softmax(f64(x)), log_softmax=f64(x) - np.max(f64(x), -1, keepdims=True)
          - np.log(np.sum(np.exp(f64(x) - np.max(f64(x), -1, keepdims=True)), -1, keepdims=True)))

    # Shape ops.
    x = randn(2, 3, 4, 5)
    w.add("permute_2x3x4x5_2031", {"axes": [2, 0, 3, 1]}, x=x, out=x.transpose(2, 0, 3, 1))
    w.add("slice_axis2_1to4_step2", {}, x=x, out=x[:, :, 1:4:2])
    a, b = randn(2, 3, 4), randn(2, 5, 4)
    w.add("concat_axis1", {}, a=a, b=b, out=np.concatenate([a, b], axis=1))
    x = randn(3, 6)
    w.add("pad_axis1", {"before": 2, "after": 3}, x=x,
          constant=np.pad(x, ((0, 0), (2, 3)), constant_values=1.5),
          reflect=np.pad(x, ((0, 0), (2, 3)), mode="reflect"),
          replicate=np.pad(x, ((0, 0), (2, 3)), mode="edge"))
    x = randn(3, 7, 2)
    indices = [6, 0, 3, 3]
    w.add("gather_axis1", {"indices": indices}, x=x, out=np.take(x, indices, axis=1))
    w.write()


# ----------------------------------------------------------------------------------------------------------------
# Layer goldens (MynaNN)

def layer_goldens():
    w = GoldenBundle(ROOT / "Tests" / "MynaNNTests" / "Golden" / "layers_goldens", GENERATOR, seed=SEED)

    x, wt, b = randn(2, 5, 13), randn(7, 13, scale=0.3), randn(7)
    w.add("linear", {}, x=x, weight=wt, bias=b, out=f64(x) @ f64(wt).T + f64(b), out_no_bias=f64(x) @ f64(wt).T)

    x = randn(3, 31, scale=2.0) + np.float32(5.0)
    gamma, beta = randn(31), randn(31)
    xd = f64(x)
    mean, var = xd.mean(-1, keepdims=True), xd.var(-1, keepdims=True)
    w.add("layer_norm", {"epsilon": 1e-5}, x=x, weight=gamma, bias=beta,
          out=(xd - mean) / np.sqrt(var + 1e-5) * f64(gamma) + f64(beta))

    table = randn(11, 6)
    ids = [3, 0, 10, 3]
    w.add("embedding", {"ids": ids}, weight=table, out=table[ids])

    # A HiFi-GAN-style residual conv (leaky ReLU 0.1, dilated conv with "same" padding) and an upsampler.
    x, wt, b = randn(1, 16, 40), randn(16, 16, 7, scale=0.2), randn(16)
    lrelu = np.where(f64(x) >= 0, f64(x), 0.1 * f64(x))
    w.add("conv1d_layer_resblock", {"stride": 1, "padding": 9, "dilation": 3, "groups": 1, "slope": 0.1},
          x=x, weight=wt, bias=b, out=conv1d_ref(lrelu, wt, b, 1, 9, 3, 1) + f64(x))
    x, wt, b = randn(1, 16, 12), randn(16, 8, 16, scale=0.2), randn(8)
    w.add("conv_transpose1d_layer_up", {"stride": 8, "padding": 4, "output_padding": 0, "dilation": 1, "groups": 1},
          x=x, weight=wt, bias=b, out=conv_transpose1d_ref(x, wt, b, 8, 4, 0, 1, 1))

    # LSTM: 3 layers (GE2E's structure, smaller), batch-first; zero and non-zero initial state.
    inp, hidden, layers_n, frames = 5, 11, 3, 9
    layers = []
    for index in range(layers_n):
        width = inp if index == 0 else hidden
        layers.append((randn(4 * hidden, width, scale=0.4), randn(4 * hidden, hidden, scale=0.4),
                       randn(4 * hidden, scale=0.3), randn(4 * hidden, scale=0.3)))
    lstm_tensors = {}
    for index, (w_ih, w_hh, b_ih, b_hh) in enumerate(layers):
        lstm_tensors.update({f"weight_ih_l{index}": w_ih, f"weight_hh_l{index}": w_hh,
                             f"bias_ih_l{index}": b_ih, f"bias_hh_l{index}": b_hh})
    x1 = randn(1, frames, inp)
    zeros = np.zeros((layers_n, 1, hidden), dtype=np.float32)
    out1, h1, c1 = lstm_ref(x1, layers, zeros, zeros)
    x2 = randn(2, frames, inp)
    h0, c0 = randn(layers_n, 2, hidden, scale=0.5), randn(layers_n, 2, hidden, scale=0.5)
    out2, h2, c2 = lstm_ref(x2, layers, h0, c0)
    w.add("lstm", {"input_size": inp, "hidden_size": hidden, "num_layers": layers_n},
          x1=x1, out1=out1, h1=h1, c1=c1, x2=x2, h0=h0, c0=c0, out2=out2, h2=h2, c2=c2, **lstm_tensors)

    # LSTM cell (Silero's lstm_cell structure, smaller): batch 2, three steps from a non-zero state.
    w_ih, w_hh, b_ih, b_hh = randn(32, 6, scale=0.4), randn(32, 8, scale=0.4), randn(32, scale=0.3), randn(32, scale=0.3)
    steps = randn(3, 2, 6)
    h, c = randn(2, 8, scale=0.5), randn(2, 8, scale=0.5)
    h_start, c_start = h.copy(), c.copy()
    hs = []
    for t in range(3):
        _, hh, cc = lstm_ref(steps[t][:, None, :], [(w_ih, w_hh, b_ih, b_hh)], h[None], c[None])
        h, c = hh[0], cc[0]
        hs.append(h)
    w.add("lstm_cell", {}, weight_ih=w_ih, weight_hh=w_hh, bias_ih=b_ih, bias_hh=b_hh, x=steps, h0=h_start,
          c0=c_start, hs=np.stack(hs), c_last=c)

    # Multi-head attention: d 12, 3 heads. Whisper-style key projection without bias.
    d, heads = 12, 3
    wq, wk, wv, wo = (randn(d, d, scale=0.4) for _ in range(4))
    bq, bv, bo = randn(d, scale=0.2), randn(d, scale=0.2), randn(d, scale=0.2)
    x = randn(2, 7, d)
    common = dict(wq=wq, bq=bq, wk=wk, wv=wv, bv=bv, wo=wo, bo=bo)
    w.add("attention_self", {"heads": heads}, x=x, **common,
          out=attention_ref(x, x, wq, bq, wk, None, wv, bv, wo, bo, heads, causal=False),
          out_causal=attention_ref(x, x, wq, bq, wk, None, wv, bv, wo, bo, heads, causal=True))
    # Cross-attention: one memory sequence shared by a batch of two queries (beam hypotheses over one encoder output).
    q_in, memory = randn(2, 5, d), randn(1, 9, d)
    w.add("attention_cross", {"heads": heads}, x=q_in, memory=memory, **common,
          out=attention_ref(q_in, np.repeat(memory, 2, axis=0), wq, bq, wk, None, wv, bv, wo, bo, heads, causal=False))
    # Odd sizes: d 20 with 4 heads of 5, batch 1, 13 frames, causal.
    d2, heads2 = 20, 4
    p = [randn(d2, d2, scale=0.3) for _ in range(4)]
    pb = [randn(d2, scale=0.2) for _ in range(4)]
    x = randn(1, 13, d2)
    w.add("attention_causal_odd", {"heads": heads2}, x=x, wq=p[0], bq=pb[0], wk=p[1], bk=pb[1], wv=p[2], bv=pb[2],
          wo=p[3], bo=pb[3], out=attention_ref(x, x, p[0], pb[0], p[1], pb[1], p[2], pb[2], p[3], pb[3], heads2, causal=True))

    # Activations as layers (same definitions as the op goldens, a few values at the edges).
    x = np.array([-25, -3, -0.5, -1e-4, 0, 1e-4, 0.5, 3, 19, 21, 25], dtype=np.float32)
    xd = f64(x)
    w.add("activations", {}, x=x, gelu=0.5 * xd * (1 + erf(xd / np.sqrt(2))), relu=np.maximum(xd, 0),
          leaky_relu=np.where(xd >= 0, xd, 0.2 * xd), tanh=np.tanh(xd), sigmoid=sigmoid(xd),
          softplus=np.where(xd > 20, xd, np.log1p(np.exp(np.minimum(xd, 20)))))
    w.write()


if __name__ == "__main__":
    check_adjoint()
    op_goldens()
    layer_goldens()
