"""Named cases of float32 tensors written as one index (json) and one blob (bin), the layout Tests/MynaTestSupport's
GoldenTensorFile reads: each case has its parameters and, per tensor, its shape and its offset (in floats) into the
blob, which holds every tensor flattened in C order as float32 little-endian.
"""
import json
from pathlib import Path

import numpy as np


class GoldenBundle:
    def __init__(self, stem: Path, generator: str, **metadata):
        """Writes `stem`.json and `stem`.bin; `metadata` (reference versions, seeds) goes into the index as it is."""
        self.stem, self.generator, self.metadata = Path(stem), generator, metadata
        self.cases, self.chunks, self.offset = {}, [], 0

    def add(self, name, params, **tensors):
        assert name not in self.cases, name
        entry = {"params": params, "tensors": {}}
        for key, value in tensors.items():
            array = np.ascontiguousarray(np.asarray(value, dtype=np.float32))
            entry["tensors"][key] = {"shape": list(array.shape), "offset": self.offset}
            self.chunks.append(array.reshape(-1).astype("<f4").tobytes())
            self.offset += array.size
        self.cases[name] = entry

    def write(self, max_bytes=None):
        """`max_bytes` guards against golden files too large to commit."""
        self.stem.parent.mkdir(parents=True, exist_ok=True)
        blob = b"".join(self.chunks)
        assert max_bytes is None or len(blob) < max_bytes, f"{self.stem.name}: {len(blob)} bytes"
        self.stem.with_suffix(".bin").write_bytes(blob)
        index = {"generator": self.generator, "dtype": "float32 little-endian", "count": self.offset,
                 "cases": self.cases, **self.metadata}
        self.stem.with_suffix(".json").write_text(json.dumps(index, indent=1, sort_keys=True) + "\n")
        print(f"{self.stem.name}: {len(self.cases)} cases, {len(blob)} bytes")
