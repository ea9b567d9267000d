#!/usr/bin/env python3
"""Golden data for MynaSynthesis from piper-tts 1.8.0 (onnxruntime) on the pinned voice en_US-joe-medium.

Writes to Tests/MynaSynthesisTests/Golden/:
  piper_waveforms.{json,bin}   12 sentences: piper-tts's phoneme ids, the frame count of every phoneme (the ceil'd
                               durations), and its raw model output (`PiperVoice.phoneme_ids_to_audio`, before piper's
                               per-sentence peak normalisation) with noise_scale 0 and noise_w 0, so the output is
                               deterministic. The waveform is stored as every 16th sample plus one contiguous segment
                               of 2048 samples from the middle, and summary statistics of the whole (sample count, sum
                               of squares, max |x|): small files that still catch any error.
  piper_stages.{json,bin}      for the first (short) sentence: the text encoder's m_p and logs_p, the duration
                               predictor's log-durations, and the flow output that enters the decoder, taken as extra
                               outputs of the same ONNX graph (for debugging a mismatch stage by stage).
  piper_phonemes.json          piper-tts's phonemes (its bundled espeak-ng fork) for 126 sentences: the 12 above, the
                               30 intelligibility sentences of scripts/evaluate_tts_wer.py and the 84 transcripts of
                               ../shared/data/asr/dev.tsv; the tests measure how often Debian's espeak-ng differs.

Run: bench/.venv/bin/python scripts/goldens/piper_goldens.py  (from the repository; needs models/ from setup.sh)
"""
import csv
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
from piper import PiperVoice, SynthesisConfig

from golden_bundle import GoldenBundle

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "MynaSynthesisTests" / "Golden"
GENERATOR = "scripts/goldens/piper_goldens.py"
REFERENCE = "piper-tts 1.8.0 (onnxruntime)"
VOICE = ROOT / "models" / "piper-en_US-joe-medium" / "en_US-joe-medium.onnx"
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "scripts"))
from tts_sentences import INTELLIGIBILITY_SENTENCES  # noqa: E402

STRIDE = 16
SEGMENT = 2048

EXACTNESS_SENTENCES = [
    "Hi.",
    "The quick brown fox jumps over the lazy dog.",
    "Is this the right way to the station?",
    "She sells sea shells by the sea shore!",
    "In 1969, Neil Armstrong walked on the moon.",
    "Please call Stella and ask her to bring these things with her from the store.",
    "Wait; what did you say?",
    "Numbers like 3.14 and 42 are easy to read aloud.",
    "Doctor Smith lives at 221 Baker Street, London.",
    "The audio was recorded at forty-four point one kilohertz.",
    "Yes!",
    "Speech synthesis turns written text into natural sounding audio, one sentence at a time.",
]


def session_with_outputs(names):
    model = onnx.load(str(VOICE))
    for name in names:
        model.graph.output.append(onnx.ValueInfoProto(name=name))
    options = onnxruntime.SessionOptions()
    return onnxruntime.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    voice = PiperVoice.load(str(VOICE))
    deterministic = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0, length_scale=1.0)
    stages = ["/Ceil_output_0", "/enc_p/Split_output_0", "/enc_p/Split_output_1", "/dp/Split_output_0", "/Mul_7_output_0"]
    staged = session_with_outputs(stages)

    waveforms = GoldenBundle(OUT / "piper_waveforms", GENERATOR, reference=REFERENCE)
    for index, text in enumerate(EXACTNESS_SENTENCES):
        sentences = voice.phonemize(text)
        assert len(sentences) == 1, (text, sentences)
        ids = voice.phonemes_to_ids(sentences[0])
        audio = np.asarray(voice.phoneme_ids_to_audio(ids, deterministic), dtype=np.float32).reshape(-1)
        feeds = {"input": np.array([ids], dtype=np.int64), "input_lengths": np.array([len(ids)], dtype=np.int64),
                 "scales": np.array([0.0, 1.0, 0.0], dtype=np.float32)}
        outputs = staged.run(None, feeds)
        staged_audio, durations = outputs[0].reshape(-1), outputs[1].reshape(-1)
        assert np.array_equal(staged_audio, audio), "the staged graph must give piper-tts's waveform"
        start = max(0, len(audio) // 2 - SEGMENT // 2)
        segment = audio[start:start + SEGMENT]
        waveforms.add(f"s{index:02d}", {
            "ids": [int(i) for i in ids], "frames": [int(d) for d in durations], "samples": int(len(audio)),
            "stride": STRIDE, "segmentStart": int(start),
            "sumSquares": float(np.sum(audio.astype(np.float64) ** 2)), "maxAbs": float(np.max(np.abs(audio))),
        }, decimated=audio[::STRIDE], segment=segment)
        if index == 0:
            stage = GoldenBundle(OUT / "piper_stages", GENERATOR, reference=REFERENCE)
            stage.add("s00", {"ids": [int(i) for i in ids]}, m_p=outputs[2][0], logs_p=outputs[3][0],
                      logw=outputs[4][0], z=outputs[5][0])
            stage.write()
        print(f"  {text!r}: {len(ids)} ids, {len(audio)} samples")
    waveforms.write()

    texts = list(EXACTNESS_SENTENCES) + list(INTELLIGIBILITY_SENTENCES)
    with open(SHARED / "asr" / "dev.tsv", newline="", encoding="utf-8") as handle:
        texts += [row["transcript"] for row in csv.DictReader(handle, delimiter="\t")]
    phonemes = [{"text": text, "sentences": ["".join(s) for s in voice.phonemize(text)]} for text in texts]
    (OUT / "piper_phonemes.json").write_text(json.dumps(
        {"generator": "scripts/goldens/piper_goldens.py", "reference": "piper-tts 1.8.0 bundled espeak-ng, voice en-us",
         "cases": phonemes}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"piper_phonemes: {len(phonemes)} texts")


if __name__ == "__main__":
    main()
