#!/usr/bin/env python3
"""Benchmark driver: runs the benchmarks named on the command line (each lives in bench/bench_<name>.py and defines
`run(context)`), or all of them, and prints Myna's time, the reference's time and the ratio Myna / reference.

Normally started by bench/run, which prepares the venv and the release binaries.
"""
import argparse
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import benchlib  # noqa: E402


def available() -> list:
    return sorted(p.stem[len("bench_"):] for p in HERE.glob("bench_*.py"))


def main() -> int:
    names = available()
    parser = argparse.ArgumentParser(description="Myna benchmarks against reference implementations.")
    parser.add_argument("benchmarks", nargs="*", default=["all"], help=f"all, or some of: {', '.join(names)}")
    parser.add_argument("--bin", required=True, type=Path, help="directory holding release myna-bench and myna")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; medians are reported (default 5)")
    args = parser.parse_args()
    chosen = names if "all" in args.benchmarks else args.benchmarks
    unknown = [n for n in chosen if n not in names]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; available: all, {', '.join(names)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    context = benchlib.Context(bin_dir=args.bin, repeat=args.repeat)
    benchlib.print_machine()
    for name in chosen:
        importlib.import_module(f"bench_{name}").run(context)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except benchlib.BenchError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        sys.exit(1)
