#!/usr/bin/env python3
"""Golden data for Tests/MynaAudioFileTests: decoding, levels and resampling, from the Python references.

References: python-soundfile (libsndfile) for decoding real speech, numpy for peak/RMS levels, python-soxr
(`soxr.resample(..., quality="HQ")`, the call librosa's `res_type="soxr_hq"` makes) for sample-rate conversion.

Inputs are the shared real-speech FLAC files (16 kHz mono, 16-bit): `MYNA_SHARED_DATA` or `../shared/data` beside the
repository, as the Swift tests find them. Outputs are small (about 120 KB): JSON plus raw little-endian float32 files.

Run from the repository root: bench/.venv/bin/python scripts/goldens/audio_goldens.py
"""
import json
import os
import sys
from pathlib import Path

import numpy as np
import soundfile
import soxr

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("MYNA_SHARED_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "Tests" / "MynaAudioFileTests" / "Golden"

# Decoding and levels: three sources (LJ Speech via coqui, the JFK clip via whisper.cpp, a SpeechBrain fixture).
DECODE_FILES = ["asr/dev/coqui-LJ001-0001.flac", "asr/dev/wcpp-jfk.flac", "asr/dev/sb-LJ050-0131.flac"]
PROBE_OFFSETS = [0, 1000, 40000, 100000]  # 8 samples from each, clipped to the file
PROBE_LENGTH = 8

# Resampling: 0.2 s of speech from LJ001-0001 starting at 1 s (mid-word, so both ends cut through voiced sound).
RESAMPLE_FILE = "asr/dev/coqui-LJ001-0001.flac"
RESAMPLE_START = 16000
RESAMPLE_FRAMES = 3200
RESAMPLE_STEREO_SECOND_START = 40000  # right channel of the stereo case


def db(value: float):
    return None if value <= 0 else 20.0 * float(np.log10(value))


def decode_goldens():
    files = []
    for relative in DECODE_FILES:
        ints, rate = soundfile.read(SHARED / relative, dtype="int16", always_2d=True)
        info = soundfile.info(SHARED / relative)
        samples = ints.astype(np.float64) / 32768.0  # what libsndfile's float read gives for 16-bit data
        probes = []
        for offset in PROBE_OFFSETS:
            if offset + PROBE_LENGTH <= ints.shape[0]:
                probes.append({"frame": offset, "int16": ints[offset:offset + PROBE_LENGTH, 0].tolist()})
        files.append({
            "path": relative,
            "frames": int(ints.shape[0]),
            "sampleRate": int(rate),
            "channels": int(ints.shape[1]),
            "subtype": info.subtype,
            "int16Sum": int(ints.astype(np.int64).sum()),
            "int16SumOfSquares": int((ints.astype(np.int64) ** 2).sum()),
            "peak": float(np.abs(samples).max()),
            "rms": float(np.sqrt(np.mean(samples ** 2))),
            "peakDBFS": db(float(np.abs(samples).max())),
            "rmsDBFS": db(float(np.sqrt(np.mean(samples ** 2)))),
            "probes": probes,
        })
    return files


def write_f32(name: str, values: np.ndarray):
    values.astype("<f4").tofile(OUT / name)


def resample_goldens():
    ints, rate = soundfile.read(SHARED / RESAMPLE_FILE, dtype="int16")
    assert rate == 16000
    mono = (ints[RESAMPLE_START:RESAMPLE_START + RESAMPLE_FRAMES].astype(np.float32) / np.float32(32768))
    right = (ints[RESAMPLE_STEREO_SECOND_START:RESAMPLE_STEREO_SECOND_START + RESAMPLE_FRAMES].astype(np.float32)
             / np.float32(32768))
    stereo = np.stack([mono, right], axis=1)  # (frames, 2): interleaved when flattened
    cases = []

    def case(name, source, input_rate, output_rate, channels, data, input_golden=None):
        output = soxr.resample(data, input_rate, output_rate, quality="HQ")
        write_f32(name, output.reshape(-1))
        entry = {"name": name, "source": source, "inputRate": input_rate, "outputRate": output_rate,
                 "channels": channels, "inputFrames": int(data.shape[0]), "outputFrames": int(output.shape[0])}
        if input_golden:
            entry["inputGolden"] = input_golden
        cases.append(entry)
        return output

    case("resample_16000_to_22050.f32", "speech", 16000, 22050, 1, mono)
    case("resample_16000_to_8000.f32", "speech", 16000, 8000, 1, mono)
    up = case("resample_16000_to_44100.f32", "speech", 16000, 44100, 1, mono)
    case("resample_44100_to_16000.f32", "golden", 44100, 16000, 1, up, input_golden="resample_16000_to_44100.f32")
    case("resample_stereo_16000_to_22050.f32", "speechStereo", 16000, 22050, 2, stereo)
    return {
        "reference": f"python-soxr {soxr.__version__} (libsoxr {soxr.__libsoxr_version__}), quality HQ",
        "file": RESAMPLE_FILE,
        "start": RESAMPLE_START,
        "frames": RESAMPLE_FRAMES,
        "stereoSecondStart": RESAMPLE_STEREO_SECOND_START,
        "cases": cases,
    }


def main():
    if not SHARED.is_dir():
        sys.exit(f"shared data not found at {SHARED}; set MYNA_SHARED_DATA")
    OUT.mkdir(parents=True, exist_ok=True)
    decoded = {"reference": f"python-soundfile {soundfile.__version__} (libsndfile {soundfile.__libsndfile_version__})",
               "files": decode_goldens()}
    (OUT / "decode.json").write_text(json.dumps(decoded, indent=1) + "\n")
    (OUT / "resample.json").write_text(json.dumps(resample_goldens(), indent=1) + "\n")


if __name__ == "__main__":
    main()
