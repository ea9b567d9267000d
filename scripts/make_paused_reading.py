#!/usr/bin/env python3
"""Builds a recording read slowly with long pauses between phrases, from real utterances of ../shared/data/asr.

Issue 20 measured live dictation on such a recording (101 s, not in ../shared/data): each phrase between pauses was
decoded alone and lost its context. This rebuilds the condition from real speech: LJSpeech's LJ001-0001 … LJ001-0012
(one reader, one continuous text cut into phrases, some as short as "in being comparatively modern."), in order,
joined by pauses drawn uniformly from 1.5–3 s (numpy's default_rng with --seed), with 0.5 s before the first and after
the last. The pauses carry a faint noise floor (Gaussian, -70 dBFS RMS, same generator), as a room does; digital
silence between phrases would be a condition no microphone produces.

Writes NAME.flac (16 kHz mono, 16-bit) and NAME.tsv (id, file, seconds, transcript: the columns of
../shared/data/longform/longform.tsv, so scripts/evaluate_dictation.py --set NAME.tsv scores it) into --out.

Usage: python3 scripts/make_paused_reading.py --out DIR [--seed 20] [--first 1 --last 12]
Needs numpy and sox. Data: $MYNA_SHARED_DATA, else ../shared/data next to the checkout.
"""
import argparse
import csv
import os
import subprocess
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("MYNA_SHARED_DATA", ROOT.parent / "shared" / "data"))
SAMPLE_RATE = 16_000


def read_samples(path):
    """16 kHz mono float samples of an audio file, decoded by sox."""
    raw = subprocess.run(["sox", str(path), "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-r", str(SAMPLE_RATE),
                          "-c", "1", "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype="<f4")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--first", type=int, default=1, help="first LJ001 utterance")
    parser.add_argument("--last", type=int, default=12, help="last LJ001 utterance")
    parser.add_argument("--min-pause", type=float, default=1.5)
    parser.add_argument("--max-pause", type=float, default=3.0)
    args = parser.parse_args()
    with open(DATA / "asr" / "dev.tsv", newline="") as file:
        rows = {row["id"]: row for row in csv.DictReader(file, delimiter="\t")}
    ids = [f"coqui-LJ001-{n:04d}" for n in range(args.first, args.last + 1)]
    random = np.random.default_rng(args.seed)
    floor = 10 ** (-70 / 20)

    def pause(seconds):
        return (random.standard_normal(int(round(seconds * SAMPLE_RATE))) * floor).astype(np.float32)

    pieces, texts = [pause(0.5)], []
    for index, utterance in enumerate(ids):
        if index > 0:
            pieces.append(pause(random.uniform(args.min_pause, args.max_pause)))
        pieces.append(read_samples(DATA / "asr" / rows[utterance]["file"]))
        texts.append(rows[utterance]["transcript"].strip())
    pieces.append(pause(0.5))
    audio = np.concatenate(pieces)
    name = f"paused-lj001-{args.first:04d}-{args.last:04d}-seed{args.seed}"
    args.out.mkdir(parents=True, exist_ok=True)
    pcm = (np.clip(audio, -1, 1) * 32767).round().astype("<i2").tobytes()
    subprocess.run(["sox", "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-r", str(SAMPLE_RATE), "-c", "1", "-",
                    str(args.out / f"{name}.flac")], input=pcm, check=True)
    seconds = len(audio) / SAMPLE_RATE
    with open(args.out / f"{name}.tsv", "w", newline="") as file:
        writer = csv.writer(file, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "file", "seconds", "transcript"])
        writer.writerow([name, f"{name}.flac", f"{seconds:.3f}", " ".join(texts)])
    print(f"{args.out / (name + '.flac')}: {seconds:.1f} s, {len(ids)} phrases, "
          f"{seconds - sum(float(rows[i]['seconds']) for i in ids):.1f} s of pauses")


if __name__ == "__main__":
    main()
