#!/usr/bin/env python3
"""Golden token ids for every utterance of ../shared/data/asr/dev.tsv from faster-whisper 1.2.1 (tiny.en, float32 on
the CPU, temperature 0 with no fallback, beam 1 and beam 5), for the recognizer's exactness check (word error rates:
scripts/evaluate_wer.py).
Writes Tests/MynaRecognitionTests/Golden/faster_whisper_dev_tiny.en.json.

Needs faster-whisper==1.2.1 (bench/requirements.txt). Run: bench/.venv/bin/python scripts/goldens/whisper_dev_goldens.py
"""
import csv
import json
import sys
from pathlib import Path

from faster_whisper import WhisperModel

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "Tests" / "MynaRecognitionTests" / "Golden" / "faster_whisper_dev_tiny.en.json"


def main():
    model = WhisperModel(str(ROOT / "models" / "whisper-tiny.en"), device="cpu", compute_type="float32", cpu_threads=2)
    with open(DATA / "asr" / "dev.tsv", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    utterances = []
    for row in rows:
        entry = {"id": row["id"], "file": "asr/" + row["file"], "reference": row["transcript"]}
        for name, beam in (("beam1", 1), ("beam5", 5)):
            segments, _ = model.transcribe(str(DATA / "asr" / row["file"]), beam_size=beam, temperature=0.0)
            segments = list(segments)
            entry[name] = {"tokens": [s.tokens for s in segments], "text": "".join(s.text for s in segments)}
        utterances.append(entry)
        print(row["id"], entry["beam1"]["text"][:60], file=sys.stderr)
    OUT.write_text(json.dumps({"model": "whisper-tiny.en", "faster_whisper": "1.2.1", "temperature": 0.0,
                               "utterances": utterances}, ensure_ascii=False, indent=0) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(utterances)} utterances)", file=sys.stderr)


if __name__ == "__main__":
    main()
