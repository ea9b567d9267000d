#!/usr/bin/env python3
"""Golden data for MynaNN's weight readers (Sources/MynaNN/Weights), from independent Python readers.

For every pinned model file (models/, see ../shared/MODELS.md) this prints and stores what a Python reader of the
same file sees: every tensor's name, dtype and shape, and per tensor (for whisper-base and the LJSpeech HiFi-GAN,
every tenth) its float64 sum, sum of absolute values and five values at evenly spaced flat indices (first and last
included), one compact JSON row per tensor: [name, dtype, shape, sum, abs sum, [float32 bits…]]. The readers are:
  * CTranslate2 model.bin: a numpy parser written here from the format description in MODELS.md;
  * ONNX: the `onnx` package (onnx.load, numpy_helper.to_array);
  * PyTorch legacy .pt/.pth.tar: pickle.Unpickler restricted by find_class/persistent_load, plus numpy views
    of the raw storages;
  * safetensors: the `safetensors` package (safetensors.numpy.load_file).

It also writes small synthetic files that exercise what the pinned models do not:
  * CTranslate2 models saved by the `ctranslate2` package itself with int8, int8_float16, int16 and bfloat16
    quantisation (its ModelSpec.optimize + save), with the dequantised values q / scale computed in numpy;
  * an ONNX model whose initializers use the typed fields (float_data, int32_data for int8/float16/bfloat16,
    int64_data, double_data, uint64_data), and one whose tensor lives in external data;
  * a legacy PyTorch checkpoint written by pickle with stand-in torch globals (every storage type, a transposed
    view, a storage shared with an offset, integer dict keys, nested dicts);
  * a safetensors file with __metadata__ and every dtype;
  * float16/bfloat16 bit patterns and their float32 values; weight-norm folding and bias sums (numpy, float64).
  * the malicious pickle the Swift tests build, and proof that Python's own pickle WOULD call os.system on it
    (shown with a find_class hook that records the call instead of making it; nothing is executed).

Writes Tests/MynaNNTests/Golden/weights_*.json and the small weights_* model files next to them.
Needs numpy, onnx, safetensors, ml_dtypes and ctranslate2 (bench/requirements.txt).
Run: bench/.venv/bin/python scripts/goldens/weights_goldens.py
"""
import collections
import io
import json
import os
import pickle
import pickletools
import struct
import sys
import types
from pathlib import Path

import ml_dtypes
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "Tests" / "MynaNNTests" / "Golden"
MODELS = Path(os.environ.get("MYNA_MODELS_DIR", ROOT / "models"))
SEED = 20250404


# ---------------------------------------------------------------------------------------------------------------
# Shared helpers


SAMPLES = 5


