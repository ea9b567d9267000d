#!/usr/bin/env python3
"""Golden data for MynaSpeakers' GE2E speaker encoder, produced by the real Resemblyzer 0.1.4 (torch, CPU) on real
speech from ../shared/data/speaker.

What is reproduced (resemblyzer/audio.py and voice_encoder.py, 0.1.4):
- `preprocess_wav` without its last step: `librosa.load(path, sr=None)`, `librosa.resample` to 16 kHz (a no-op for
  these 16 kHz clips), `normalize_volume(wav, -30, increase_only=True)`. `trim_long_silences` (webrtcvad) is left
  out: Myna trims with Silero VAD instead, so exactness is compared on the path without trimming.
- `VoiceEncoder.embed_utterance(wav, return_partials=True)` with its defaults (rate 1.3, min_coverage 0.75): the
  utterance embedding, the partial embeddings and the partial slices.
- `VoiceEncoder.compute_partial_slices(n, 1.3, 0.75)` for sample counts around every boundary of the rule.

Also writes the speaker-evaluation golden: Resemblyzer embeddings of every utterance of speaker/dev.tsv and
speaker/impostors_dev.tsv, and the verification metrics of the leave-one-out trials Myna forms from them (see
`trials()` below), computed here with numpy and scikit-learn's roc_curve (a different algorithm from Myna's sweep).

Writes Tests/MynaSpeakersTests/Golden/ge2e_goldens.{json,bin} (GoldenTensorFile format: index with per-case params
and tensor offsets in floats, float32 little-endian blob) and Tests/MynaSpeakersTests/Golden/evaluation_goldens.{json,bin}.

Needs torch, Resemblyzer==0.1.4 and setuptools<81 (its webrtcvad imports pkg_resources) in bench/.venv.
Run: bench/.venv/bin/python scripts/goldens/ge2e_goldens.py
"""
import csv
import json
import os
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", category=UserWarning)  # pkg_resources deprecation from webrtcvad
warnings.filterwarnings("ignore", category=FutureWarning)  # torch.load weights_only in Resemblyzer

import librosa
import numpy as np
import torch
from resemblyzer import VoiceEncoder, audio as rz_audio, hparams
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_curve

