"""Latency of a running `myna wyoming`, as Home Assistant feels it, with the real `wyoming` client.

- Speech to text: each dev clip of ../shared/data/asr (decoded with sox to 16 kHz 16-bit mono) is sent in 1024-sample
  chunks in real time (one chunk per 64 ms, as a microphone delivers it), followed by --trailing-silence seconds of
  digital silence (default 1 s: Home Assistant's satellites stop the stream after their own VAD has heard about a
  second of silence, so the server receives it; the dev clips end right after the last word); the time from
  `audio-stop` to `transcript` is measured. Each clip is sent twice, with and without the trailing silence, and both
  figures are reported (--trailing-silence 0: only without).
- Text to speech: the time from `synthesize` of a three-sentence text to its first `audio-chunk`.
Prints medians and 95th percentiles with the CPU model (/proc/cpuinfo).

Run: myna wyoming --uri tcp://127.0.0.1:10300 &  then
     $(scripts/wyoming_venv.sh) scripts/wyoming_latency.py [--port 10300] [--clips 10] [--tts-runs 5] \
         [--trailing-silence 1.0]
"""

import argparse
import asyncio
import csv
import os
import statistics
import subprocess
import time

from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.tts import Synthesize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("MYNA_SHARED_DATA", os.path.join(os.path.dirname(ROOT), "shared", "data"))
TEXT = "The front door is locked. The kitchen lights are off. Good night, and sleep well."


def cpu_model():
    with open("/proc/cpuinfo") as file:
        for line in file:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown CPU"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def transcribe_latency(port, path, trailing_seconds):
    audio = subprocess.run(["sox", path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-r", "16000", "-c",
                            "1", "-"], check=True, capture_output=True).stdout
    audio += bytes(2 * int(round(trailing_seconds * 16000)))
    client = AsyncTcpClient("127.0.0.1", port)
    await client.connect()
    await client.write_event(Transcribe().event())
    await client.write_event(AudioStart(rate=16000, width=2, channels=1).event())
    step = 1024 * 2
    started = time.monotonic()
    for index, offset in enumerate(range(0, len(audio), step)):
        await client.write_event(AudioChunk(rate=16000, width=2, channels=1, audio=audio[offset:offset + step]).event())
        # Real time: chunk n is sent when its last sample would have been captured.
        delay = started + (offset + step) / 32000 - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
    stopped = time.monotonic()
    await client.write_event(AudioStop().event())
    while True:
        event = await client.read_event()
        if event is None:
            raise SystemExit("connection closed")
        if Transcript.is_type(event.type):
            latency = time.monotonic() - stopped
            await client.disconnect()
            return latency, Transcript.from_event(event).text


async def synthesize_latency(port):
    client = AsyncTcpClient("127.0.0.1", port)
    await client.connect()
    started = time.monotonic()
    await client.write_event(Synthesize(text=TEXT).event())
    first = None
    while True:
        event = await client.read_event()
        if event is None:
            raise SystemExit("connection closed")
        if first is None and AudioChunk.is_type(event.type):
            first = time.monotonic() - started
        if AudioStop.is_type(event.type):
            await client.disconnect()
            return first


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=10300)
    parser.add_argument("--clips", type=int, default=10)
    parser.add_argument("--tts-runs", type=int, default=5)
    parser.add_argument("--trailing-silence", type=float, default=1.0,
                        help="seconds of silence sent after each clip before audio-stop (0: none)")
    args = parser.parse_args()
    with open(os.path.join(SHARED, "asr", "dev.tsv")) as file:
        rows = list(csv.DictReader(file, delimiter="\t"))[: args.clips]
    trailing = [args.trailing_silence, 0.0] if args.trailing_silence > 0 else [0.0]
    stt = {seconds: [] for seconds in trailing}
    for row in rows:
        for seconds in trailing:
            latency, text = await transcribe_latency(args.port, os.path.join(SHARED, "asr", row["file"]), seconds)
            stt[seconds].append(latency)
            print(f"{row['id']}: {float(row['seconds']):.1f} s audio + {seconds:.1f} s silence, "
                  f"audio-stop → transcript {latency:.3f} s: {text}")
    tts = [await synthesize_latency(args.port) for _ in range(args.tts_runs)]
    print(f"CPU: {cpu_model()} ({os.cpu_count()} cores visible)")
    with open("/proc/loadavg") as file:
        print(f"load average (1, 5, 15 min): {' '.join(file.read().split()[:3])}")
    for seconds, values in stt.items():
        print(f"audio-stop → transcript, {seconds:.1f} s trailing silence: median {statistics.median(values):.3f} s, "
              f"p95 {percentile(values, 0.95):.3f} s ({len(values)} dev clips sent in real time)")
    print(f"synthesize → first audio-chunk (3 sentences): median {statistics.median(tts):.3f} s, "
          f"p95 {percentile(tts, 0.95):.3f} s ({len(tts)} runs)")


if __name__ == "__main__":
    asyncio.run(main())