def sample_indices(n):
    """Flat indices i·(n−1)//4 for i = 0…4 (first and last included); integer arithmetic so Swift computes the same."""
    return [i * (n - 1) // (SAMPLES - 1) for i in range(SAMPLES)] if n else []


def stats(array):
    """One compact row per tensor: [sum, sum of |x|, samples] for floating tensors, [sum, null, samples] for integers.

    Floating values are widened to float64 (exact for float16/bfloat16/float32) and the sums printed with 12
    significant digits (the tests allow 1e-9 of the absolute sum); samples are float32 bit patterns, so they compare
    exactly. Integer tensors get exact integer sums and samples so int64 constants keep all digits.
    """
    flat = np.ascontiguousarray(array).reshape(-1)
    indices = sample_indices(flat.size)
    if flat.dtype.kind in "iub":
        values = flat.astype(np.int64)
        return [int(values.sum()), None, [int(values[i]) for i in indices]]
    values = flat.astype(np.float64)
    bits = flat.astype(np.float32).view(np.uint32)
    return [float("%.12g" % values.sum()), float("%.12g" % np.abs(values).sum()), [int(bits[i]) for i in indices]]


def row(name, dtype, shape, array=None):
    """[name, dtype, shape] plus, when `array` is given, its stats."""
    return [name, dtype, list(shape)] + (stats(array) if array is not None else [])


def json_safe(value):
    """JSON has no infinities or NaN: they are written as the strings "inf", "-inf" and "nan"."""
    if isinstance(value, float) and not np.isfinite(value):
        return "nan" if np.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def write_json(name, payload):
    path = GOLDEN / name
    path.write_text(json.dumps(json_safe(payload), separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


def require_models():
    if not MODELS.is_dir():
        sys.exit(f"models/ not found at {MODELS}: run scripts/setup.sh (or scripts/fetch_models.py) first")


# ---------------------------------------------------------------------------------------------------------------
# CTranslate2 model.bin: numpy parser following MODELS.md

CT2_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16, 5: ml_dtypes.bfloat16}
CT2_NAMES = {0: "float32", 1: "int8", 2: "int16", 3: "int32", 4: "float16", 5: "bfloat16"}


def parse_ctranslate2(path):
    data = Path(path).read_bytes()
    offset = 0

    def take(fmt):
        nonlocal offset
        values = struct.unpack_from("<" + fmt, data, offset)
        offset += struct.calcsize("<" + fmt)
        return values[0]

    def string():
        nonlocal offset
        length = take("H")
        raw = data[offset:offset + length]
        offset += length
        assert raw.endswith(b"\0"), raw
        return raw[:-1].decode("utf-8")

    version = take("I")
    spec = string()
    revision = take("I")
    variables = []
    for _ in range(take("I")):
        name = string()
        rank = take("B")
        shape = [take("I") for _ in range(rank)]
        code = take("B")
        byte_count = take("I")
        array = np.frombuffer(data, dtype=CT2_DTYPES[code], count=byte_count // np.dtype(CT2_DTYPES[code]).itemsize,
                              offset=offset).reshape(shape)
        variables.append((name, CT2_NAMES[code], shape, offset, array))
        offset += byte_count
    aliases = {}
    for _ in range(take("I")):
        alias = string()
        aliases[alias] = string()
    assert offset == len(data), (offset, len(data))
    return {"version": version, "spec": spec, "revision": revision, "variables": variables, "aliases": aliases}


def ctranslate2_golden(relative, stats_every=1):
    model = parse_ctranslate2(MODELS / relative)
    variables = []
    integers = {}
    for index, (name, dtype, shape, offset, array) in enumerate(model["variables"]):
        variables.append(row(name, dtype, shape, array if index % stats_every == 0 else None))
        if array.dtype.kind in "iu" and array.size <= 16:
            integers[name] = [int(v) for v in array.reshape(-1)]
    counts = collections.Counter(v[1] for v in variables)
    print(f"{relative}: version {model['version']} {model['spec']} rev {model['revision']}, "
          f"{len(variables)} variables {dict(counts)}, aliases {model['aliases']}, "
          f"encoder/num_heads = {integers.get('encoder/num_heads')}")
    return {"file": relative, "binaryVersion": model["version"], "spec": model["spec"], "revision": model["revision"],
            "dtypeCounts": dict(counts), "aliases": model["aliases"], "integers": integers, "variables": variables}


def ctranslate2_quantised_goldens():
    """Tiny models written by CTranslate2's own converter code, one per quantisation (bfloat16 needs torch), plus numpy dequantisation."""
    from ctranslate2.specs import common_spec, model_spec

    class MynaTinySpec(model_spec.ModelSpec):
        def __init__(self):
            super().__init__()
            self.dense = common_spec.LinearSpec()
            self.tied = common_spec.LinearSpec()
            self.norm = common_spec.LayerNormSpec()

        @property
        def name(self):
            return "MynaTinySpec"

    rng = np.random.default_rng(SEED)
    weight = rng.standard_normal((5, 7)).astype(np.float32)
    weight[2] = 0  # an all-zero row: CTranslate2 then uses scale 1 instead of 127 / 0
    weight[3] *= 40  # a row with a large range
    bias = rng.standard_normal(5).astype(np.float32)
    gamma = rng.standard_normal(7).astype(np.float32)
    beta = rng.standard_normal(7).astype(np.float32)
    cases = {}
    for quantization in ["int8", "int8_float16", "int16", "float16"]:
        spec = MynaTinySpec()
        spec.dense.weight = weight.copy()
        spec.dense.bias = bias.copy()
        spec.tied.weight = weight.copy()  # identical to dense/weight: CTranslate2 writes an alias
        spec.tied.bias = (bias * 2).astype(np.float32)
        spec.norm.gamma = gamma.copy()
        spec.norm.beta = beta.copy()
        spec.validate()
        spec.optimize(quantization=quantization)
        directory = GOLDEN / f"weights_ct2_{quantization}"
        directory.mkdir(exist_ok=True)
        spec.save(str(directory))
        target = GOLDEN / f"weights_ct2_{quantization}.bin"
        (directory / "model.bin").replace(target)
        for leftover in directory.iterdir():
            leftover.unlink()
        directory.rmdir()
        parsed = parse_ctranslate2(target)
        arrays = {name: array for name, _, _, _, array in parsed["variables"]}
        variables = []
        for name, dtype, shape, offset, array in parsed["variables"]:
            values = array.astype(np.float32)
            scale_name = name + "_scale"
            entry = {"name": name, "dtype": dtype, "shape": shape, "offset": offset}
            if array.dtype.kind == "i" and scale_name in arrays and array.ndim > 0:
                scale = arrays[scale_name].astype(np.float32)
                # CTranslate2 dequantises by dividing by the scale (per row for int8, one scale for int16).
                values = values / (scale.reshape(-1, 1) if scale.ndim == 1 else scale)
                entry["quantisationBound"] = (0.5 / (scale.reshape(-1, 1) if scale.ndim == 1 else scale)
                                              * np.ones_like(values)).reshape(-1).astype(np.float64).tolist()
                entry["original"] = weight.reshape(-1).astype(np.float64).tolist()
            entry["floats"] = values.reshape(-1).astype(np.float64).tolist()
            variables.append(entry)
        cases[quantization] = {"file": target.name, "spec": parsed["spec"], "revision": parsed["revision"],
                               "aliases": parsed["aliases"], "variables": variables}
        print(f"{target.name}: {[(v['name'], v['dtype'], v['offset']) for v in variables]} aliases {parsed['aliases']}")
    return cases


# ---------------------------------------------------------------------------------------------------------------
# ONNX: the onnx package


def onnx_golden(relative):
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(MODELS / relative))
    graph = model.graph
    initializer_names = {t.name for t in graph.initializer}
    initializers = []
    for tensor in graph.initializer:
        array = numpy_helper.to_array(tensor)
        initializers.append(row(tensor.name, str(array.dtype), tensor.dims, array))
    consumers = collections.defaultdict(list)
    for index, node in enumerate(graph.node):
        for position, name in enumerate(node.input):
            if name in initializer_names:
                consumers[name].append({"node": index, "name": node.name, "opType": node.op_type, "input": position})
    renamed = {name: uses for name, uses in consumers.items() if name.startswith("onnx::")}
    op_types = sorted({node.op_type for node in graph.node})

    def value_info(info):
        tensor_type = info.type.tensor_type
        dims = [d.dim_value if d.HasField("dim_value") else d.dim_param for d in tensor_type.shape.dim]
        return {"name": info.name, "elementType": tensor_type.elem_type, "shape": dims}

    opsets = {o.domain: o.version for o in model.opset_import}
    print(f"{relative}: ir {model.ir_version}, opset {opsets}, {len(graph.node)} nodes of {len(op_types)} op types, "
          f"{len(graph.initializer)} initializers "
          f"{dict(collections.Counter(i[1] for i in initializers))}, {len(renamed)} renamed (onnx::*)")
    return {"file": relative, "irVersion": model.ir_version, "producer": model.producer_name,
            "producerVersion": model.producer_version, "opsets": opsets, "nodeCount": len(graph.node),
            "opTypes": op_types, "inputs": [value_info(i) for i in graph.input if i.name not in initializer_names],
            "outputs": [value_info(o) for o in graph.output], "initializers": initializers,
            "renamedConsumers": renamed,
            "sampleConsumers": {name: consumers[name] for name in
                                ["enc_p.encoder.attn_layers.0.conv_q.weight", "dp.flows.3.proj.bias", "sid"]
                                if name in consumers}}


def onnx_synthetic_goldens():
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(SEED + 1)
    f32 = rng.standard_normal((2, 3)).astype(np.float32)
    raw = rng.standard_normal(3).astype(np.float32)
    half = np.array([1.0, -2.5, 65504.0, 6e-8], dtype=np.float16)
    bf16 = np.array([1.0, -3.140625, 1e-30], dtype=ml_dtypes.bfloat16)
    tensors = [
        helper.make_tensor("float_data", TensorProto.FLOAT, [2, 3], f32.reshape(-1).tolist()),
        helper.make_tensor("raw_float", TensorProto.FLOAT, [3], raw.tobytes(), raw=True),
        helper.make_tensor("int64_data", TensorProto.INT64, [4], [1, -2, 2**40, -(2**35)]),
        helper.make_tensor("int32_data", TensorProto.INT32, [3], [7, -8, 2**31 - 1]),
        helper.make_tensor("int8_data", TensorProto.INT8, [3], [-128, 0, 127]),
        helper.make_tensor("uint8_data", TensorProto.UINT8, [2], [0, 255]),
        helper.make_tensor("float16_data", TensorProto.FLOAT16, [4], half.view(np.uint16).astype(np.int32).tolist()),
        helper.make_tensor("bfloat16_data", TensorProto.BFLOAT16, [3], bf16.view(np.uint16).astype(np.int32).tolist()),
        helper.make_tensor("double_data", TensorProto.DOUBLE, [2], [0.1, -1e300]),
        helper.make_tensor("uint64_data", TensorProto.UINT64, [2], [3, 2**40]),
        helper.make_tensor("bool_data", TensorProto.BOOL, [3], [True, False, True]),
        helper.make_tensor("scalar", TensorProto.FLOAT, [], [0.25]),
        helper.make_tensor("onnx::Conv_7", TensorProto.FLOAT, [2, 3], f32.reshape(-1).tolist()),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "onnx::Conv_7", "raw_float"], ["y"], name="/enc/Conv"),
        helper.make_node("Add", ["y", "scalar"], ["z"], name="/enc/Add"),
        helper.make_node("Mul", ["scalar", "z"], ["out"], name="/enc/Mul"),
    ]
    graph = helper.make_graph(nodes, "myna_typed", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, "T"])],
                              [helper.make_tensor_value_info("out", TensorProto.FLOAT, None)], initializer=tensors)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)], producer_name="myna-goldens")
    model.ir_version = 8
    path = GOLDEN / "weights_onnx_typed.onnx"
    onnx.save_model(model, str(path))
    loaded = onnx.load(str(path))
    expected = []
    for tensor in loaded.graph.initializer:
        array = numpy_helper.to_array(tensor)
        if array.dtype == np.uint16 and tensor.data_type == TensorProto.BFLOAT16:
            array = array.view(ml_dtypes.bfloat16)
        kind = "raw_data" if tensor.HasField("raw_data") else "typed"
        entry = {"name": tensor.name, "shape": list(tensor.dims), "dataType": tensor.data_type, "storage": kind}
        if array.dtype.kind in "iub":
            entry["integers"] = [int(v) for v in array.reshape(-1)]
        entry["floats"] = array.astype(np.float32).astype(np.float64).reshape(-1).tolist()
        expected.append(entry)
    print(f"{path.name}: {[(e['name'], e['storage']) for e in expected]}")

    external = helper.make_graph([helper.make_node("Identity", ["w"], ["out"], name="/Identity")], "myna_external", [],
                                 [helper.make_tensor_value_info("out", TensorProto.FLOAT, [4])],
                                 initializer=[numpy_helper.from_array(np.arange(4, dtype=np.float32), "w")])
    external_model = helper.make_model(external, opset_imports=[helper.make_opsetid("", 15)])
    external_path = GOLDEN / "weights_onnx_external.onnx"
    onnx.save_model(external_model, str(external_path), save_as_external_data=True, all_tensors_to_one_file=True,
                    location="weights_onnx_external.data", size_threshold=0)
    # Only the model file is kept: Myna must refuse it without looking for the data file.
    (GOLDEN / "weights_onnx_external.data").unlink()
    print(f"{external_path.name}: tensor 'w' with data_location EXTERNAL")
    return {"typed": {"file": path.name, "initializers": expected,
                      "consumers": {"onnx::Conv_7": [{"name": "/enc/Conv", "opType": "Conv", "input": 1}],
                                    "scalar": [{"name": "/enc/Add", "opType": "Add", "input": 1},
                                               {"name": "/enc/Mul", "opType": "Mul", "input": 0}]}},
            "external": {"file": external_path.name, "tensor": "w", "location": "weights_onnx_external.data"}}


