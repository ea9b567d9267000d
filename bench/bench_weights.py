"""weights: opening each pinned model file and reading every tensor as float32.

Input: the pinned models in models/ (or $MYNA_MODELS_DIR), fetched by scripts/setup.sh.

  Myna       myna-bench weights-load FILE: WeightFileFormat.open (memory map + parse), then archive.tensor(named:) for
             every stored tensor (float16/bfloat16 widened, int8 dequantised, strided views gathered).
  reference  the same job in Python, in process, with the readers the goldens use (scripts/goldens/weights_goldens.py):
             CTranslate2: the numpy parser; ONNX: onnx.load + numpy_helper.to_array; PyTorch legacy: the restricted
             pickle.Unpickler + numpy views; safetensors: safetensors.numpy.load_file; each tensor then copied into
             a new C-contiguous float32 array (Myna's Tensors own their values too). For model.bin also ctranslate2.models.Whisper(compute_type=
             "float32"), the load faster-whisper does (it also prepares the model, so it is an upper bound).
"""
import os
import sys
from pathlib import Path

import numpy as np

import benchlib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts" / "goldens"))

import weights_goldens  # noqa: E402

MODELS = Path(os.environ.get("MYNA_MODELS_DIR", ROOT / "models"))

FILES = [
    ("whisper-tiny.en/model.bin", "ctranslate2"),
    ("whisper-base/model.bin", "ctranslate2"),
    ("piper-en_US-joe-medium/en_US-joe-medium.onnx", "onnx"),
    ("resemblyzer-ge2e/pretrained.pt", "pytorch"),
    ("hifigan-v1/generator_universal.pth.tar", "pytorch"),
    ("silero-vad-v6/silero_vad_16k.safetensors", "safetensors"),
]


def python_load(path: Path, kind: str) -> tuple:
    """(tensor count, element count) after converting every tensor to float32 with the reference reader."""
    if kind == "ctranslate2":
        arrays = [a for _, _, _, _, a in weights_goldens.parse_ctranslate2(path)["variables"]]
    elif kind == "onnx":
        import onnx
        from onnx import numpy_helper
        arrays = [numpy_helper.to_array(t) for t in onnx.load(str(path)).graph.initializer]
    elif kind == "pytorch":
        arrays = list(weights_goldens.read_legacy_checkpoint(path)[0].values())
    else:
        from safetensors.numpy import load_file
        arrays = list(load_file(str(path)).values())
    # A copy even for float32 data, as Myna's Tensors own their values (the readers return views of the file bytes).
    converted = [np.array(a, dtype=np.float32, order="C", copy=True) for a in arrays]
    return len(converted), sum(a.size for a in converted)


def run(context: benchlib.Context) -> None:
    for relative, kind in FILES:
        path = MODELS / relative
        if not path.is_file():
            raise benchlib.BenchError(f"{path}: missing (run scripts/setup.sh to fetch the pinned models)")
        myna = benchlib.time_myna_bench(context, ["weights-load", path])
        python = benchlib.time_call(context, lambda: python_load(path, kind))
        tensors, elements = python["value"]
        if (myna["facts"]["tensors"], myna["facts"]["elements"]) != (tensors, elements):
            raise benchlib.BenchError(f"weights-load {relative}: Myna read {myna['facts']}, "
                                      f"Python {tensors} tensors of {elements} elements")
        rows = [("Myna (myna-bench weights-load)", myna["job"], myna["process"]),
                (f"python ({kind} reader + float32 copy)", python["job"], None)]
        ratios = [("python (job)", myna["job"], python["job"])]
        if kind == "ctranslate2":
            import ctranslate2
            loaded = benchlib.time_call(context, lambda: ctranslate2.models.Whisper(
                str(path.parent), device="cpu", compute_type="float32", intra_threads=os.cpu_count()))
            rows.append(("ctranslate2.models.Whisper float32", loaded["job"], None))
            ratios.append(("ctranslate2 load (job)", myna["job"], loaded["job"]))
        size = path.stat().st_size / 1e6
        benchlib.report(f"weights load: {relative} ({size:.0f} MB, {tensors} tensors, {elements / 1e6:.1f} M elements "
                        f"→ float32; median of {context.repeat})", rows, ratios)
