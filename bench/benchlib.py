"""Shared pieces of the benchmarks: inputs made from real speech, timing, and the report format.

Every benchmark times Myna and its reference on the same input in the same run and reports medians of
`Context.repeat` runs after one untimed warm-up run each (so all inputs are in the page cache):
- "job": the work alone, timed inside the process (myna-bench prints its own timing; Python references are timed
  around the call);
- "process": a whole process from start to exit (myna-bench, sox), start-up included.
"""
import csv
import json
import os
import platform
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile
import soxr

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
SPEECH_SECONDS = 600


class BenchError(Exception):
    """A failure that ends the run with one line naming what went wrong."""


@dataclass
class Context:
    bin_dir: Path
    repeat: int

    @property
    def myna_bench(self) -> Path:
        return self.bin_dir / "myna-bench"

    @property
    def myna(self) -> Path:
        return self.bin_dir / "myna"


def shared_data() -> Path:
    """../shared/data beside the clone, or $MYNA_SHARED_DATA (as the Swift tests find it)."""
    if os.environ.get("MYNA_SHARED_DATA"):
        return Path(os.environ["MYNA_SHARED_DATA"])
    return ROOT.parent / "shared" / "data"


def speech_16k() -> Path:
    """10 minutes of real speech, 16 kHz mono 16-bit FLAC: the dev utterances of shared/data/asr in tsv order,
    repeated as often as needed and cut to exactly SPEECH_SECONDS. Made once, kept in bench/.cache."""
    out = CACHE / "speech-10min-16k.flac"
    if out.is_file():
        return out
    table = shared_data() / "asr" / "dev.tsv"
    if not table.is_file():
        raise BenchError(f"{table}: not found (set MYNA_SHARED_DATA to the shared data directory)")
    with open(table, newline="") as f:
        files = [table.parent / row["file"] for row in csv.DictReader(f, delimiter="\t")]
    clips, total = [], 0
    wanted = SPEECH_SECONDS * 16000
    while total < wanted:
        for path in files:
            audio, rate = soundfile.read(path, dtype="float32")
            if rate != 16000 or audio.ndim != 1:
                raise BenchError(f"{path}: expected 16 kHz mono, found {rate} Hz, shape {audio.shape}")
            clips.append(audio)
            total += len(audio)
            if total >= wanted:
                break
    speech = np.concatenate(clips)[:wanted]
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial.flac")
    soundfile.write(partial, speech, 16000, subtype="PCM_16")
    partial.rename(out)
    return out


def speech_44k_stereo() -> Path:
    """The same 10 minutes as 44.1 kHz stereo 16-bit FLAC, so decoding exercises a CD-rate stereo file and the
    resampling benchmarks a downmix plus a 44.1k → 16k conversion. Right channel: the left at 0.8 gain, 10 ms later
    (so the two differ and the downmix is not a no-op)."""
    out = CACHE / "speech-10min-44k1-stereo.flac"
    if out.is_file():
        return out
    mono16, _ = soundfile.read(speech_16k(), dtype="float32")
    left = soxr.resample(mono16, 16000, 44100, quality="VHQ").astype(np.float32)
    delay = 441
    right = np.concatenate([np.zeros(delay, np.float32), 0.8 * left[:-delay]])
    stereo = np.clip(np.stack([left, right], axis=1), -1.0, 32767 / 32768)
    partial = out.with_suffix(".partial.flac")
    soundfile.write(partial, stereo, 44100, subtype="PCM_16")
    partial.rename(out)
    return out


def run_process(command: list) -> tuple:
    """Runs `command` once; returns (wall seconds, stdout). Fails with the command's stderr."""
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise BenchError(f"{' '.join(map(str, command))} exited {result.returncode}: {result.stderr.strip()}")
    return seconds, result.stdout


def time_process(context: Context, command: list) -> dict:
    """Median process time of `command` over context.repeat runs after a warm-up."""
    run_process(command)
    walls = [run_process(command)[0] for _ in range(context.repeat)]
    return {"process": statistics.median(walls), "runs": walls}


def time_myna_bench(context: Context, arguments: list) -> dict:
    """Median process and job time of `myna-bench arguments…`, plus the facts from its last JSON line."""
    command = [str(context.myna_bench)] + [str(a) for a in arguments]
    if not context.myna_bench.is_file():
        raise BenchError(f"{context.myna_bench}: not built (run bench/run, which builds it)")
    run_process(command)
    walls, jobs, facts = [], [], {}
    for _ in range(context.repeat):
        wall, stdout = run_process(command)
        facts = json.loads(stdout.strip().splitlines()[-1])
        walls.append(wall)
        jobs.append(facts["seconds"])
    return {"process": statistics.median(walls), "job": statistics.median(jobs), "facts": facts}


def time_call(context: Context, function) -> dict:
    """Median job time of `function()` in this process over context.repeat calls after a warm-up, and its last value."""
    value = function()
    times = []
    for _ in range(context.repeat):
        start = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - start)
    return {"job": statistics.median(times), "value": value}


def seconds(value) -> str:
    return "-" if value is None else f"{value:8.3f} s"


def report(title: str, rows: list, ratios: list, notes: list = ()) -> None:
    """Prints one benchmark: rows of (name, job seconds or None, process seconds or None), then ratios
    (label, myna seconds, reference seconds), then notes."""
    print(f"\n{title}")
    width = max(len(r[0]) for r in rows)
    print(f"  {'':{width}}  {'job':>10}  {'process':>10}")
    for name, job, process in rows:
        print(f"  {name:{width}}  {seconds(job):>10}  {seconds(process):>10}")
    for label, mine, theirs in ratios:
        print(f"  Myna / {label}: {mine / theirs:.2f}")
    for note in notes:
        print(f"  note: {note}")


def print_machine() -> None:
    # The name alone can hide the kind ("AMD EPYC" is Zen 2, 3 or 4): family and model say which.
    fields = {}
    try:
        for line in open("/proc/cpuinfo"):
            if not line.strip():
                break
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
    except OSError:
        pass
    model = fields.get("model name", "unknown CPU")
    if "cpu family" in fields and "model" in fields:
        model += f" (family {fields['cpu family']} model {fields['model']})"
    print(f"machine: {model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
          f"python {platform.python_version()}, soundfile {soundfile.__version__} (libsndfile "
          f"{soundfile.__libsndfile_version__}), python-soxr {soxr.__version__} (libsoxr "
          f"{getattr(soxr, '__libsoxr_version__', '?')})")
