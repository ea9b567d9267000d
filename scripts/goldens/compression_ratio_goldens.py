#!/usr/bin/env python3
"""Golden compression ratios (faster-whisper's get_compression_ratio: len(utf8) / len(zlib.compress(utf8))) for real
transcripts from ../shared/data/asr/dev.tsv and for looping text. Writes Tests/MynaRecognitionTests/Golden/compression_ratios.json.

Run: bench/.venv/bin/python scripts/goldens/compression_ratio_goldens.py
"""
import csv
import json
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "Tests" / "MynaRecognitionTests" / "Golden" / "compression_ratios.json"


def ratio(text):
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data))


def main():
    with open(DATA / "asr" / "dev.tsv", newline="") as f:
        texts = [row["transcript"] for row in csv.DictReader(f, delimiter="\t")]
    texts += ["", "a", " Thank you." * 20, " I'm going to go to the store." * 7, "日本語のテキストです。" * 5]
    OUT.write_text(json.dumps({"zlib": zlib.ZLIB_RUNTIME_VERSION,
                               "cases": [{"text": t, "ratio": ratio(t)} for t in texts if t]},
                              ensure_ascii=False, indent=0) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(texts)} texts, zlib {zlib.ZLIB_RUNTIME_VERSION})")


if __name__ == "__main__":
    main()