# ---------------------------------------------------------------------------------------------------------------
# PyTorch legacy checkpoints: restricted pickle.Unpickler plus numpy views of the storages

STORAGE_DTYPES = {"FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
                  "BFloat16Storage": ml_dtypes.bfloat16, "LongStorage": np.int64, "IntStorage": np.int32,
                  "ShortStorage": np.int16, "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_}
DTYPE_NAMES = {"FloatStorage": "float32", "DoubleStorage": "float64", "HalfStorage": "float16",
               "BFloat16Storage": "bfloat16", "LongStorage": "int64", "IntStorage": "int32", "ShortStorage": "int16",
               "CharStorage": "int8", "ByteStorage": "uint8", "BoolStorage": "bool"}
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C


class StorageType:
    def __init__(self, name):
        self.name = name


class StorageRef:
    def __init__(self, type_name, key, numel):
        self.type_name, self.key, self.numel = type_name, key, numel


class TensorRef:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)


def _rebuild(storage, offset, size, stride, requires_grad, hooks, *metadata):
    return TensorRef(storage, offset, size, stride)


class RestrictedUnpickler(pickle.Unpickler):
    """Resolves only the globals a state dict needs; anything else raises before it could run."""

    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _rebuild
        if module == "torch" and name in STORAGE_DTYPES:
            return StorageType(name)
        raise pickle.UnpicklingError(f"refused global {module}.{name}")

    def persistent_load(self, pid):
        kind, storage_type, key, location, numel = pid[:5]
        assert kind == "storage" and (len(pid) == 5 or pid[5] is None)
        return StorageRef(storage_type.name, key, numel)


