"""speakers: GE2E speaker embeddings of real speech, Myna against Resemblyzer 0.1.4 (torch, CPU) on the same clips.

Input: every utterance of shared/data/speaker/dev.tsv of at least 1 s (the sub-second digit clips are left out), 16 kHz
mono FLAC, decoded once (untimed) by each side; plus the 10-minute speech file of benchlib.speech_16k as one long
utterance.

  Myna       myna-bench speakers LIST:OUT.npy: GE2ESpeakerEncoder.embedUtterance of every clip without trimming, all
             cores, one clip at a time (its partials batched through the LSTM); also "pooled": the partials of
             consecutive clips share batches of 128 (as myna speakers evaluate runs). The checkpoint is loaded untimed.
  reference  Resemblyzer: VoiceEncoder("cpu").embed_utterance(normalize_volume(wav, -30, increase_only=True)) per clip,
             torch with 2 threads, after a warm-up call (its first call JIT-compiles librosa's numba kernels).
Both sides embed the same partials; the embeddings are compared (minimum cosine, maximum absolute difference).
With trimming (the default path of the speaker commands), for the record: Myna trims with Silero VAD, Resemblyzer's
preprocess_wav with webrtcvad; different detectors, so only the times are set side by side.
"""
import os
import tempfile
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", category=UserWarning)
warnings.filterwarnings("ignore", category=FutureWarning)

import numpy as np
import soundfile

import benchlib


def clips():
    table = benchlib.shared_data() / "speaker" / "dev.tsv"
    if not table.is_file():
        raise benchlib.BenchError(f"{table}: not found (set MYNA_SHARED_DATA to the shared data directory)")
    import csv
    with open(table, newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if float(r["seconds"]) >= 1.0]
    return [table.parent / r["file"] for r in rows]


def run(context: benchlib.Context) -> None:
    try:
        import torch
        from resemblyzer import VoiceEncoder, audio as rz_audio
    except ImportError as error:
        raise benchlib.BenchError(f"speakers: Resemblyzer needs torch ({error}); pip install -r bench/requirements.txt")
    torch.set_num_threads(os.cpu_count() or 1)
    encoder = VoiceEncoder("cpu", verbose=False)

    sets = [("dev clips", clips()), ("10 min file", [benchlib.speech_16k()])]
    for label, paths in sets:
        wavs = [soundfile.read(p, dtype="float32")[0] for p in paths]
        seconds_of_audio = sum(len(w) for w in wavs) / 16000
        with tempfile.TemporaryDirectory() as folder:
            listing = Path(folder) / "clips.txt"
            listing.write_text("".join(f"{p}\n" for p in paths))
            out = Path(folder) / "myna.npy"
            myna = benchlib.time_myna_bench(context, ["speakers", f"{listing}:{out}"])
            mine = np.load(out)

        def reference():
            return np.stack([encoder.embed_utterance(rz_audio.normalize_volume(w, -30, increase_only=True)) for w in wavs])

        theirs = benchlib.time_call(context, reference)
        trimmed = benchlib.time_call(context, lambda: [encoder.embed_utterance(rz_audio.preprocess_wav(w, source_sr=16000))
                                                       for w in wavs])
        expected = theirs["value"]
        if mine.shape != expected.shape or myna["facts"]["clips"] != len(wavs):
            raise benchlib.BenchError(f"speakers: Myna gave {mine.shape}, Resemblyzer {expected.shape}")
        cosines = np.sum(mine.astype(np.float64) * expected, axis=1) / (
            np.linalg.norm(mine, axis=1) * np.linalg.norm(expected, axis=1))
        error = float(np.abs(mine - expected).max())
        facts = myna["facts"]
        benchlib.report(
            f"speakers: GE2E embeddings of {label}: {len(wavs)} clip{'s' if len(wavs) > 1 else ''}, "
            f"{seconds_of_audio / 60:.1f} min, {facts['partials']} partials (median of {context.repeat})",
            [(f"Myna (myna-bench speakers, {facts['threads']} threads), clip by clip", myna["job"], myna["process"]),
             ("Myna, partials of clips pooled in batches", facts["pooledMicroseconds"] * 1e-6, None),
             (f"Resemblyzer embed_utterance, torch {torch.get_num_threads()} threads (job)", theirs["job"], None),
             ("Myna, Silero VAD trimming first", facts["trimmedMicroseconds"] * 1e-6, None),
             ("Resemblyzer preprocess_wav (webrtcvad trimming) + embed_utterance", trimmed["job"], None)],
            [("Resemblyzer (job), clip by clip", myna["job"], theirs["job"]),
             ("Resemblyzer (job), Myna pooled", facts["pooledMicroseconds"] * 1e-6, theirs["job"]),
             ("Resemblyzer with trimming (job)", facts["trimmedMicroseconds"] * 1e-6, trimmed["job"])],
            [f"real-time factor: Myna {seconds_of_audio / myna['job']:.0f}x, Resemblyzer "
             f"{seconds_of_audio / theirs['job']:.0f}x; checkpoint load {facts['loadMilliseconds']} ms (untimed)",
             f"embeddings: min cosine {cosines.min():.9f}, max abs difference {error:.2e}"])
