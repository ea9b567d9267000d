#!/usr/bin/env python3
"""Golden output of openai-whisper's result writers (whisper/utils.py: WriteTXT, WriteSRT, WriteVTT, WriteTSV, WriteJSON).

Fetches the openai-whisper source distribution (no dependencies; utils.py imports only the standard library), loads
utils.py on its own, renders hand-made transcripts that exercise the writers' edge cases (rounding ties, hours, '-->',
tabs, Unicode, control characters, extreme floats) and writes the inputs with each writer's exact output to
Tests/MynaRecognitionTests/Golden/transcript_writers.json.

Run: bench/.venv/bin/python scripts/goldens/transcript_writer_goldens.py
"""
import importlib.util
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "MynaRecognitionTests" / "Golden" / "transcript_writers.json"
VERSION = "20250625"


def load_utils():
    tmp = Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary=:all:",
                    "--dest", str(tmp), f"openai-whisper=={VERSION}"], check=True)
    archive = next(tmp.glob("openai_whisper-*.tar.gz"))
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("whisper/utils.py"))
        (tmp / "utils.py").write_bytes(tar.extractfile(member).read())
    spec = importlib.util.spec_from_file_location("whisper_utils", tmp / "utils.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def segment(i, seek, start, end, text, tokens, temperature=0.0, avg_logprob=-0.25, compression_ratio=1.5,
            no_speech_prob=0.01):
    return {"id": i, "seek": seek, "start": start, "end": end, "text": text, "tokens": tokens,
            "temperature": temperature, "avg_logprob": avg_logprob, "compression_ratio": compression_ratio,
            "no_speech_prob": no_speech_prob}


TRANSCRIPTS = [
    {"text": "", "segments": [], "language": "en"},
    {"text": " And so, my fellow Americans, ask not what your country can do for you.",
     "segments": [segment(0, 0, 0.0, 7.6, " And so, my fellow Americans, ask not what your country can do for you.",
                          [50363, 400, 370, 11, 616, 7075, 3399, 50743], avg_logprob=-0.2860923767089844,
                          compression_ratio=1.1219512195121952, no_speech_prob=0.012131604365706444)],
     "language": "en"},
    {"text": " Hello world. a --> b\tc",
     "segments": [
         segment(0, 0, 0.0005, 1.0015, "  Hello world.  ", [1, 2, 3], temperature=0.2, avg_logprob=-1.0000000000000002),
         segment(1, 3000, 59.9995, 61.0025, " a --> b\tc\u2028", [4], avg_logprob=-1.2e-05, compression_ratio=2.4000000000000004),
         segment(2, 360000, 3599.9996, 3725.5004, " Ça va? 日本語 🎉 \"quoted\" back\\slash \x01 ctrl \x7f",
                 [5, 6], temperature=1.0, no_speech_prob=1e-10),
         segment(3, 360100, 36000.125, 36001.0, "\u3000wide space\u3000", [], avg_logprob=-123456789012345678.0,
                 compression_ratio=0.1 + 0.2, no_speech_prob=0.9999999),
     ],
     "language": "en", "language_probability": 0.9734185934066772},
]


def main():
    utils = load_utils()
    writers = {"txt": utils.WriteTXT, "srt": utils.WriteSRT, "vtt": utils.WriteVTT, "tsv": utils.WriteTSV,
               "json": utils.WriteJSON}
    cases = []
    for transcript in TRANSCRIPTS:
        outputs = {}
        for name, writer in writers.items():
            buffer = io.StringIO()
            writer(".").write_result(transcript, file=buffer)
            outputs[name] = buffer.getvalue()
        cases.append({"transcript": transcript, "outputs": outputs})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"openai_whisper": VERSION, "cases": cases}, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} with {len(cases)} transcripts")


if __name__ == "__main__":
    main()