def read_legacy_checkpoint(path):
    """(flattened {name: numpy array}, {name: storage type name}, integer leaves) of a legacy torch checkpoint."""
    data = Path(path).read_bytes()
    stream = io.BytesIO(data)
    assert RestrictedUnpickler(stream).load() == LEGACY_MAGIC
    assert RestrictedUnpickler(stream).load() == 1001
    assert RestrictedUnpickler(stream).load()["little_endian"]
    obj = RestrictedUnpickler(stream).load()
    keys = RestrictedUnpickler(stream).load()
    leaves = list(flatten(obj))
    storage_types = {v.storage.key: v.storage.type_name for _, v in leaves if isinstance(v, TensorRef)}
    storages = {}
    for key in keys:
        (count,) = struct.unpack("<q", stream.read(8))
        dtype = np.dtype(STORAGE_DTYPES[storage_types[key]])
        storages[key] = np.frombuffer(stream.read(count * dtype.itemsize), dtype=dtype)
    assert stream.tell() == len(data)
    tensors, types_, integers = {}, {}, {}
    for name, value in leaves:
        if isinstance(value, TensorRef):
            storage = storages[value.storage.key]
            itemsize = storage.dtype.itemsize
            view = np.lib.stride_tricks.as_strided(storage[value.offset:], shape=value.size,
                                                   strides=[s * itemsize for s in value.stride])
            tensors[name] = np.array(view)
            types_[name] = value.storage.type_name
        elif isinstance(value, int) and not isinstance(value, bool):
            integers[name] = value
    return tensors, types_, integers