from golden_bundle import GoldenBundle

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("MYNA_SHARED_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "Tests" / "MynaSpeakersTests" / "Golden"
GENERATOR = "scripts/goldens/ge2e_goldens.py"

# Clips for the embedding goldens: the shortest and the longest dev utterances, every source, an impostor.
CLIPS = [
    "speaker/dev/spk-fsdd-0_george_0.flac",
    "speaker/dev/spk-sb-spk1_snt1.flac",
    "speaker/dev/spk-coqui-LJ001-0004.flac",
    "speaker/dev/spk-mfa-mfa_erpause.flac",
    "speaker/dev/spk-rz-3080-5032-0009.flac",
    "speaker/dev/spk-rz-2609-156975-0006.flac",
    "speaker/impostors/imp-rz-103-1240-0000.flac",
]

# minDCF operating point (VoxSRC 2021-2023 and Myna's `VerificationCosts.default`).
P_TARGET, C_MISS, C_FA = 0.05, 1.0, 1.0


def preprocess_without_trimming(path):
    """resemblyzer.audio.preprocess_wav(path) minus trim_long_silences, with the gain it applied."""
    wav, source_sr = librosa.load(str(path), sr=None)
    assert source_sr == hparams.sampling_rate, (path, source_sr)
    wav = librosa.resample(wav, orig_sr=source_sr, target_sr=hparams.sampling_rate)
    normalized = rz_audio.normalize_volume(wav, hparams.audio_norm_target_dBFS, increase_only=True)
    gain = float(np.max(np.abs(normalized)) / np.max(np.abs(wav)))
    return normalized, gain


def slice_starts(n_samples):
    wav_slices, mel_slices = VoiceEncoder.compute_partial_slices(n_samples, rate=1.3, min_coverage=0.75)
    for w, m in zip(wav_slices, mel_slices):
        assert m.stop - m.start == hparams.partials_n_frames and w.start == m.start * 160 and w.stop == m.stop * 160
    return [int(m.start) for m in mel_slices]


def read_manifest(name):
    with open(DATA / "speaker" / name, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def trials(embeddings, speakers):
    """Myna's trial list (MynaSpeakers `SpeakerTrials`), written independently here.

    Enrolled speakers: those with at least 2 utterances. Target trials: each utterance of an enrolled speaker against
    the normalised mean of that speaker's other utterances (leave one out). Impostor trials: each enrolled speaker's
    profile (normalised mean of all their utterances) against every utterance of every other speaker. Scores are
    cosine similarities in float64.
    """
    def unit(v):
        return v / np.linalg.norm(v)

    e = embeddings.astype(np.float64)
    by_speaker = {}
    for i, s in enumerate(speakers):
        by_speaker.setdefault(s, []).append(i)
    enrolled = sorted(s for s, idx in by_speaker.items() if len(idx) >= 2)
    target, impostor = [], []
    for s in enrolled:
        idx = by_speaker[s]
        for i in idx:
            others = [j for j in idx if j != i]
            target.append(float(unit(e[others].mean(axis=0)) @ unit(e[i])))
    for s in enrolled:
        profile = unit(e[by_speaker[s]].mean(axis=0))
        for i, other in enumerate(speakers):
            if other != s:
                impostor.append(float(profile @ unit(e[i])))
    return np.array(target), np.array(impostor), enrolled


def metrics(target, impostor):
    """EER and minDCF over every ROC point of scikit-learn's roc_curve (drop_intermediate=False: every distinct score
    is a threshold, accepting scores >= it, plus the accept-nothing point). EER: the point where the miss rate and
    the false-alarm rate are closest (the first one, from the highest threshold down), their mean; its threshold.
    minDCF: min over the points of C_miss P_target P_miss + C_fa (1 - P_target) P_fa, divided by
    min(C_miss P_target, C_fa (1 - P_target)) (NIST's normalised DCF)."""
    labels = np.concatenate([np.ones_like(target), np.zeros_like(impostor)])
    scores = np.concatenate([target, impostor])
    fpr, tpr, thresholds = roc_curve(labels, scores, drop_intermediate=False)
    fnr = 1 - tpr
    i = int(np.nanargmin(np.abs(fnr - fpr)))
    eer = float((fnr[i] + fpr[i]) / 2)
    dcf = C_MISS * P_TARGET * fnr + C_FA * (1 - P_TARGET) * fpr
    min_dcf = float(dcf.min() / min(C_MISS * P_TARGET, C_FA * (1 - P_TARGET)))
    # Score calibration: logistic regression of the label on the score with both classes weighted equally and no
    # penalty, so sigmoid(slope * score + offset) is P(same speaker | score) for equal priors.
    model = LogisticRegression(penalty=None, class_weight="balanced", tol=1e-12, max_iter=100_000)
    model.fit(scores[:, None], labels)
    return {"eer": eer, "eerThreshold": float(thresholds[i]), "minDCF": min_dcf,
            "minDCFThreshold": float(thresholds[int(dcf.argmin())]),
            "calibrationSlope": float(model.coef_[0, 0]), "calibrationOffset": float(model.intercept_[0])}


def main():
    torch.set_num_threads(2)
    encoder = VoiceEncoder("cpu", verbose=False)

    golden = GoldenBundle(OUT / "ge2e_goldens", GENERATOR)
    clips = {}
    for clip in CLIPS:
        wav, gain = preprocess_without_trimming(DATA / clip)
        embedding, partials, wav_slices = encoder.embed_utterance(wav, return_partials=True)
        starts = [int(s.start) // 160 for s in wav_slices]
        assert starts == slice_starts(len(wav))
        name = "clip_" + Path(clip).stem
        clips[name] = clip
        golden.add(name, {"samples": len(wav), "gain": gain, "mel_starts": starts},
                   embedding=embedding, partials=partials)
        print(f"{clip}: {len(wav) / 16000:.2f} s, gain {gain:.4f}, {len(starts)} partials")
    golden.metadata["clips"] = clips

    # compute_partial_slices at and around each boundary: one partial (< 160 frames), the step of 77 frames, the
    # coverage rule for the last partial (0.75 of 25600 samples), long inputs.
    counts = sorted({1, 159, 160, 161, 400, 16000, 19199, 19200, 19201, 25439, 25440, 25441, 25599, 25600, 25601,
                     31519, 31520, 37599, 37600, 37601, 38079, 38080, 38081, 45760, 50000, 50079, 50080, 63919,
                     63920, 160000, 160001, 363999, 364000, 1_000_000})
    for n in counts:
        golden.add(f"slices_{n}", {"samples": n, "mel_starts": slice_starts(n)})
    golden.write(max_bytes=400_000)

    # Evaluation golden: every utterance of the dev speakers and the impostors.
    rows = read_manifest("dev.tsv") + read_manifest("impostors_dev.tsv")
    embeddings = np.stack([encoder.embed_utterance(preprocess_without_trimming(DATA / "speaker" / r["file"])[0])
                           for r in rows])
    speakers = [r["speaker"] for r in rows]
    target, impostor, enrolled = trials(embeddings, speakers)
    result = metrics(target, impostor)
    evaluation = GoldenBundle(OUT / "evaluation_goldens", GENERATOR)
    evaluation.add("dev_and_impostors", {"targetTrials": len(target), "impostorTrials": len(impostor),
                                         "enrolledSpeakers": len(enrolled), "pTarget": P_TARGET, "cMiss": C_MISS,
                                         "cFalseAlarm": C_FA, **result},
                   embeddings=embeddings, target=target, impostor=impostor)
    evaluation.metadata["speakers"] = speakers
    evaluation.metadata["ids"] = [r["id"] for r in rows]
    evaluation.write(max_bytes=400_000)
    print(f"{len(target)} target and {len(impostor)} impostor trials: {json.dumps(result)}")


if __name__ == "__main__":
    main()
