"""io: decoding a FLAC file to float32, and resampling 44.1 kHz to 16 kHz.

Input: 10 minutes of real speech (benchlib.speech_44k_stereo), 44.1 kHz stereo 16-bit FLAC.

decode
  Myna       myna-bench io-decode: SoundFileReader (Debian's libsndfile), 64 Ki-frame blocks into one Float32 array.
  reference  soundfile.read(path, dtype="float32") (python-soundfile with its bundled libsndfile), in process;
             sox decoding to raw 32-bit float into /dev/null, as a process.

resample (44.1 kHz → 16 kHz)
  Myna       myna-bench io-resample: decode + downmix untimed, then Resampler (Debian's libsoxr, SOXR_HQ) on the mono
             signal in one process() + flush().
  reference  soxr.resample(mono, 44100, 16000) (python-soxr, default quality "HQ"), in process, on the same downmix;
             sox doing the whole pipeline (decode, `channels 1`, `rate -h 16000`) as a process, against the whole
             myna-bench process (which also decodes and downmixes).
  sox settings: `rate -h` is sox's "high quality" (20-bit precision, linear phase, 95 % bandwidth), the closest to
  soxr's HQ recipe (20-bit precision, linear phase, pass band to 91.3 %); sox 14.4 runs libsoxr for `rate` too.
"""
import numpy as np
import soundfile
import soxr

import benchlib


def run(context: benchlib.Context) -> None:
    flac = benchlib.speech_44k_stereo()
    info = soundfile.info(flac)
    minutes = info.frames / info.samplerate / 60
    describe = f"{minutes:.1f} min of speech, {info.samplerate / 1000:g} kHz {info.channels}-channel FLAC"

    # decode
    myna = benchlib.time_myna_bench(context, ["io-decode", flac])
    python = benchlib.time_call(context, lambda: soundfile.read(flac, dtype="float32")[0])
    sox = benchlib.time_process(context, ["sox", "-q", "-D", str(flac), "-t", "f32", "/dev/null"])
    decoded = python["value"]
    if myna["facts"]["frames"] != decoded.shape[0] or myna["facts"]["channels"] != decoded.shape[1]:
        raise benchlib.BenchError(f"io-decode: Myna decoded {myna['facts']} but soundfile {decoded.shape}")
    benchlib.report(
        f"io decode: {describe} → float32 (median of {context.repeat})",
        [("Myna (myna-bench io-decode)", myna["job"], myna["process"]),
         ("python soundfile.read", python["job"], None),
         ("sox → f32 /dev/null", None, sox["process"])],
        [("soundfile (job)", myna["job"], python["job"]),
         ("sox (process)", myna["process"], sox["process"])])

    # resample
    mono = decoded.mean(axis=1, dtype=np.float32)
    myna = benchlib.time_myna_bench(context, ["io-resample", flac])
    python = benchlib.time_call(context, lambda: soxr.resample(mono, info.samplerate, 16000, quality="HQ"))
    sox = benchlib.time_process(context, ["sox", "-q", "-D", str(flac), "-t", "f32", "/dev/null",
                                          "channels", "1", "rate", "-h", "16000"])
    if myna["facts"]["outputFrames"] != len(python["value"]):
        raise benchlib.BenchError(f"io-resample: Myna produced {myna['facts']['outputFrames']} frames, "
                                  f"python-soxr {len(python['value'])}")
    benchlib.report(
        f"io resample: {describe}, downmixed, {info.samplerate} → 16000 Hz (median of {context.repeat})",
        [("Myna (myna-bench io-resample)", myna["job"], myna["process"]),
         ("python soxr.resample HQ", python["job"], None),
         ("sox channels 1 rate -h", None, sox["process"])],
        [("python-soxr (job)", myna["job"], python["job"]),
         ("sox (process; both decode, downmix and resample)", myna["process"], sox["process"])])
