#!/usr/bin/env python3
"""Golden word timestamps for every utterance of ../shared/data/asr/dev.tsv from faster-whisper 1.2.1
(`word_timestamps=True`, float32 on the CPU, temperature 0 without fallback as the token goldens of
whisper_dev_goldens.py; beam 1 and beam 5), for tiny.en and, when its folder is in models/, base.

Writes, in Tests/MynaRecognitionTests/Golden/:
- faster_whisper_words_<model>.json: per utterance the segments (tokens, start, end, text) and their words
  (word, start, end, probability) exactly as faster-whisper returns them;
- word_alignment_vectors.json: small reference vectors for the pieces of the alignment: the median filter of width 7
  with reflected edges (numpy, as openai-whisper's CPU path and CTranslate2's MedianFilter compute it), DTW over a
  negated cost with openai-whisper's / CTranslate2's tie-breaking, z-score normalisation over the token axis, and
  faster-whisper's own `merge_punctuations` run on word lists.

Needs faster-whisper==1.2.1 (bench/requirements.txt). Run: bench/.venv/bin/python scripts/goldens/whisper_word_goldens.py
(`--only vectors|whisper-tiny.en|whisper-base` makes one of the files; `--limit N` keeps the first N utterances).
The committed base golden holds the first 30 utterances (`--only whisper-base --limit 30`): faster-whisper with base
on the whole dev set takes too long on this 2-core machine.
"""
import argparse
import copy
import csv
import json
import sys
from pathlib import Path

import numpy as np
from faster_whisper import WhisperModel
from faster_whisper.transcribe import merge_punctuations

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
GOLDEN = ROOT / "Tests" / "MynaRecognitionTests" / "Golden"
PREPEND = "\"'“¿([{-"
APPEND = "\"'.。,，!！?？:：”)]}、"


def words_golden(model_name, beams, limit=None):
    model = WhisperModel(str(ROOT / "models" / model_name), device="cpu", compute_type="float32", cpu_threads=2)
    with open(DATA / "asr" / "dev.tsv", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))[:limit]
    utterances = []
    for row in rows:
        entry = {"id": row["id"], "file": "asr/" + row["file"]}
        for beam in beams:
            segments, _ = model.transcribe(str(DATA / "asr" / row["file"]), beam_size=beam, temperature=0.0,
                                           word_timestamps=True, language="en")
            entry[f"beam{beam}"] = [
                {"tokens": s.tokens, "start": s.start, "end": s.end, "text": s.text,
                 "words": [{"word": w.word, "start": w.start, "end": w.end, "probability": w.probability}
                           for w in s.words]}
                for s in segments]
        utterances.append(entry)
        print(model_name, row["id"], "".join(s["text"] for s in entry[f"beam{beams[0]}"])[:60], file=sys.stderr)
    out = GOLDEN / f"faster_whisper_words_{model_name}.json"
    out.write_text(json.dumps({"model": model_name, "faster_whisper": "1.2.1", "temperature": 0.0,
                               "word_timestamps": True, "utterances": utterances},
                              ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {out.relative_to(ROOT)} ({len(utterances)} utterances)", file=sys.stderr)


# Reference pieces (openai-whisper timing.py and CTranslate2 ops, written with numpy).

def median_filter(x, width):
    """Median over the last axis, edges reflected without repeating the edge sample (numpy 'reflect')."""
    pad = width // 2
    if x.shape[-1] <= pad:
        return x.copy()
    padded = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(pad, pad)], mode="reflect")
    windows = np.lib.stride_tricks.sliding_window_view(padded, width, axis=-1)
    return np.median(windows, axis=-1).astype(np.float32)


def negative_dtw(x):
    """DTW of cost -x; ties go left (time) over up (token) over diagonal except where strictly smaller."""
    n, m = x.shape
    cost = np.full((n + 1, m + 1), np.inf, dtype=np.float32)
    trace = -np.ones((n + 1, m + 1), dtype=np.int32)
    cost[0, 0] = 0
    for j in range(1, m + 1):
        for i in range(1, n + 1):
            c0, c1, c2 = cost[i - 1, j - 1], cost[i - 1, j], cost[i, j - 1]
            if c0 < c1 and c0 < c2:
                c, t = c0, 0
            elif c1 < c0 and c1 < c2:
                c, t = c1, 1
            else:
                c, t = c2, 2
            cost[i, j] = np.float32(-x[i - 1, j - 1]) + c
            trace[i, j] = t
    trace[0, :] = 2
    trace[:, 0] = 1
    i, j = n, m
    path = []
    while i > 0 and j > 0:
        path.append((i - 1, j - 1))
        t = trace[i, j]
        if t == 0:
            i, j = i - 1, j - 1
        elif t == 1:
            i -= 1
        else:
            j -= 1
    path.reverse()
    return path


def vectors():
    rng = np.random.default_rng(18)
    median = []
    for rows, cols in ((1, 12), (3, 20), (2, 4), (2, 3)):
        x = rng.standard_normal((rows, cols)).astype(np.float32)
        median.append({"input": x.tolist(), "width": 7, "output": median_filter(x, 7).tolist()})
    dtw = []
    for n, m in ((4, 9), (6, 15), (3, 3), (5, 30)):
        # A noisy diagonal, like attention that moves forward in time, and ties from rounding to 0.25.
        x = rng.standard_normal((n, m)).astype(np.float32) * 0.3
        for i in range(n):
            x[i, (i * m) // n] += 1.5
        x = (np.round(x * 4) / 4).astype(np.float32)
        path = negative_dtw(x)
        dtw.append({"input": x.tolist(), "textIndices": [p[0] for p in path], "timeIndices": [p[1] for p in path]})
    normalize = []
    for heads, tokens, frames in ((2, 5, 6), (1, 3, 4)):
        x = rng.random((heads, tokens, frames)).astype(np.float32)
        mean = x.mean(axis=-2, keepdims=True)
        std = x.std(axis=-2, keepdims=True)
        normalize.append({"input": x.tolist(), "output": ((x - mean) / std).astype(np.float32).tolist()})
    merges = []
    for words in (
        [" Hello", ",", " world", "."],
        [" \"", "Quote", "\"", " said", " (", "he", ")", "!"],
        [" a", " -", "b", " c", "?", "!"],
        [" ¿", "Qué", "?", " ok", " '", " x", "'s", "”"],
        [" one", " ", "two", "。", " three", ".,"],
    ):
        alignment = [{"word": w, "tokens": [k]} for k, w in enumerate(words)]
        merged = copy.deepcopy(alignment)
        merge_punctuations(merged, PREPEND, APPEND)
        merges.append({"words": words, "merged": [w["word"] for w in merged], "tokens": [w["tokens"] for w in merged]})
    out = GOLDEN / "word_alignment_vectors.json"
    out.write_text(json.dumps({"medianFilter": median, "dtw": dtw, "normalize": normalize,
                               "mergePunctuations": merges, "prepend": PREPEND, "append": APPEND},
                              ensure_ascii=False) + "\n")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["vectors", "whisper-tiny.en", "whisper-base"])
    parser.add_argument("--limit", type=int, help="first N utterances of dev.tsv only")
    args = parser.parse_args()
    if args.only in (None, "vectors"):
        vectors()
    if args.only in (None, "whisper-tiny.en"):
        words_golden("whisper-tiny.en", (1, 5), args.limit)
    if args.only in (None, "whisper-base") and (ROOT / "models" / "whisper-base" / "model.bin").exists():
        words_golden("whisper-base", (5,), args.limit)


if __name__ == "__main__":
    main()
