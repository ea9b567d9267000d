#!/usr/bin/env python3
"""Golden data for MynaRecognition's Whisper tokenizer, produced by Hugging Face `tokenizers` (the reference faster-whisper uses).

For each installed Whisper model folder, encodes real transcripts from ../shared/data/asr/dev.tsv plus edge cases
(contractions, whitespace runs, many scripts, emoji, inline special tokens) and decodes token prefixes that split
multi-byte characters. Writes Tests/MynaRecognitionTests/Golden/tokenizer_<model>.json.

Run: bench/.venv/bin/python scripts/goldens/whisper_tokenizer_goldens.py
"""
import csv
import json
from pathlib import Path

from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "Tests" / "MynaRecognitionTests" / "Golden"

EDGE_CASES = [
    "", " ", "  ", "\n", " \n\n  x", "a  b   c", "tab\tseparated\ttext", "trailing space ",
    "I'm sure you'll see they've gone; he'd've said it's Bob's.", "''s 'x 'S", "O'Neil's", "don't DON'T",
    "Numbers: 1234567890, 3.14159, 1,000,000 and ½ ⅔ ²", "$100.50 & 50% off!!! ...?!",
    "Ça va? Très bien, merci. Größe, Straße, naïve café.", "Привет, как дела?", "日本語のテキストです。",
    "中文字符测试", "مرحبا بالعالم", "हिन्दी पाठ", "한국어 텍스트", "Ελληνικά κείμενα",
    "emoji 🎉🎉 and 👩‍👩‍👧 families 🇫🇷", "mixed\u00a0no-break\u2003em space\u3000ideographic",
    "<|endoftext|> inside text", "text<|notimestamps|>more", "<|en|><|transcribe|>", "not <|special|> at all",
    "And so, my fellow Americans: ask not what your country can do for you—ask what you can do for your country.",
]


def transcripts():
    with open(DATA / "asr" / "dev.tsv", newline="") as f:
        return [row["transcript"] for row in csv.DictReader(f, delimiter="\t")]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for model in ["whisper-tiny.en", "whisper-base"]:
        folder = ROOT / "models" / model
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        cases = []
        for text in transcripts() + EDGE_CASES:
            ids = tokenizer.encode(text, add_special_tokens=False).ids
            cases.append({"text": text, "ids": ids})
        # Prefixes of the encodings of multi-byte text: decoding must replace incomplete UTF-8 as the reference does.
        decodes = []
        for text in ["emoji 🎉🎉 and 👩‍👩‍👧 families 🇫🇷", "日本語のテキストです。", "Привет", "Ça va? Très"]:
            ids = tokenizer.encode(text, add_special_tokens=False).ids
            for end in range(1, len(ids) + 1):
                decodes.append({"ids": ids[:end], "text": tokenizer.decode(ids[:end], skip_special_tokens=False)})
        vocab_size = tokenizer.get_vocab_size(with_added_tokens=True)
        specials = {name: tokenizer.token_to_id(name) for name in
                    ["<|endoftext|>", "<|startoftranscript|>", "<|translate|>", "<|transcribe|>", "<|startoflm|>",
                     "<|startofprev|>", "<|nocaptions|>", "<|nospeech|>", "<|notimestamps|>", "<|0.00|>", "<|en|>", "<|de|>"]}
        golden = {"model": model, "vocabularySize": vocab_size, "specials": specials, "encodings": cases, "decodings": decodes}
        path = OUT / f"tokenizer_{model}.json"
        path.write_text(json.dumps(golden, ensure_ascii=False, indent=0) + "\n")
        print(f"wrote {path.relative_to(ROOT)}: {len(cases)} encodings, {len(decodes)} decodings, specials {specials}")


if __name__ == "__main__":
    main()
