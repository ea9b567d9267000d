#!/usr/bin/env python3
"""Golden output of openai-whisper's result writers (whisper/utils.py: WriteTXT, WriteSRT, WriteVTT, WriteTSV, WriteJSON).

Fetches the openai-whisper source distribution (no dependencies; utils.py imports only the standard library), loads
utils.py on its own, renders hand-made transcripts that exercise the writers' edge cases (rounding ties, hours, '-->',
tabs, Unicode, control characters, extreme floats), and a word-timed transcript through srt, vtt and json with the
subtitle layout options (max_line_width, max_line_count, highlight_words), and writes the inputs with each writer's exact output to
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


def word(text, start, end, probability=0.9):
    return {"word": text, "start": start, "end": end, "probability": probability}


def timed_segment(i, start, end, words):
    entry = segment(i, 0, start, end, "".join(w["word"] for w in words), [i])
    entry["words"] = words
    return entry


# Word-timed transcripts (faster-whisper's word_timestamps) for the srt/vtt layout options: a pause over 3 s, a word
# longer than a line, leading punctuation, a word that starts where the previous ended and one after a gap.
WORD_TRANSCRIPT = {
    "text": "",
    "segments": [
        timed_segment(0, 0.0, 4.2, [word(" And", 0.0, 0.32), word(" so,", 0.32, 0.7), word(" my", 0.9, 1.1),
                                    word(" fellow", 1.1, 1.44), word(" Americans,", 1.44, 2.1, 0.51),
                                    word(" ask", 2.5, 2.76), word(" not.", 2.76, 4.2)]),
        timed_segment(1, 8.0, 11.5, [word(" \"What", 8.0, 8.4), word(" your", 8.4, 8.62),
                                     word(" extraordinarily-long-word", 8.62, 9.9), word(" can", 10.1, 10.3),
                                     word(" do", 10.3, 10.5), word(" -->", 10.5, 10.6), word(" for", 10.6, 10.9),
                                     word(" you.\"", 10.9, 11.5)]),
        timed_segment(2, 11.5, 12.0, [word(" Ok.", 11.5, 12.0, 0.123456789)]),
    ],
    "language": "en",
}
WORD_TRANSCRIPT["text"] = "".join(s["text"] for s in WORD_TRANSCRIPT["segments"])

WORD_OPTIONS = [
    {},
    {"max_line_width": 20},
    {"max_line_width": 20, "max_line_count": 2},
    {"max_line_width": 12, "max_line_count": 1},
    {"highlight_words": True},
    {"max_line_width": 20, "max_line_count": 2, "highlight_words": True},
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
    word_cases = []
    for options in WORD_OPTIONS:
        outputs = {}
        for name in ("srt", "vtt", "json"):
            buffer = io.StringIO()
            full = {"max_line_width": None, "max_line_count": None, "highlight_words": False, **options}
            writers[name](".").write_result(WORD_TRANSCRIPT, file=buffer, options=full)
            outputs[name] = buffer.getvalue()
        word_cases.append({"options": options, "outputs": outputs})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"openai_whisper": VERSION, "cases": cases, "wordTranscript": WORD_TRANSCRIPT,
                               "wordCases": word_cases}, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} with {len(cases)} transcripts")


if __name__ == "__main__":
    main()
