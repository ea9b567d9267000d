"""identify: the search step of `identify` at scale, on a shared PostgreSQL registry of N synthetic speakers, against
the plain NumPy search a Python service would do (one matrix-vector product and a partial sort).

  Myna       myna-bench speaker-index URL: loads every profile from PostgreSQL into IndexedSpeakerStore's index
             (timed: "load"), checks freshness on an unchanged registry (the per-request version check), then 300
             searches (top 3) of random unit queries after 20 warm-ups: p50 and p95, index and resident bytes.
  reference  NumPy (OpenBLAS) on the same number of random 256-d unit vectors in a float32 matrix: scores = M @ q,
             argpartition for the top 3, sorted; the same warm-up and count. (Resemblyzer keeps no registry: this
             is the search a Python service built on it would run.)

The registry is a throwaway PostgreSQL cluster (Debian's postgresql-15, which scripts/setup.sh installs; initdb in a
temporary folder, unix socket only, stopped and removed afterwards), filled by scripts/fill_speaker_registry.sh.
N is $MYNA_BENCH_IDENTIFY_SPEAKERS (default 100000; the issue's goal: search p95 <= 50 ms and index <= 150 MB at
100 000). Filling takes about a minute per 100 000 speakers on 2 cores.
"""
import glob
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

import benchlib

DIMENSION = 256
SEARCHES = 300
WARM_UPS = 20


class Cluster:
    """A PostgreSQL cluster of this run's own, on a unix socket in a temporary folder."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise benchlib.BenchError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin): scripts/setup.sh installs it")
        self.bin = Path(found[-1]).parent
        self.folder = Path(tempfile.mkdtemp(prefix="myna-bench-pg-", dir="/tmp"))
        # initdb and postgres refuse root: run them as the postgres user Debian's package creates.
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.prefix:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self._run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "myna", "--auth-local=trust"])
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.folder / "log"), "-o",
                   f"-k {self.folder} -c listen_addresses='' -c shared_buffers=256MB", "start"])
        self.url = f"postgres://myna@/speakers?host={self.folder}"
        self._run(["psql", f"postgres://myna@/postgres?host={self.folder}", "-X", "-q", "-c", "CREATE DATABASE speakers"])

    def _run(self, command):
        result = subprocess.run(self.prefix + command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            raise benchlib.BenchError(f"{' '.join(command[:2])} failed: {result.stderr.strip()[-400:]}")

    def stop(self):
        subprocess.run(self.prefix + [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.folder, ignore_errors=True)


def numpy_search(count: int) -> dict:
    """p50/p95 seconds of the NumPy search over `count` random unit vectors, and the matrix's bytes."""
    generator = np.random.default_rng(42)
    matrix = generator.random((count, DIMENSION), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)

    def search(query):
        scores = matrix @ query
        top = np.argpartition(scores, -3)[-3:]
        return top[np.argsort(scores[top])[::-1]]

    def query():
        q = generator.random(DIMENSION, dtype=np.float32)
        return q / np.linalg.norm(q)

    for _ in range(WARM_UPS):
        search(query())
    times = []
    for _ in range(SEARCHES):
        q = query()
        start = time.perf_counter()
        search(q)
        times.append(time.perf_counter() - start)
    times.sort()
    return {"p50": times[len(times) // 2], "p95": times[int(len(times) * 0.95)], "bytes": matrix.nbytes}


def run(context: benchlib.Context) -> None:
    count = int(os.environ.get("MYNA_BENCH_IDENTIFY_SPEAKERS", "100000"))
    if not context.myna_bench.is_file():
        raise benchlib.BenchError(f"{context.myna_bench}: not built (run bench/run, which builds it)")
    cluster = Cluster()
    try:
        # The first run creates the registry's tables (and finds nobody enrolled).
        subprocess.run([str(context.myna_bench), "speaker-index", cluster.url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        start = time.perf_counter()
        benchlib.run_process(["bash", str(benchlib.ROOT / "scripts" / "fill_speaker_registry.sh"), cluster.url, str(count)])
        fill_seconds = time.perf_counter() - start
        _, stdout = benchlib.run_process([str(context.myna_bench), "speaker-index", cluster.url])
        facts = json.loads(stdout.strip().splitlines()[-1])
    finally:
        cluster.stop()
    reference = numpy_search(count)
    p50, p95 = facts["searchP50Microseconds"] / 1e6, facts["searchP95Microseconds"] / 1e6
    benchlib.report(
        f"identify: search among {facts['speakers']} speakers of a PostgreSQL registry (256-d, top 3, {SEARCHES} "
        f"random queries)",
        [("Myna load from PostgreSQL", facts["seconds"], None),
         ("Myna search p50", p50, None), ("Myna search p95", p95, None),
         ("NumPy search p50", reference["p50"], None), ("NumPy search p95", reference["p95"], None)],
        [("NumPy (search p50)", p50, reference["p50"]), ("NumPy (search p95)", p95, reference["p95"])],
        [f"filled in {fill_seconds:.1f} s by scripts/fill_speaker_registry.sh",
         f"freshness check on an unchanged registry: {facts['freshnessCheckMicroseconds'] / 1000:.2f} ms",
         f"index {facts['indexBytes'] / 2**20:.1f} MiB (NumPy matrix {reference['bytes'] / 2**20:.1f} MiB), "
         f"myna-bench resident {facts['residentBytes'] / 2**20:.0f} MiB"])
