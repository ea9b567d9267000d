"""Driving `myna serve`: start it on a free loopback port, post transcriptions with the standard library alone
(multipart built by hand, one HTTP connection per request), read its peak memory, stop it.

Used by bench_serve.py and bench_serve_load.py, and, as a script, by the in-CI load test (MynaServerTests'
ServerLoadTests), which has no venv: this file imports nothing outside the standard library.

  python3 bench/servelib.py load PORT CLIENTS HEAD_START TIMEOUT LONG_FILE SHORT_FILE…
      posts LONG_FILE, HEAD_START seconds later the short files from CLIENTS threads, and prints one JSON object:
      each request's status and seconds ("long", "short"). A request that gets no answer within TIMEOUT seconds, or
      whose connection fails, has status 0 and the error as its text: the run always ends.
"""
import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

try:
    # In the benchmarks a failure is a BenchError, which bench.py reports as one line. The in-CI test runs this file
    # with a bare python3, where benchlib's imports (numpy, soundfile) may be missing.
    from benchlib import BenchError as ServeError
except ImportError:
    class ServeError(Exception):
        """The server did not start or answered what it must not."""


class MynaServer:
    """`myna serve --port 0 …` on 127.0.0.1; the port is read from its "listening on" line. Use as a context manager:
    the server gets SIGTERM (and, if it does not stop within 60 s, SIGKILL) when the block ends."""

    def __init__(self, myna: Path, arguments: list):
        models = ROOT / "models"
        self.command = [str(myna), "serve", "--host", HOST, "--port", "0", "--models-dir", str(models)] + arguments
        self.process = None
        self.port = None
        self.log = []

    def __enter__(self):
        if not Path(self.command[0]).is_file():
            raise ServeError(f"{self.command[0]}: not built (bench/run builds it)")
        self.process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, text=True)
        for line in self.process.stderr:
            self.log.append(line)
            found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if found:
                self.port = int(found.group(1))
                break
        if self.port is None:
            self.process.wait()
            raise ServeError(f"myna serve did not start (exit {self.process.returncode}): {''.join(self.log)}")
        # Keep draining the request log so the server never blocks on a full pipe.
        threading.Thread(target=lambda: self.log.extend(self.process.stderr), daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def peak_rss_mb(self) -> float:
        """The server's peak resident memory so far (VmHWM), in MB."""
        for line in open(f"/proc/{self.process.pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise ServeError("VmHWM missing from /proc/PID/status")


def multipart(fields: dict, file_name: str, data: bytes) -> tuple:
    """A multipart/form-data body with `fields` and one `file` part; returns (body, content type)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 f'Content-Type: application/octet-stream\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def transcribe(port: int, data: bytes, file_name: str, timeout: float = 3600) -> dict:
    """POSTs one transcription (model whisper-1, json); returns status, seconds from send to the last byte, and
    the text (or the error body)."""
    body, content_type = multipart({"model": "whisper-1", "response_format": "json"}, file_name, data)
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("POST", "/v1/audio/transcriptions", body=body, headers={"Content-Type": content_type})
        response = connection.getresponse()
        payload = response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as error:     # timeout, reset, refused: reported, never hanging
        return {"status": 0, "seconds": time.perf_counter() - start, "text": f"{type(error).__name__}: {error}"}
    finally:
        connection.close()
    seconds = time.perf_counter() - start
    text = payload.decode("utf-8", "replace")
    if status == 200:
        text = json.loads(text)["text"]
    return {"status": status, "seconds": seconds, "text": text}


def percentile(values: list, fraction: float) -> float:
    """The nearest-rank percentile of `values` (fraction 0.95 for p95)."""
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))
    return ordered[min(rank, len(ordered)) - 1]


def load(port: int, clients: int, long_file: Path, short_files: list, head_start_seconds: float = 2,
         timeout: float = 3600) -> dict:
    """Posts `long_file`, waits `head_start_seconds` so that it is on the engine, then posts `short_files` from
    `clients` threads, one request after another per thread; returns every request's status and seconds, and how
    long the short files took in all."""
    long_result = {}
    long_data = long_file.read_bytes()
    long_thread = threading.Thread(
        target=lambda: long_result.update(transcribe(port, long_data, long_file.name, timeout)))
    start = time.perf_counter()
    long_thread.start()
    time.sleep(head_start_seconds)
    payloads = [(path.name, path.read_bytes()) for path in short_files]
    with ThreadPoolExecutor(clients) as pool:
        short = list(pool.map(lambda p: transcribe(port, p[1], p[0], timeout), payloads))
    shorts_seconds = time.perf_counter() - start
    long_thread.join()
    return {"long": long_result, "short": short, "shorts_seconds": shorts_seconds}


def main(arguments: list) -> int:
    if len(arguments) < 7 or arguments[0] != "load":
        print("usage: servelib.py load PORT CLIENTS HEAD_START TIMEOUT LONG_FILE SHORT_FILE…", file=sys.stderr)
        return 2
    result = load(int(arguments[1]), int(arguments[2]), Path(arguments[5]), [Path(a) for a in arguments[6:]],
                  head_start_seconds=float(arguments[3]), timeout=float(arguments[4]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
