#!/usr/bin/env python3
"""Builds dev conversations for diarization from ../shared/data/speaker, with their reference RTTM.

The construction rules are those of Tests/MynaKitTests/Diarization/ConversationGenerator.swift (the conversations
the diarization and `transcribe --speakers` tests generate in memory), with the same random stream: SplitMix64
seeded with the conversation's seed, drawn as Swift's standard library draws (`shuffled`, `randomElement`,
`Int.random(in:)`, `Double.random(in:)` on a closed range), so a seed gives the same conversation here and there.

- speakers: the dev set's readers with at least 50 s of speech (LibriSpeech, LJSpeech, MFA), `count` of them chosen
  by shuffling the list;
- 0.5 s of silence, then `turns` turns: each after a pause of 0.2–1.5 s by a speaker other than the last one; every
  fourth turn (3, 7, 11…) is a back-channel of 0.4–0.9 s (the start of the voiced part of one of the speaker's
  utterances), the others are one to three whole utterances separated by 0.2–0.6 s; 0.5 s of silence at the end;
- reference turns: the voiced parts of each utterance by frame energy (10 ms frames within 40 dB of the utterance's
  loudest frame, pauses under 0.5 s closed), independent of the Silero VAD the diarizer uses.

Writes NAME.wav (16 kHz mono float) and NAME.rttm per conversation, and all.rttm, into --out. Names are
conversation-{N}spk-{seed}, as the tests call them. By default: seeds 101-106 (the held-out evaluation set of
DiarizationTests: 2, 2, 3, 3, 4, 4 speakers, 12 turns).

Usage: python scripts/make_conversations.py --out /tmp/conversations [--sizes 2,2,3,3,4,4] [--first-seed 101]
Needs numpy and soundfile (the bench venv has both). Data: $MYNA_SHARED_DATA, else ../shared/data next to the checkout.
"""
import argparse
import os
from pathlib import Path

import numpy as np
import soundfile

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("MYNA_SHARED_DATA", ROOT.parent / "shared" / "data"))
SAMPLE_RATE = 16_000
SPEAKERS = ["libri-367", "libri-3080", "libri-2033", "libri-2609", "libri-1688", "ljspeech-LJ", "mfa-author"]
MASK = (1 << 64) - 1


class SplitMix64:
    """MynaCore's SplitMix64, with the draws of Swift's standard library on top of it."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, upper):
        """`next(upperBound:)`: Lemire's multiply-shift with rejection."""
        product = self.next() * upper
        if product & MASK < upper:
            threshold = (-upper & MASK) % upper
            while product & MASK < threshold:
                product = self.next() * upper
        return product >> 64

    def integer(self, low, high):
        """`Int.random(in: low...high)`."""
        return low + self.below(high - low + 1)

    def real(self, low, high):
        """`Double.random(in: low...high)`: 53 random bits, the upper bound included."""
        bits = self.below((1 << 53) + 1)
        if bits == 1 << 53:
            return high
        return (high - low) * (bits * 2.0 ** -53) + low

    def shuffled(self, items):
        """`shuffled(using:)`: Fisher-Yates from the front."""
        items = list(items)
        amount, index = len(items), 0
        while amount > 1:
            pick = self.below(amount)
            amount -= 1
            items[index], items[index + pick] = items[index + pick], items[index]
            index += 1
        return items

    def element(self, items):
        return items[self.below(len(items))] if items else None


