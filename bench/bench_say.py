"""say: Piper text-to-speech, Myna against piper-tts 1.8.0 on the same voice (en_US-joe-medium), 2 threads.

Input: the 10 sentences below (numbers, names, a question, long and short), as one text: one request each side,
consumed sentence by sentence as it streams. Voice defaults (noise_scale 0.667, noise_w 0.8, length_scale 1).

  Myna       myna-bench say VOICE:TEXT (release): PiperVoice loaded (timed apart), then PiperSynthesizer.synthesize,
             every chunk consumed. Debian's libespeak-ng 1.51 phonemizes.
  reference  piper-tts: PiperVoice.load with onnxruntime (CPUExecutionProvider, intra_op_num_threads = 2), then
             voice.synthesize(text) consumed chunk by chunk, in process. Its bundled espeak-ng fork phonemizes.
Reported: synthesis wall time (median of --repeat after a warm-up), real-time factor (wall / audio seconds), time to
first audio (first chunk), audio seconds, and Myna / piper. Audio lengths differ slightly: the noise differs and the
two espeak-ng versions phonemize a few words differently.
"""
import statistics
import tempfile
import time
from pathlib import Path

import benchlib

VOICE = benchlib.ROOT / "models" / "piper-en_US-joe-medium" / "en_US-joe-medium.onnx"
THREADS = 2
SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "Is this the right way to the station?",
    "In 1969, Neil Armstrong walked on the moon.",
    "Please call Stella and ask her to bring these things with her from the store.",
    "Doctor Smith lives at 221 Baker Street, London.",
    "Good morning.",
    "The weather today is sunny with a light breeze from the west.",
    "It costs twenty dollars and fifty cents.",
    "Speech synthesis turns written text into natural sounding audio, one sentence at a time.",
    "Thank you very much for your help!",
]


def piper_run(voice, text):
    start = time.perf_counter()
    first, samples, sentences = None, 0, 0
    for chunk in voice.synthesize(text):
        if first is None:
            first = time.perf_counter() - start
        samples += len(chunk.audio_float_array)
        sentences += 1
    return time.perf_counter() - start, first, samples, sentences


def run(context: benchlib.Context) -> None:
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig
    import json

    text = " ".join(SENTENCES)
    text_file = Path(tempfile.mkdtemp()) / "say.txt"
    text_file.write_text(text, encoding="utf-8")

    command = [str(context.myna_bench), "say", f"{VOICE}:{text_file}"]
    benchlib.run_process(command)  # warm-up
    jobs, firsts, walls, facts = [], [], [], {}
    for _ in range(context.repeat):
        wall, out = benchlib.run_process(command)
        facts = json.loads(out.strip().splitlines()[-1])
        walls.append(wall)
        jobs.append(facts["seconds"])
        firsts.append(facts["firstAudioMicroseconds"] / 1e6)
    myna = {"job": statistics.median(jobs), "process": statistics.median(walls)}
    myna_audio = facts["samples"] / facts["sampleRate"]
    myna_first = statistics.median(firsts)

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = 1
    load_start = time.perf_counter()
    config = PiperConfig.from_dict(json.loads(Path(f"{VOICE}.json").read_text()))
    voice = PiperVoice(session=onnxruntime.InferenceSession(str(VOICE), sess_options=options,
                                                           providers=["CPUExecutionProvider"]), config=config)
    piper_load = time.perf_counter() - load_start
    piper_run(voice, text)  # warm-up
    runs = [piper_run(voice, text) for _ in range(context.repeat)]
    piper_wall = statistics.median(r[0] for r in runs)
    piper_first = statistics.median(r[1] for r in runs)
    piper_audio = runs[-1][2] / config.sample_rate

    print(f"\nsay: 10 sentences as one text, en_US-joe-medium, {THREADS} threads (median of {context.repeat})")
    print(f"  {'':22}{'wall':>10}{'RTF':>9}{'first audio':>13}{'audio':>10}{'load':>9}")
    print(f"  {'Myna (myna-bench say)':22}{myna['job']:>9.3f}s{myna['job'] / myna_audio:>9.3f}{myna_first:>12.3f}s"
          f"{myna_audio:>9.2f}s{facts['loadMicroseconds'] / 1e6:>8.2f}s")
    print(f"  {'piper-tts 1.8.0':22}{piper_wall:>9.3f}s{piper_wall / piper_audio:>9.3f}{piper_first:>12.3f}s"
          f"{piper_audio:>9.2f}s{piper_load:>8.2f}s")
    print(f"  Myna / piper-tts: {myna['job'] / piper_wall:.2f} (wall), "
          f"{(myna['job'] / myna_audio) / (piper_wall / piper_audio):.2f} (RTF), {myna_first / piper_first:.2f} (first audio)")
    print(f"  note: sentences {facts['sentences']} vs {runs[-1][3]}; myna-bench process {myna['process']:.2f} s")
    print(f"  note: Myna's time by stage (separate pass): espeak-ng {facts['phonemizeMicroseconds'] / 1e6:.3f} s, "
          f"acoustic model {facts['acousticMicroseconds'] / 1e6:.3f} s, HiFi-GAN decoder {facts['decoderMicroseconds'] / 1e6:.3f} s")
