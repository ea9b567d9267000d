#!/usr/bin/env python3
"""Intelligibility of `myna say`: the 30 sentences of scripts/tts_sentences.py (numbers, names, questions, long and
short) synthesized by Myna with the pinned voice and its default noise, transcribed by faster-whisper with Whisper
base (models/whisper-base, beam 5, English), scored as word error rate after openai-whisper's English text
normaliser (scripts/evaluate_wer.py's loader).

Three rows on the same sentences and the same recognizer:
  myna         `myna say` (Debian's espeak-ng 1.51 phonemes), one process per sentence
  myna+piper   `myna say` given piper-tts's own phonemes as [[ raw ]] input (Tests/MynaSynthesisTests/Golden/
               piper_phonemes.json): the effect of the two espeak-ng versions on the same Myna model
  piper-tts    piper-tts 1.8.0 (onnxruntime, its bundled espeak-ng fork), for reference
Exit status 1 when Myna's WER is above --max-wer (default 0.05).

Run: bench/.venv/bin/python scripts/evaluate_tts_wer.py [--myna .build/release/myna]
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from evaluate_wer import edit_distance, load_normalizer  # noqa: E402
from tts_sentences import INTELLIGIBILITY_SENTENCES  # noqa: E402

VOICE = ROOT / "models" / "piper-en_US-joe-medium" / "en_US-joe-medium.onnx"


def myna_say(myna, text, path):
    result = subprocess.run([myna, "say", "--voice", str(VOICE), "-o", str(path), text], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"myna say failed on {text!r}: {result.stderr.strip()}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--myna", default=str(ROOT / ".build" / "release" / "myna"))
    parser.add_argument("--model", default=str(ROOT / "models" / "whisper-base"))
    parser.add_argument("--max-wer", type=float, default=0.05)
    args = parser.parse_args()

    from faster_whisper import WhisperModel
    from piper import PiperVoice
    import wave

    normalizer = load_normalizer()
    recognizer = WhisperModel(args.model, device="cpu", compute_type="float32")
    golden = json.loads((ROOT / "Tests" / "MynaSynthesisTests" / "Golden" / "piper_phonemes.json").read_text())
    piper_phonemes = {case["text"]: case["sentences"] for case in golden["cases"]}
    piper = PiperVoice.load(str(VOICE))
    folder = Path(tempfile.mkdtemp())

    def transcribe(path):
        segments, _ = recognizer.transcribe(str(path), beam_size=5, language="en")
        return " ".join(s.text.strip() for s in segments)

    rows = {"myna": [0, 0], "myna+piper": [0, 0], "piper-tts": [0, 0]}
    for index, text in enumerate(INTELLIGIBILITY_SENTENCES):
        reference = normalizer(text).split()
        paths = {"myna": folder / f"{index:02d}-myna.wav", "myna+piper": folder / f"{index:02d}-raw.wav",
                 "piper-tts": folder / f"{index:02d}-piper.wav"}
        myna_say(args.myna, text, paths["myna"])
        raw = " ".join(f"[[{sentence}]]" for sentence in piper_phonemes[text])
        myna_say(args.myna, raw, paths["myna+piper"])
        with wave.open(str(paths["piper-tts"]), "wb") as wav:
            piper.synthesize_wav(text, wav)
        line = [f"{index:2d}"]
        for name, path in paths.items():
            hypothesis = normalizer(transcribe(path)).split()
            errors = edit_distance(reference, hypothesis)
            rows[name][0] += errors
            rows[name][1] += len(reference)
            line.append(f"{name} {errors}")
            if name == "myna" and errors:
                line.append(f"[{' '.join(hypothesis)}]")
        print("  ".join(line), "|", text)
    print()
    for name, (errors, words) in rows.items():
        print(f"{name:12} WER {errors / words:.4f} ({errors} errors / {words} words)")
    myna_wer = rows["myna"][0] / rows["myna"][1]
    sys.exit(0 if myna_wer <= args.max_wer else 1)


if __name__ == "__main__":
    main()