def flatten(value, prefix=""):
    def join(component):
        return f"{prefix}.{component}" if prefix else str(component)

    if isinstance(value, dict):
        for key, child in value.items():
            yield from flatten(child, join(key))
    elif isinstance(value, (list, tuple)):
        for index, child in enumerate(value):
            yield from flatten(child, join(index))
    else:
        yield prefix, value


def pytorch_golden(relative, stats_every=1):
    tensors, storage_types, integers = read_legacy_checkpoint(MODELS / relative)
    entries = []
    for index, (name, array) in enumerate(tensors.items()):
        entries.append(row(name, DTYPE_NAMES[storage_types[name]], array.shape,
                           array if index % stats_every == 0 else None))
    parameters = sum(int(a.size) for a in tensors.values())
    print(f"{relative}: {len(entries)} tensors, {parameters} elements, integers "
          f"{ {k: v for k, v in list(integers.items())[:3]} }")
    return {"file": relative, "tensors": entries, "elementCount": parameters,
            "integers": {k: v for k, v in integers.items() if "." not in k or k.endswith(".step")}}


class FakeStorage:
    def __init__(self, type_name, key, array):
        self.type_name, self.key, self.array = type_name, key, array


class FakeTensor:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, size, stride

    def __reduce__(self):
        rebuild = sys.modules["torch._utils"]._rebuild_tensor_v2
        return rebuild, (self.storage, self.offset, tuple(self.size), tuple(self.stride), False,
                         collections.OrderedDict())


