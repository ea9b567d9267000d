#!/usr/bin/env python3
"""Word error rate of `myna transcribe` and of faster-whisper on the same files, after openai-whisper's English text
normaliser (whisper/normalizers, loaded from the openai-whisper source distribution; it needs only `regex` and
`more_itertools`).

Sets: every utterance of ../shared/data/asr/dev.tsv (84, 8.6 min) and the transcribed long-form recordings of
../shared/data/longform/longform.tsv. Both sides use the same model folder and beam size (default 5, faster-whisper's
default) with temperature fallback. Prints one line per set: words, WER of Myna, WER of faster-whisper, and how many
files gave identical text.

Run: bench/.venv/bin/python scripts/evaluate_wer.py [--model models/whisper-tiny.en] [--beam-size 5] [--myna PATH]
"""
import argparse
import csv
import importlib.util
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def load_normalizer():
    tmp = Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary=:all:",
                    "--dest", str(tmp), "openai-whisper==20250625"], check=True)
    with tarfile.open(next(tmp.glob("openai_whisper-*.tar.gz"))) as tar:
        for member in tar.getmembers():
            if "/whisper/normalizers/" in member.name and member.isfile():
                target = tmp / "whisper_normalizers" / Path(member.name).name
                target.parent.mkdir(exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())
    spec = importlib.util.spec_from_file_location("whisper_normalizers", tmp / "whisper_normalizers" / "__init__.py",
                                                  submodule_search_locations=[str(tmp / "whisper_normalizers")])
    module = importlib.util.module_from_spec(spec)
    sys.modules["whisper_normalizers"] = module
    spec.loader.exec_module(module)
    return module.EnglishTextNormalizer()


def edit_distance(reference, hypothesis):
    previous = list(range(len(hypothesis) + 1))
    for i, word in enumerate(reference, 1):
        current = [i]
        for j, other in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other)))
        previous = current
    return previous[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(ROOT / "models" / "whisper-tiny.en"))
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--myna", default=str(ROOT / ".build" / "release" / "myna"))
    args = parser.parse_args()
    normalize = load_normalizer()
    from faster_whisper import WhisperModel
    reference_model = WhisperModel(args.model, device="cpu", compute_type="float32", cpu_threads=2)

    sets = {}
    with open(DATA / "asr" / "dev.tsv", newline="") as f:
        sets["asr/dev"] = [(DATA / "asr" / r["file"], r["transcript"]) for r in csv.DictReader(f, delimiter="\t")]
    with open(DATA / "longform" / "longform.tsv", newline="") as f:
        sets["longform"] = [(DATA / "longform" / r["file"], r["transcript"]) for r in csv.DictReader(f, delimiter="\t")
                            if r["transcript"].strip()]
    for name, files in sets.items():
        words = errors_myna = errors_reference = identical = 0
        for path, transcript in files:
            result = subprocess.run([args.myna, "transcribe", "--model", args.model, "--beam-size", str(args.beam_size),
                                     "--json", str(path)], capture_output=True, text=True, check=True)
            mine = json.loads(result.stdout)["text"]
            segments, _ = reference_model.transcribe(str(path), beam_size=args.beam_size)
            theirs = "".join(s.text for s in segments)
            truth = normalize(transcript).split()
            words += len(truth)
            errors_myna += edit_distance(truth, normalize(mine).split())
            errors_reference += edit_distance(truth, normalize(theirs).split())
            identical += mine == theirs
        print(f"{name}: {len(files)} files, {words} words; WER Myna {100 * errors_myna / words:.2f}%, "
              f"faster-whisper {100 * errors_reference / words:.2f}%; identical text on {identical}/{len(files)}")


if __name__ == "__main__":
    main()
