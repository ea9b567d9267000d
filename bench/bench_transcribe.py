"""transcribe: Whisper tiny.en, greedy (beam_size=1) and faster-whisper's default beam 5, both with the default
temperature fallback, on real speech.

Inputs: the 11 s JFK clip (audio-samples/jfk.flac) and the 52 s two-session long-form recording
(shared/data/longform/long-mfa-michaelandsickmichael.flac).

  Myna       `myna transcribe --model whisper-tiny.en --beam-size N FILE` (release build), whole process: model load, decoding the
             file, log-mel, encoder, greedy decoding, output.
  reference  faster-whisper 1.2.1 (CTranslate2 4.8.5), float32, cpu_threads = all cores: WhisperModel loaded once
             (untimed), then transcribe(FILE, beam_size=N) with its segments consumed (job), and the same in a fresh
             Python process including imports and model load (process).
Both sides use all cores. The texts are compared (they must be equal on the JFK clip; MynaRecognitionTests checks
the tokens exactly).
"""
import os
import subprocess
import sys
import time

import benchlib

MODEL = benchlib.ROOT / "models" / "whisper-tiny.en"
THREADS = os.cpu_count() or 1


def faster_whisper_model():
    from faster_whisper import WhisperModel
    return WhisperModel(str(MODEL), device="cpu", compute_type="float32", cpu_threads=THREADS)


def run(context: benchlib.Context) -> None:
    clips = [benchlib.ROOT / "audio-samples" / "jfk.flac",
             benchlib.shared_data() / "longform" / "long-mfa-michaelandsickmichael.flac"]
    model = faster_whisper_model()
    for clip in clips:
        for beam in (1, 5):
            run_one(context, model, clip, beam)


def run_one(context, model, clip, beam):
    command = [str(context.myna), "transcribe", "--model", str(MODEL), "--beam-size", str(beam), str(clip)]
    myna = benchlib.time_process(context, command)

    def reference():
        segments, _ = model.transcribe(str(clip), beam_size=beam)
        return [s.text for s in segments]

    texts = reference()
    job = benchlib.time_call(context, reference)
    script = ("import sys; from faster_whisper import WhisperModel; "
              f"m = WhisperModel({str(MODEL)!r}, device='cpu', compute_type='float32', cpu_threads={THREADS}); "
              f"s, _ = m.transcribe({str(clip)!r}, beam_size={beam}); print(''.join(x.text for x in s))")
    process = benchlib.time_process(context, [sys.executable, "-c", script])
    mine = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    same = mine.splitlines() == [t.strip() for t in texts]
    benchlib.report(
        f"transcribe {clip.name} (tiny.en, {'greedy' if beam == 1 else f'beam {beam}'}, {THREADS} threads)",
        [("myna transcribe", None, myna["process"]),
         ("faster-whisper transcribe", job["job"], None),
         ("faster-whisper process", None, process["process"])],
        [("faster-whisper (whole process)", myna["process"], process["process"]),
         ("faster-whisper (transcribe call, model preloaded)", myna["process"], job["job"])],
        [f"same text as faster-whisper: {same}"])