def write_synthetic_checkpoint(path):
    """A legacy-format checkpoint as torch.save(..., _use_new_zipfile_serialization=False) lays it out, written with
    pickle and stand-in `torch` modules (torch itself is not installed)."""
    torch_module = types.ModuleType("torch")
    utils_module = types.ModuleType("torch._utils")

    def _rebuild_tensor_v2(*args):  # never called while writing
        raise AssertionError

    _rebuild_tensor_v2.__module__ = "torch._utils"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    utils_module._rebuild_tensor_v2 = _rebuild_tensor_v2
    storage_classes = {}
    for name in STORAGE_DTYPES:
        storage_classes[name] = type(name, (), {"__module__": "torch"})
        setattr(torch_module, name, storage_classes[name])
    saved = {k: sys.modules.get(k) for k in ("torch", "torch._utils")}
    sys.modules["torch"], sys.modules["torch._utils"] = torch_module, utils_module
    try:
        rng = np.random.default_rng(SEED + 2)
        storages = {}

        def storage(type_name, key, values):
            storages[key] = FakeStorage(type_name, key, np.ascontiguousarray(values, dtype=STORAGE_DTYPES[type_name]))
            return storages[key]

        shared = storage("FloatStorage", "900", rng.standard_normal(20).astype(np.float32))
        model = collections.OrderedDict()
        model["a.weight"] = FakeTensor(shared, 0, [3, 4], [4, 1])
        model["a.weight_t"] = FakeTensor(shared, 0, [4, 3], [1, 4])  # a transposed (non-contiguous) view
        model["a.tail"] = FakeTensor(shared, 12, [2, 4], [4, 1])  # shares the storage at an offset
        model["a.bias"] = FakeTensor(storage("DoubleStorage", "901", rng.standard_normal(3)), 0, [3], [1])
        model["half"] = FakeTensor(storage("HalfStorage", "902", [1.0, -2.5, 65504.0, 6e-8, 0.1, -0.0]), 0, [2, 3], [3, 1])
        model["bf16"] = FakeTensor(storage("BFloat16Storage", "903", [1.0, -3.140625, 1e-30, 2.0, 0.5]), 0, [5], [1])
        model["long"] = FakeTensor(storage("LongStorage", "904", [1, -2, 2**40, -(2**35)]), 0, [4], [1])
        model["int"] = FakeTensor(storage("IntStorage", "905", [7, -8, 2**31 - 1, 0]), 0, [2, 2], [2, 1])
        model["short"] = FakeTensor(storage("ShortStorage", "906", [-32768, 5]), 0, [2], [1])
        model["char"] = FakeTensor(storage("CharStorage", "907", [-128, 127, 3]), 0, [3], [1])
        model["byte"] = FakeTensor(storage("ByteStorage", "908", [0, 255]), 0, [2], [1])
        model["bool"] = FakeTensor(storage("BoolStorage", "909", [True, False, True]), 0, [3], [1])
        model["scalar"] = FakeTensor(storage("FloatStorage", "910", [0.25]), 0, [], [])
        model["empty"] = FakeTensor(storage("FloatStorage", "911", []), 0, [0, 3], [3, 1])
        checkpoint = {"step": 7, "model": model,
                      "optimizer": {"state": {12345: {"exp_avg": FakeTensor(storage("FloatStorage", "912", [0.5, 1.5]),
                                                                            0, [2], [1]), "step": 6}},
                                    "param_groups": [{"lr": 0.1, "params": [12345]}]},
                      "nested": {"deep": {"x": FakeTensor(shared, 4, [4], [1])}}}

        class Pickler(pickle.Pickler):
            def persistent_id(self, obj):
                if isinstance(obj, FakeStorage):
                    return ("storage", storage_classes[obj.type_name], obj.key, "cpu", obj.array.size, None)
                return None

        with open(path, "wb") as f:
            pickle.dump(LEGACY_MAGIC, f, protocol=2)
            pickle.dump(1001, f, protocol=2)
            pickle.dump({"protocol_version": 1001, "little_endian": True,
                         "type_sizes": {"short": 2, "int": 4, "long": 4}}, f, protocol=2)
            Pickler(f, protocol=2).dump(checkpoint)
            keys = sorted(storages)
            pickle.dump(keys, f, protocol=2)
            for key in keys:
                f.write(struct.pack("<q", storages[key].array.size))
                f.write(storages[key].array.tobytes())
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def pytorch_synthetic_golden():
    path = GOLDEN / "weights_pt_synthetic.pt"
    write_synthetic_checkpoint(path)
    tensors, storage_types, integers = read_legacy_checkpoint(path)
    entries = []
    for name, array in tensors.items():
        entry = {"name": name, "dtype": DTYPE_NAMES[storage_types[name]], "shape": list(array.shape),
                 "floats": array.astype(np.float32).astype(np.float64).reshape(-1).tolist()}
        if array.dtype.kind in "iub":
            entry["integers"] = [int(v) for v in array.reshape(-1)]
        entries.append(entry)
    print(f"{path.name}: {[e['name'] for e in entries]}, integers {integers}, {path.stat().st_size} bytes")
    return {"file": path.name, "tensors": entries, "integers": integers}


