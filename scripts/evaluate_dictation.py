#!/usr/bin/env python3
"""Word error rate of live dictation against `myna transcribe` on the same files, after openai-whisper's English text
normaliser (loaded as scripts/evaluate_wer.py loads it).

For each transcribed recording of ../shared/data/longform/longform.tsv (or of --set TSV, same columns, files beside it:
scripts/make_paused_reading.py writes one read slowly with long pauses):
  dictation    `myna dictate --input FILE --fast --json` (the file fed as a microphone as fast as it decodes, in
               512-sample reads, so the partial schedule is the live one and the result is the same every run); the
               final texts of all utterances, joined;
  transcribe   `myna transcribe --json FILE` (faster-whisper's long-form algorithm, beam 5).
Both with the same model. Prints per file and overall: words, WER of each, the difference in points, and the
utterance count. With --realtime, dictation plays the file at real-time pace instead (slower; decodes then depend on
the machine's speed).

Run: bench/.venv/bin/python scripts/evaluate_dictation.py [--model models/whisper-tiny.en] [--myna PATH] [--realtime]
         [--set TSV]
"""
import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate_wer import DATA, ROOT, edit_distance, load_normalizer  # noqa: E402


def dictate(myna, model, path, realtime, extra):
    command = [myna, "dictate", "--model", model, "--input", str(path), "--json"] + ([] if realtime else ["--fast"]) + extra
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"myna dictate failed on {path}: {result.stderr.strip()[-400:]}")
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    finals = [e for e in events if e["type"] == "final"]
    summary = next(e for e in events if e["type"] == "summary")
    return " ".join(e["text"] for e in finals if e["text"]), finals, summary


def transcribe(myna, model, path):
    result = subprocess.run([myna, "transcribe", "--model", model, "--json", str(path)], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)["text"]


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "whisper-tiny.en"))
    parser.add_argument("--myna", default=str(ROOT / ".build" / "release" / "myna"))
    parser.add_argument("--realtime", action="store_true")
    parser.add_argument("--show", action="store_true", help="print both texts")
    parser.add_argument("--only", help="only the recordings whose id contains this")
    parser.add_argument("--set", type=Path, default=DATA / "longform" / "longform.tsv",
                        help="TSV of recordings (id, file, transcript), files relative to it")
    parser.add_argument("extra", nargs="*", help="more `myna dictate` options (after --)")
    args = parser.parse_args()
    normalize = load_normalizer()
    with open(args.set, newline="") as f:
        files = [(r["id"], args.set.parent / r["file"], r["transcript"]) for r in csv.DictReader(f, delimiter="\t")
                 if r["transcript"].strip() and (args.only is None or args.only in r["id"])]
    total_words = total_dictation = total_transcribe = 0
    for name, path, transcript in files:
        dictated, finals, summary = dictate(args.myna, args.model, path, args.realtime, args.extra)
        transcribed = transcribe(args.myna, args.model, path)
        truth = normalize(transcript).split()
        e_dictation = edit_distance(truth, normalize(dictated).split())
        e_transcribe = edit_distance(truth, normalize(transcribed).split())
        total_words += len(truth)
        total_dictation += e_dictation
        total_transcribe += e_transcribe
        print(f"{name}: {len(truth)} words, {len(finals)} utterances; WER dictation {100 * e_dictation / len(truth):.2f}%, "
              f"transcribe {100 * e_transcribe / len(truth):.2f}%, difference "
              f"{100 * (e_dictation - e_transcribe) / len(truth):+.2f} points; "
              f"{summary['partial_decodes']} partial, {summary['speculative_decodes']} speculative, "
              f"{summary['final_decodes']} final decodes, {summary['reused_finals']} finals reused")
        if args.show:
            print(f"  dictation:  {dictated}\n  transcribe: {transcribed.strip()}")
    print(f"all: {total_words} words; WER dictation {100 * total_dictation / total_words:.2f}%, transcribe "
          f"{100 * total_transcribe / total_words:.2f}%, difference {100 * (total_dictation - total_transcribe) / total_words:+.2f} points")


if __name__ == "__main__":
    main()
