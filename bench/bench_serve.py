"""serve: requests per second and p50/p95 latency of `myna serve` transcribing the JFK clip (audio-samples/jfk.flac,
11 s) at concurrency 1, 2 and 4, against faster-whisper transcribing the same clip in one Python process.

  Myna       the release `myna serve` on 127.0.0.1 (free port), Whisper tiny.en, its defaults (beam 5, speech gate,
             all cores, --max-concurrent 8, --concurrent-windows 2); C client threads each POST the clip to
             /v1/audio/transcriptions (multipart, json) one request after another, 4·C requests in all (at least 8),
             after one warm-up request. Latency is from sending to the last byte, upload and decoding included.
  reference  faster-whisper 1.2.1 `WhisperModel(tiny.en, cpu_threads=cores, num_workers=C)` in one process, a thread
             pool of C over it calling `transcribe(path)` (beam 5, no VAD) and reading every segment, same count.
Prints both sides' requests per second, p50 and p95, and the ratios Myna / reference (latency: below 1 is faster;
throughput: above 1 is faster), and whether every answer's text equals faster-whisper's.
"""
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import benchlib
import servelib

MODEL = benchlib.ROOT / "models" / "whisper-tiny.en"
CLIP = benchlib.ROOT / "audio-samples" / "jfk.flac"
THREADS = os.cpu_count() or 1
CONCURRENCY = (1, 2, 4)

REFERENCE_SCRIPT = """
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from faster_whisper import WhisperModel
path, concurrency, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
model = WhisperModel({model!r}, device="cpu", compute_type="float32", cpu_threads={threads}, num_workers=concurrency)
def one(_):
    start = time.perf_counter()
    segments, _ = model.transcribe(path)
    text = "".join(s.text for s in segments).strip()
    return time.perf_counter() - start, text
one(0)
start = time.perf_counter()
with ThreadPoolExecutor(concurrency) as pool:
    results = list(pool.map(one, range(count)))
wall = time.perf_counter() - start
print(json.dumps({{"wall": wall, "latencies": [r[0] for r in results], "texts": [r[1] for r in results]}}))
"""


def request_count(concurrency: int) -> int:
    return max(8, 4 * concurrency)


def myna_run(server: servelib.MynaServer, data: bytes, concurrency: int) -> dict:
    count = request_count(concurrency)
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(lambda _: servelib.transcribe(server.port, data, CLIP.name), range(count)))
    wall = time.perf_counter() - start
    failed = [r for r in results if r["status"] != 200]
    if failed:
        raise servelib.ServeError(f"myna serve answered {failed[0]['status']}: {failed[0]['text']}")
    return {"wall": wall, "latencies": [r["seconds"] for r in results], "texts": [r["text"].strip() for r in results]}


def reference_run(concurrency: int) -> dict:
    script = REFERENCE_SCRIPT.format(model=str(MODEL), threads=THREADS)
    _, out = benchlib.run_process([sys.executable, "-c", script, str(CLIP), str(concurrency),
                                   str(request_count(concurrency))])
    return json.loads(out)


def summary(run: dict) -> tuple:
    latencies = run["latencies"]
    return (len(latencies) / run["wall"], servelib.percentile(latencies, 0.5), servelib.percentile(latencies, 0.95))


def run(context: benchlib.Context) -> None:
    data = CLIP.read_bytes()
    print(f"\nserve: {CLIP.name} ({len(data)} bytes), Whisper tiny.en, {THREADS} threads each side; "
          "requests/s, p50, p95 latency", flush=True)
    mine, theirs = {}, {}
    with servelib.MynaServer(context.myna, []) as server:
        servelib.transcribe(server.port, data, CLIP.name)                     # warm-up: loads the model
        for concurrency in CONCURRENCY:
            mine[concurrency] = myna_run(server, data, concurrency)
        rss = server.peak_rss_mb()
    for concurrency in CONCURRENCY:
        theirs[concurrency] = reference_run(concurrency)
    print(f"  {'concurrency':>11}  {'side':<15} {'req/s':>7} {'p50':>8} {'p95':>8}")
    same = True
    for concurrency in CONCURRENCY:
        m, r = summary(mine[concurrency]), summary(theirs[concurrency])
        for side, (rps, p50, p95) in (("myna serve", m), ("faster-whisper", r)):
            print(f"  {concurrency:>11}  {side:<15} {rps:7.2f} {p50:7.3f}s {p95:7.3f}s")
        print(f"  {'':>11}  Myna / faster-whisper: req/s {m[0] / r[0]:.2f}, p50 {m[1] / r[1]:.2f}, p95 {m[2] / r[2]:.2f}")
        same = same and set(mine[concurrency]["texts"]) == set(theirs[concurrency]["texts"])
    print(f"  identical text: {same}; myna serve peak RSS {rss:.0f} MB")
    print("  note: Myna's latency includes HTTP, the multipart upload and the speech gate; faster-whisper's is the "
          "call alone")