def malicious_pickle_golden():
    """The payload the Swift tests build, and what Python's pickle would do with it (recorded, not executed)."""
    command = "touch /tmp/myna-pickle-canary"
    payload = (b"cos\nsystem\n" + b"X" + struct.pack("<I", len(command)) + command.encode() + b"\x85" + b"R" + b".")
    calls = []

    class RecordingUnpickler(pickle.Unpickler):
        def find_class(self, module, name):
            target = super().find_class(module, name)  # what Python's default unpickler resolves
            calls.append({"module": module, "name": name, "resolvesTo": f"{target.__module__}.{target.__name__}"})

            def stand_in(*args):
                calls[-1]["arguments"] = list(args)
                return None

            return stand_in

    RecordingUnpickler(io.BytesIO(payload)).load()
    listing = io.StringIO()
    pickletools.dis(payload, out=listing)
    assert calls and calls[0]["resolvesTo"] in ("posix.system", "os.system", "nt.system"), calls
    print(f"malicious pickle: Python's default unpickler would call {calls[0]['resolvesTo']}{tuple(calls[0]['arguments'])}")
    return {"payloadHex": payload.hex(), "command": command, "pythonWouldCall": calls,
            "disassembly": listing.getvalue().splitlines()}


# ---------------------------------------------------------------------------------------------------------------
# safetensors: the safetensors package


def safetensors_golden(relative):
    from safetensors.numpy import load_file

    tensors = load_file(str(MODELS / relative))
    header_length = struct.unpack("<Q", (MODELS / relative).read_bytes()[:8])[0]
    entries = []
    for name, array in tensors.items():
        entries.append(row(name, str(array.dtype), array.shape, array))
    entries.sort(key=lambda e: e[0])
    print(f"{relative}: {len(entries)} tensors {[(e[0], e[2]) for e in entries]}")
    return {"file": relative, "headerLength": header_length, "tensors": entries}


def safetensors_synthetic_golden():
    from safetensors.numpy import load_file, save_file

    rng = np.random.default_rng(SEED + 3)
    tensors = {
        "f32": rng.standard_normal((2, 3)).astype(np.float32),
        "f16": np.array([1.0, -2.5, 65504.0, 6e-8], dtype=np.float16),
        "bf16": np.array([1.0, -3.140625, 1e-30], dtype=ml_dtypes.bfloat16),
        "f64": np.array([0.1, -1e300], dtype=np.float64),  # -1e300 becomes -inf in float32
        "i64": np.array([1, -2, 2**40], dtype=np.int64),
        "i32": np.array([[7, -8], [2**31 - 1, 0]], dtype=np.int32),
        "i16": np.array([-32768, 5], dtype=np.int16),
        "i8": np.array([-128, 127], dtype=np.int8),
        "u8": np.array([0, 255], dtype=np.uint8),
        "bool": np.array([True, False, True]),
        "scalar": np.array(0.25, dtype=np.float32),
        "empty": np.zeros((0, 3), dtype=np.float32),
    }
    path = GOLDEN / "weights_safetensors_synthetic.safetensors"
    metadata = {"format": "pt", "producer": "myna-goldens"}
    save_file(tensors, str(path), metadata=metadata)
    loaded = load_file(str(path))
    entries = []
    for name, array in sorted(loaded.items()):
        entry = {"name": name, "dtype": str(array.dtype), "shape": list(array.shape),
                 "floats": array.astype(np.float32).astype(np.float64).reshape(-1).tolist()}
        if array.dtype.kind in "iub":
            entry["integers"] = [int(v) for v in array.reshape(-1)]
        entries.append(entry)
    print(f"{path.name}: {len(entries)} tensors, metadata {metadata}, {path.stat().st_size} bytes")
    return {"file": path.name, "metadata": metadata, "tensors": entries}


# ---------------------------------------------------------------------------------------------------------------
# Conversions and weight-map rules


def conversion_goldens():
    half_bits = [0x0000, 0x8000, 0x0001, 0x03FF, 0x0400, 0x3C00, 0xC000, 0x3555, 0x7BFF, 0xFBFF, 0x7C00, 0xFC00,
                 0x7E00, 0x7C01, 0xFE00]
    bf16_bits = [0x0000, 0x8000, 0x0001, 0x3F80, 0xC049, 0x7F7F, 0x7F80, 0xFF80, 0x7FC0]

    def as_json(values):
        return [float(v) for v in values.astype(np.float64)]

    halves = np.array(half_bits, dtype=np.uint16).view(np.float16).astype(np.float32)
    bf16 = np.array(bf16_bits, dtype=np.uint16).view(ml_dtypes.bfloat16).astype(np.float32)
    return {"float16": {"bits": half_bits, "values": as_json(halves),
                        "float32Bits": [int(b) for b in halves.view(np.uint32)]},
            "bfloat16": {"bits": bf16_bits, "values": as_json(bf16),
                         "float32Bits": [int(b) for b in bf16.view(np.uint32)]}}


