"""mel: Whisper's log-mel front end (80 bins, n_fft 400, hop 160) of 10 minutes of 16 kHz speech.

Input: 10 minutes of real speech (benchlib.speech_16k), 16 kHz mono FLAC, decoded once (untimed) by each side.

  Myna       myna-bench mel: WhisperLogMelExtractor(melCount: 80).extract on all cores; also reports the same on one
             thread and two floors measured in the same process (one thread): FFTW r2c of every frame alone, and the
             sparse mel projection of precomputed power spectra alone.
  reference  librosa 0.11: feature.melspectrogram(n_fft=400, hop_length=160, n_mels=80, pad_mode="reflect"), last
             frame dropped, then Whisper's log10 / max - 8 / (x + 4) / 4 in numpy (librosa does the STFT and mel work);
             openai-whisper's formula in numpy (float32 rfft of reflect-padded frames, |X|^2, filters @, log10...),
             as whisper/audio.py log_mel_spectrogram computes it with torch.
Frame counts are checked on all three; the two references' results are compared with each other (max difference
printed). Myna's values are checked against openai-whisper's formula by MynaDSPTests (within 1e-4), not here.
"""
import numpy as np
import soundfile
import librosa

import benchlib


def librosa_whisper_log_mel(audio):
    mel = librosa.feature.melspectrogram(y=audio, sr=16000, n_fft=400, hop_length=160, n_mels=80,
                                         pad_mode="reflect")[:, :-1]
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return (log_spec + 4.0) / 4.0


FILTERS = librosa.filters.mel(sr=16000, n_fft=400, n_mels=80)
WINDOW = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(400) / 400)).astype(np.float32)


def numpy_whisper_log_mel(audio):
    padded = np.pad(audio, 200, mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(padded, 400)[::160]
    stft = np.fft.rfft(frames * WINDOW, axis=-1)
    magnitudes = (np.abs(stft[:-1]) ** 2).T
    mel_spec = FILTERS @ magnitudes
    log_spec = np.log10(np.maximum(mel_spec, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return (log_spec + 4.0) / 4.0


def run(context: benchlib.Context) -> None:
    flac = benchlib.speech_16k()
    audio, rate = soundfile.read(flac, dtype="float32")
    minutes = len(audio) / rate / 60
    myna = benchlib.time_myna_bench(context, ["mel", flac])
    facts = myna["facts"]
    via_librosa = benchlib.time_call(context, lambda: librosa_whisper_log_mel(audio))
    via_numpy = benchlib.time_call(context, lambda: numpy_whisper_log_mel(audio))
    expected_frames = len(audio) // 160
    for name, result in [("librosa", via_librosa), ("numpy", via_numpy)]:
        if result["value"].shape != (80, expected_frames) or facts["frames"] != expected_frames:
            raise benchlib.BenchError(f"mel: {name} gave {result['value'].shape}, Myna {facts['frames']} frames, "
                                      f"expected {expected_frames}")
    difference = float(np.abs(via_librosa["value"] - via_numpy["value"]).max())

    serial = facts["serialMicroseconds"] * 1e-6
    fft_floor = facts["fftFloorMicroseconds"] * 1e-6
    projection_floor = facts["projectionFloorMicroseconds"] * 1e-6
    floor = fft_floor + projection_floor
    threads = facts["threads"]
    benchlib.report(
        f"mel: Whisper log-mel, 80 bins, of {minutes:.1f} min of 16 kHz speech ({expected_frames} frames; "
        f"median of {context.repeat})",
        [(f"Myna (myna-bench mel, {threads} threads)", myna["job"], myna["process"]),
         ("Myna, 1 thread", serial, None),
         ("floor, 1 thread: FFTW r2c of every frame", fft_floor, None),
         ("floor, 1 thread: sparse mel projection", projection_floor, None),
         ("librosa melspectrogram + log (job)", via_librosa["job"], None),
         ("openai-whisper formula in numpy (job)", via_numpy["job"], None)],
        [("librosa (job)", myna["job"], via_librosa["job"]),
         ("numpy whisper formula (job)", myna["job"], via_numpy["job"]),
         (f"FFT + projection floor on 1 thread", serial, floor),
         (f"floor shared over {threads} threads (ideal)", myna["job"], floor / threads)],
        [f"librosa and numpy results differ by at most {difference:.2e} (float32 FFTs on both sides)"])
