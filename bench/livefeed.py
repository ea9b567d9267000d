"""A microphone made of a named pipe, for measuring `myna dictate` through the real ALSA capture path.

ALSA's `file` plugin with `infile` set to a FIFO (over the `null` PCM) is a capture device whose samples are whatever
is written into the pipe, and which delivers them only as they are written. `LiveFeed` writes 16 kHz mono S16_LE audio
into it at real-time pace (or a multiple of it) from a thread, starts `myna dictate --device myna_livefeed --json` with
ALSA_CONFIG_PATH pointing at the stock alsa.conf plus that PCM, and timestamps every line myna prints as it arrives.
Audio time `a` (seconds of the fed stream) was written at wall time `t0 + a / pace`, so the latency of an event about
audio time `a` is `arrival - (t0 + a / pace)`.
"""
import json
import os
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

PCM = "myna_livefeed"


def alsa_configuration(directory: Path) -> str:
    fifo = directory / "input.fifo"
    os.mkfifo(fifo)
    conf = directory / "asound-livefeed.conf"
    conf.write_text(f"""
pcm.{PCM}_s16 {{ type linear; slave {{ pcm {{ type plug; slave {{ pcm "null"; rate 16000; format S16_LE }} }}; format S16_LE }} }}
pcm.{PCM} {{ type file; slave.pcm "{PCM}_s16"; file "/dev/null"; infile "{fifo}"; format "raw" }}
""")
    stock = os.environ.get("ALSA_CONFIG_DIR", "/usr/share/alsa")
    return f"{stock}/alsa.conf:{conf}"


class LiveFeed:
    def __init__(self, myna, audio: np.ndarray, arguments=(), pace: float = 1.0, period: float = 0.05,
                 on_line=None, duration: float = None):
        """`audio`: float32 16 kHz mono, looped until `duration` seconds were written when given.
        `arguments`: more `myna dictate` options."""
        self.duration = duration if duration is not None else len(audio) / 16000
        self.directory = Path(tempfile.mkdtemp(prefix="myna-livefeed-"))
        step = int(16000 * period)
        audio = np.concatenate([audio, np.zeros(-len(audio) % step, dtype=np.float32)])   # whole periods, to loop
        self.audio = np.clip(np.round(audio * 32768), -32768, 32767).astype("<i2")
        self.pace = pace
        self.period = period
        self.lines = []                 # (arrival time, parsed JSON)
        self.on_line = on_line
        self.t0 = None
        self.written_seconds = 0.0
        self.late_writes = 0            # periods written more than a period late (the pipe was full)
        self.done_writing = threading.Event()
        self.stopping = threading.Event()
        environment = dict(os.environ, ALSA_CONFIG_PATH=alsa_configuration(self.directory))
        command = [str(myna), "dictate", "--device", PCM, "--json"] + list(arguments)
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment,
                                        text=True, bufsize=1)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        # stderr is drained as it comes (loss warnings during a long run would otherwise fill the pipe and block myna).
        self.stderr_lines = []
        self.stderr_reader = threading.Thread(target=lambda: self.stderr_lines.extend(self.process.stderr), daemon=True)
        self.stderr_reader.start()
        self.writer = threading.Thread(target=self._write, daemon=True)
        self.writer.start()

    def _write(self):
        # Blocks until myna opens the device (after loading its models).
        with open(self.directory / "input.fifo", "wb", buffering=0) as fifo:
            step = int(16000 * self.period)
            total = int(self.duration * 16000)
            self.t0 = time.monotonic()
            for index, position in enumerate(range(0, total, step)):
                start = position % len(self.audio)
                due = self.t0 + index * self.period / self.pace
                now = time.monotonic()
                if now < due:
                    time.sleep(due - now)
                elif now - due > self.period:
                    self.late_writes += 1
                try:
                    fifo.write(self.audio[start:start + step].tobytes())
                except BrokenPipeError:
                    return
                self.written_seconds = (position + step) / 16000
            self.done_writing.set()
            # Then silence in real time, as a microphone goes on delivering, until stop(): a closed pipe would make
            # the file plugin deliver as fast as it is read.
            silence = np.zeros(step, dtype="<i2").tobytes()
            index = total // step
            while not self.stopping.is_set():
                due = self.t0 + index * self.period / self.pace
                now = time.monotonic()
                if now < due:
                    time.sleep(due - now)
                try:
                    fifo.write(silence)
                except BrokenPipeError:
                    return
                index += 1

    def _read(self):
        for line in self.process.stdout:
            arrival = time.monotonic()
            if line.strip():
                event = json.loads(line)
                self.lines.append((arrival, event))
                if self.on_line:
                    self.on_line(arrival, event)

    def wait_written(self, timeout=None):
        """Waits until the audio was written (silence follows); False on timeout."""
        return self.done_writing.wait(timeout)

    def stop(self, timeout=120):
        """Ctrl-C, then wait for the final text and the summary."""
        self.process.send_signal(2)
        try:
            self.process.wait(timeout=timeout)
        finally:
            self.stopping.set()
            self.reader.join(timeout=10)
        return self.process.returncode, self.stderr_text()

    def stderr_text(self):
        """What myna wrote on stderr (all of it once the process has ended)."""
        if self.process.poll() is not None:
            self.stderr_reader.join(timeout=10)
        return "".join(self.stderr_lines)

    def wall_time(self, audio_seconds: float) -> float:
        return self.t0 + audio_seconds / self.pace

    def events(self, kind):
        return [(arrival, event) for arrival, event in self.lines if event["type"] == kind]


def percentile(values, q):
    return float(np.percentile(np.array(values), q)) if values else float("nan")


def latencies(feed: LiveFeed) -> dict:
    """Offset -> final, speech end -> final and onset -> first tentative words, in seconds of wall time."""
    offset, speech_end, onset = [], [], []
    first_words = {}
    for arrival, event in feed.events("partial"):
        if event["text"].strip() and event["utterance"] not in first_words:
            first_words[event["utterance"]] = (arrival, event)
    for arrival, event in feed.events("final"):
        if not event["text"] or event["reason"] != "silence":
            continue
        offset.append(arrival - feed.wall_time(event["endpoint"]))
        speech_end.append(arrival - feed.wall_time(event["end"]))
    for arrival, event in first_words.values():
        onset.append(arrival - feed.wall_time(event["start"]))
    return {"offset_to_final": offset, "speech_end_to_final": speech_end, "onset_to_first_words": onset}