def weight_norm(g, v):
    """torch.nn.utils.weight_norm(dim=0): g · v / ‖v‖, the norm over all axes but 0, here in float64."""
    v64 = v.astype(np.float64)
    norm = np.sqrt((v64.reshape(v.shape[0], -1) ** 2).sum(axis=1)).reshape((-1,) + (1,) * (v.ndim - 1))
    return (g.astype(np.float64).reshape(norm.shape) * v64 / norm).astype(np.float32)


def rule_goldens():
    rng = np.random.default_rng(SEED + 4)
    g = rng.uniform(0.5, 2.0, (3, 1, 1)).astype(np.float32)
    v = rng.standard_normal((3, 2, 4)).astype(np.float32)
    a = rng.standard_normal((2, 5)).astype(np.float32)
    b = rng.standard_normal((2, 5)).astype(np.float32)
    synthetic = {"g": {"shape": list(g.shape), "values": g.reshape(-1).astype(np.float64).tolist()},
                 "v": {"shape": list(v.shape), "values": v.reshape(-1).astype(np.float64).tolist()},
                 "weightNorm": weight_norm(g, v).reshape(-1).astype(np.float64).tolist(),
                 "a": {"shape": list(a.shape), "values": a.reshape(-1).astype(np.float64).tolist()},
                 "b": {"shape": list(b.shape), "values": b.reshape(-1).astype(np.float64).tolist()},
                 "sum": (a + b).reshape(-1).astype(np.float64).tolist()}
    hifigan, _, _ = read_legacy_checkpoint(MODELS / "hifigan-v1/generator_universal.pth.tar")
    real = {}
    for prefix in ["generator.conv_pre.", "generator.ups.0.", "generator.resblocks.11.convs2.2."]:
        folded = weight_norm(hifigan[prefix + "weight_g"], hifigan[prefix + "weight_v"])
        real[prefix + "weight"] = row(prefix + "weight", "float32", folded.shape, folded)
    ge2e, _, _ = read_legacy_checkpoint(MODELS / "resemblyzer-ge2e/pretrained.pt")
    for layer in range(3):
        total = ge2e[f"model_state.lstm.bias_ih_l{layer}"] + ge2e[f"model_state.lstm.bias_hh_l{layer}"]
        real[f"lstm.bias_l{layer}"] = row(f"lstm.bias_l{layer}", "float32", total.shape, total)
    print(f"rules: weight norm {list(real)[:3]}, bias sums for 3 LSTM layers")
    return {"synthetic": synthetic, "real": real}


def main():
    np.seterr(over="ignore", invalid="ignore")  # float64 → float32 of ±1e300 and NaN patterns are intended
    require_models()
    GOLDEN.mkdir(parents=True, exist_ok=True)
    write_json("weights_ctranslate2.json", {
        "tiny": ctranslate2_golden("whisper-tiny.en/model.bin"),
        "base": ctranslate2_golden("whisper-base/model.bin", stats_every=10),
        "quantised": ctranslate2_quantised_goldens()})
    write_json("weights_onnx.json", {"piper": onnx_golden("piper-en_US-joe-medium/en_US-joe-medium.onnx"),
                                     **onnx_synthetic_goldens()})
    write_json("weights_pytorch.json", {
        "ge2e": pytorch_golden("resemblyzer-ge2e/pretrained.pt"),
        "hifiganUniversal": pytorch_golden("hifigan-v1/generator_universal.pth.tar"),
        "hifiganLJSpeech": pytorch_golden("hifigan-v1/generator_LJSpeech.pth.tar", stats_every=10),
        "synthetic": pytorch_synthetic_golden(),
        "malicious": malicious_pickle_golden()})
    write_json("weights_safetensors.json", {"silero": safetensors_golden("silero-vad-v6/silero_vad_16k.safetensors"),
                                            "synthetic": safetensors_synthetic_golden()})
    write_json("weights_misc.json", {"conversions": conversion_goldens(), "rules": rule_goldens()})


if __name__ == "__main__":
    main()
