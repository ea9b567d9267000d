"""vad: Silero VAD v6 speech timestamps of 10 minutes of 16 kHz speech (18 750 steps of 32 ms).

Input: 10 minutes of real speech (benchlib.speech_16k), 16 kHz mono FLAC, decoded once (untimed) by each side.

  Myna       myna-bench vad: SileroVoiceDetector(silero_vad_16k.safetensors).speechSegments with the default threads
             and with one; also the model alone (speechProbabilities) and the timestamps alone, one thread.
  reference  silero-vad 6.2.3's get_speech_timestamps with its defaults, as its users run it (one thread each:
             silero-vad sets torch.set_num_threads(1) and onnxruntime's intra-op threads to 1):
             - onnxruntime, load_silero_vad(onnx=True) (silero_vad.onnx, the package's default ONNX model);
             - onnxruntime, silero_vad_16k_op15.onnx's graph carrying the safetensors weights through the package's
               OnnxWrapper (the reference of Myna's goldens: same weights as Myna, so the same segments);
             - torch, load_silero_vad() (the TorchScript model, the package default), when torch is installed.
             Without silero-vad (it needs torch) only a plain onnxruntime loop over silero_vad_16k_op15.onnx runs,
             with the package's per-step logic (64-sample context, state carried).
The safetensors reference must find exactly Myna's segments (checked: count and total speech samples).
"""
import statistics
import tempfile
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import soundfile
from onnx import numpy_helper
from safetensors.numpy import load_file

import benchlib

MODEL = benchlib.ROOT / "models" / "silero-vad-v6"
STEP = 512


def onnx_with_safetensors(directory):
    """silero_vad_16k_op15.onnx with its initializers replaced by the safetensors tensors (by name, as the golden
    script and Myna's SileroWeightMap map them)."""
    names = {"stft_conv.weight": "model.stft.forward_basis_buffer"}
    for index in range(4):
        for kind in ("weight", "bias"):
            names[f"conv{index + 1}.{kind}"] = f"model.encoder.{index}.reparam_conv.{kind}"
    for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
        names[f"lstm_cell.{kind}"] = f"model.decoder.rnn.{kind}"
    for kind in ("weight", "bias"):
        names[f"final_conv.{kind}"] = f"model.decoder.decoder.2.{kind}"
    graph = onnx.load(str(MODEL / "silero_vad_16k_op15.onnx"))
    by_name = {init.name: init for init in graph.graph.initializer}
    for name, value in load_file(str(MODEL / "silero_vad_16k.safetensors")).items():
        by_name[names[name]].CopyFrom(numpy_helper.from_array(value, names[name]))
    path = Path(directory) / "silero_vad_16k_safetensors_weights.onnx"
    onnx.save(graph, str(path))
    return path


def plain_onnxruntime(path, audio):
    """The probabilities of every step with onnxruntime alone (silero-vad's OnnxWrapper logic, one thread)."""
    options = onnxruntime.SessionOptions()
    options.inter_op_num_threads = options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    steps = (len(audio) + STEP - 1) // STEP
    padded = np.concatenate([np.zeros(64, np.float32), audio, np.zeros(steps * STEP - len(audio), np.float32)])
    state = np.zeros((2, 1, 128), np.float32)
    rate = np.array(16000, np.int64)
    out = np.empty(steps, np.float32)
    for i in range(steps):
        value, state = session.run(None, {"input": padded[None, i * STEP:i * STEP + 64 + STEP], "state": state, "sr": rate})
        out[i] = value[0, 0]
    return out


def run(context: benchlib.Context) -> None:
    flac = benchlib.speech_16k()
    audio, rate = soundfile.read(flac, dtype="float32")
    steps = (len(audio) + STEP - 1) // STEP
    myna = benchlib.time_myna_bench(context, ["vad", f"{MODEL / 'silero_vad_16k.safetensors'}:{flac}"])
    facts = myna["facts"]
    if facts["steps"] != steps:
        raise benchlib.BenchError(f"vad: Myna ran {facts['steps']} steps, expected {steps}")
    tmp = tempfile.TemporaryDirectory()
    rows, ratios, notes = [], [], []
    per_step = lambda seconds: f"{seconds / steps * 1e6:.1f} µs"

    try:
        import torch
        from silero_vad import get_speech_timestamps, load_silero_vad
        from silero_vad.utils_vad import OnnxWrapper
    except ImportError:
        torch = None
    if torch is not None:
        tensor = torch.from_numpy(audio)
        references = [("onnxruntime, silero_vad.onnx (load_silero_vad(onnx=True))", load_silero_vad(onnx=True)),
                      ("onnxruntime, op15 graph + safetensors weights", OnnxWrapper(str(onnx_with_safetensors(tmp.name)), force_onnx_cpu=True)),
                      (f"torch {torch.__version__}, load_silero_vad() (TorchScript)", load_silero_vad())]
        for label, model in references:
            result = benchlib.time_call(context, lambda: get_speech_timestamps(tensor, model))
            segments = result["value"]
            if "safetensors" in label:
                speech = sum(s["end"] - s["start"] for s in segments)
                if (len(segments), speech) != (facts["segments"], facts["speechSamples"]):
                    raise benchlib.BenchError(f"vad: the safetensors reference found {len(segments)} segments "
                                              f"({speech} samples), Myna {facts['segments']} ({facts['speechSamples']})")
                notes.append(f"same weights, same speech: {len(segments)} segments, {speech / 16000:.2f} s on both sides")
            rows.append((f"{label} (job)", result["job"], None))
            ratios.append((f"{label}, Myna on 1 thread", facts["serialMicroseconds"] * 1e-6, result["job"]))
            notes.append(f"{label}: {per_step(result['job'])} per 32 ms step")
    else:
        result = benchlib.time_call(context, lambda: plain_onnxruntime(MODEL / "silero_vad_16k_op15.onnx", audio))
        rows.append(("onnxruntime loop, silero_vad_16k_op15.onnx (job; silero-vad not installed)", result["job"], None))
        ratios.append(("onnxruntime loop, Myna on 1 thread", facts["serialMicroseconds"] * 1e-6, result["job"]))
        notes.append(f"onnxruntime: {per_step(result['job'])} per 32 ms step")

    serial = facts["serialMicroseconds"] * 1e-6
    model = facts["probabilityMicroseconds"] * 1e-6
    benchlib.report(
        f"vad: Silero VAD v6 speech timestamps of {len(audio) / rate / 60:.1f} min of 16 kHz speech ({steps} steps of "
        f"32 ms; median of {context.repeat})",
        [(f"Myna (myna-bench vad, {facts['threads']} threads)", myna["job"], myna["process"]),
         ("Myna, 1 thread", serial, None),
         ("Myna, model alone (speechProbabilities), 1 thread", model, None),
         ("Myna, timestamps alone", facts["timestampMicroseconds"] * 1e-6, None)] + rows,
        ratios,
        [f"Myna: {per_step(myna['job'])} per 32 ms step ({facts['threads']} threads), {per_step(serial)} on 1 thread "
         f"({per_step(model)} of it the model); real-time factor {serial / (len(audio) / rate):.5f}"] + notes)
