"""replicas: batch throughput of `myna transcribe --server` (audio seconds per wall second) over the dev set
(84 files, 8.6 min) with `--parallel 4`, against faster-whisper transcribing the same files in one process.

  1 replica            `myna serve --threads 2` (release), the client straight to it.
  1 replica, nginx     the same behind nginx running deploy/nginx/myna.conf (the proxy's cost).
  2 replicas, nginx    two `myna serve --threads 1` behind nginx (on 2 cores they share the machine: not twice).
  local                `myna transcribe` of the same files in one process (2 threads), for what the server adds.
  reference            faster-whisper 1.2.1 in one Python process (float32, 2 threads, beam 5), as bench transcribe.
One run per row (a dev-set pass takes tens of seconds). tiny.en, beam 5 (the servers' default). nginx comes from
Debian's package (scripts/setup.sh installs it); servers and nginx listen on loopback only and are stopped after
each row.
"""
import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import soundfile

import benchlib
from bench_transcribe import MODEL, REFERENCE_SCRIPT

NGINX = "/usr/sbin/nginx"
THREADS = os.cpu_count() or 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(myna: Path, threads: int, folder: Path) -> tuple:
    """`myna serve` on a free loopback port; returns (process, port) once it listens."""
    process = subprocess.Popen([str(myna), "serve", "--port", "0", "--threads", str(threads), "--models-dir",
                                str(MODEL.parent), "--db", str(folder / f"speakers-{time.monotonic_ns()}.sqlite")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    text = ""
    while True:
        line = process.stderr.readline()
        if not line:
            raise benchlib.BenchError(f"myna serve did not start: {text}")
        text += line
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if match:
            # Keep reading its request log so it never blocks on a full pipe.
            subprocess.Popen(["cat"], stdin=process.stderr, stdout=subprocess.DEVNULL)
            return process, int(match.group(1))


def start_nginx(upstream_ports: list, folder: Path) -> tuple:
    """nginx running deploy/nginx/myna.conf with its upstream pointed at `upstream_ports`; returns (process, port)."""
    if not Path(NGINX).is_file():
        raise benchlib.BenchError(f"{NGINX} is missing: scripts/setup.sh installs nginx")
    port = free_port()
    shipped = (benchlib.ROOT / "deploy" / "nginx" / "myna.conf").read_text()
    lines, servers_done = [], False
    for line in shipped.splitlines():
        stripped = line.strip()
        if stripped.startswith("server 127.0.0.1:"):
            if not servers_done:
                options = " ".join(stripped.split()[2:])
                lines += [f"    server 127.0.0.1:{p} {options}" for p in upstream_ports]
                servers_done = True
        elif stripped.startswith("listen "):
            lines.append(f"    listen 127.0.0.1:{port};")
        else:
            lines.append(line)
    (folder / "myna.conf").write_text("\n".join(lines))
    user = "user root;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(f"""daemon off; worker_processes 1; pid {folder}/nginx.pid;
error_log {folder}/error.log; {user}
events {{ worker_connections 256; }}
http {{ access_log off; client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
include {folder}/myna.conf; }}
""")
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            time.sleep(0.025)
    process.kill()
    raise benchlib.BenchError(f"nginx did not start: {(folder / 'error.log').read_text()}")


def stop(process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def batch(myna: Path, port: int, files: list, folder: Path) -> float:
    """Wall seconds of `myna transcribe --server` over `files`, 4 at a time."""
    out = folder / f"out-{time.monotonic_ns()}"
    start = time.perf_counter()
    result = subprocess.run([str(myna), "transcribe", "--server", f"http://127.0.0.1:{port}", "--parallel", "4",
                             "--quiet", "--output-dir", str(out)] + [str(f) for f in files],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0 or len(list(out.iterdir())) != len(files):
        raise benchlib.BenchError(f"myna transcribe --server failed: {result.stderr.strip()[-400:]}")
    return wall


def run(context: benchlib.Context) -> None:
    data = benchlib.shared_data()
    with open(data / "asr" / "dev.tsv", newline="") as f:
        files = [data / "asr" / r["file"] for r in csv.DictReader(f, delimiter="\t")]
    audio = sum(soundfile.info(str(f)).duration for f in files)
    rows = []
    with tempfile.TemporaryDirectory(prefix="myna-bench-replicas-") as name:
        folder = Path(name)
        for label, replica_threads, behind_nginx in [("1 replica", [THREADS], False),
                                                     ("1 replica, nginx", [THREADS], True),
                                                     (f"{THREADS} replicas, nginx", [1] * THREADS, True)]:
            servers = [start_server(context.myna, t, folder) for t in replica_threads]
            proxy = None
            try:
                port = servers[0][1]
                if behind_nginx:
                    nginx_folder = folder / f"nginx-{len(rows)}"
                    nginx_folder.mkdir()
                    proxy, port = start_nginx([p for _, p in servers], nginx_folder)
                batch(context.myna, port, files[:4], folder)  # warm-up: models loaded, caches filled
                rows.append((label, batch(context.myna, port, files, folder)))
            finally:
                if proxy:
                    stop(proxy)
                for process, _ in servers:
                    stop(process)
        start = time.perf_counter()
        benchlib.run_process([str(context.myna), "transcribe", "--model", str(MODEL), "--quiet"] + [str(f) for f in files])
        rows.append(("local, one process", time.perf_counter() - start))
        script = REFERENCE_SCRIPT.format(model=str(MODEL), threads=THREADS)
        start = time.perf_counter()
        benchlib.run_process([sys.executable, "-c", script, "5"] + [str(f) for f in files])
        reference = time.perf_counter() - start
    print(f"\nreplicas: dev set, {len(files)} files, {audio:.0f} s of audio, tiny.en beam 5, client --parallel 4, "
          f"{THREADS} cores")
    print(f"  {'':24}{'wall':>10}{'audio s / wall s':>18}")
    for label, wall in rows + [("faster-whisper, one process", reference)]:
        print(f"  {label:24}{wall:>9.2f}s{audio / wall:>18.2f}")
    for label, wall in rows:
        print(f"  Myna ({label}) / faster-whisper: {wall / reference:.2f}")