def voiced_ranges(samples):
    """Sample ranges whose 10 ms frames are within 40 dB of the loudest, pauses under 0.5 s closed."""
    frame = SAMPLE_RATE // 100
    levels = []
    for start in range(0, len(samples), frame):
        piece = samples[start:start + frame].astype(np.float64)
        levels.append(10 * np.log10(float(np.sum(piece * piece)) / len(piece) + 1e-12))
    floor = max(levels, default=0) - 40
    ranges = []
    for index, level in enumerate(levels):
        if level <= floor:
            continue
        start, end = index * frame, min(len(samples), index * frame + frame)
        if ranges and start - ranges[-1][1] < SAMPLE_RATE // 2:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def load_utterances():
    by_speaker = {}
    lines = (DATA / "speaker" / "dev.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        fields = line.split("\t")
        if len(fields) < 4 or fields[3] not in SPEAKERS:
            continue
        samples, rate = soundfile.read(DATA / "speaker" / fields[1], dtype="float32", always_2d=True)
        if rate != SAMPLE_RATE:
            raise SystemExit(f"{fields[1]}: {rate} Hz; the dev clips are 16 kHz")
        by_speaker.setdefault(fields[3], []).append(samples.mean(axis=1).astype(np.float32))
    return by_speaker


def conversation(utterances, speaker_count, turns, seed):
    random = SplitMix64(seed)
    chosen = random.shuffled(SPEAKERS)[:speaker_count]
    unused = {name: random.shuffled(range(len(utterances[name]))) for name in chosen}
    pieces, reference, length = [], [], 0

    def pause(seconds):
        nonlocal length
        count = int(seconds * SAMPLE_RATE)
        pieces.append(np.zeros(count, dtype=np.float32))
        length += count

    def say(clip, speaker):
        nonlocal length
        for start, end in voiced_ranges(clip):
            reference.append(((length + start) / SAMPLE_RATE, (length + end) / SAMPLE_RATE, speaker))
        pieces.append(clip)
        length += len(clip)

    def next_utterance(speaker):
        if not unused[speaker]:
            unused[speaker] = random.shuffled(range(len(utterances[speaker])))
        return utterances[speaker][unused[speaker].pop()]

    speaker = chosen[0]
    pause(0.5)
    for turn in range(turns):
        if turn > 0:
            speaker = random.element([name for name in chosen if name != speaker]) or speaker
            pause(random.real(0.2, 1.5))
        if turn > 0 and turn % 4 == 3:
            clip = next_utterance(speaker)
            ranges = voiced_ranges(clip)
            span = (ranges[0][0], ranges[-1][1]) if ranges else (0, 0)
            count = int(random.real(0.4, 0.9) * SAMPLE_RATE)
            say(clip[span[0]:min(span[1], span[0] + count)], speaker)
            continue
        for utterance in range(random.integer(1, 3)):
            if utterance > 0:
                pause(random.real(0.2, 0.6))
            say(next_utterance(speaker), speaker)
    pause(0.5)
    return np.concatenate(pieces), reference


def rttm(name, reference):
    return "".join(f"SPEAKER {name} 1 {start:.3f} {end - start:.3f} <NA> <NA> {speaker} <NA> <NA>\n"
                   for start, end, speaker in reference)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="folder for the WAV and RTTM files")
    parser.add_argument("--sizes", default="2,2,3,3,4,4", help="speakers per conversation, comma-separated")
    parser.add_argument("--first-seed", type=int, default=101, help="seed of the first conversation (then +1 each)")
    parser.add_argument("--turns", type=int, default=12)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if any(size < 1 or size > len(SPEAKERS) for size in sizes):
        parser.error(f"--sizes: each between 1 and {len(SPEAKERS)}")
    args.out.mkdir(parents=True, exist_ok=True)
    utterances = load_utterances()
    everything = ""
    for index, size in enumerate(sizes):
        seed = args.first_seed + index
        name = f"conversation-{size}spk-{seed}"
        samples, reference = conversation(utterances, size, args.turns, seed)
        soundfile.write(args.out / f"{name}.wav", samples, SAMPLE_RATE, subtype="FLOAT")
        (args.out / f"{name}.rttm").write_text(rttm(name, reference), encoding="utf-8")
        everything += rttm(name, reference)
        print(f"{name}: {len(samples) / SAMPLE_RATE:.1f} s, {len(reference)} reference turns")
    (args.out / "all.rttm").write_text(everything, encoding="utf-8")


if __name__ == "__main__":
    main()
