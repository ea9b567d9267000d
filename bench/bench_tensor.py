"""tensor: the neural core's kernels against numpy; the benchmark itself lives in bench/tensor.py."""
from tensor import run  # noqa: F401  (bench.py discovers bench_<name>.py modules and calls run(context))
