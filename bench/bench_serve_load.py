"""serve_load: `myna serve` under load (issue 19): one 10-minute file and 64 short clips from 8 clients at once,
over loopback, bounded (a fixed number of requests; it stops by itself).

  load       the release `myna serve` on 127.0.0.1 (free port), Whisper tiny.en, defaults (--max-concurrent 8,
             --max-queue 16, --concurrent-windows 2). One client posts the 10-minute speech input (bench/.cache,
             the dev utterances repeated); as soon as it is sent, 8 client threads post the 84 dev utterances of
             shared/data/asr (64 of them, 2–10 s each), one request after another.
  baseline   the same 64 short clips from 8 clients on a fresh server with no long file.
  reference  faster-whisper 1.2.1 in one Python process, a thread pool of 8 over one WhisperModel (cpu_threads =
             cores, num_workers 8): the long file submitted first, then the 64 clips.
Every request must be answered 200 or 429 (429 is counted, not retried), never 500. Prints the short clips' p50/p95
latency while the long file runs and without it, the long file's latency, the server's peak RSS, and the ratios
Myna / faster-whisper. Timings are reported, not asserted.
"""
import csv
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import benchlib
import servelib

MODEL = benchlib.ROOT / "models" / "whisper-tiny.en"
THREADS = os.cpu_count() or 1
CLIENTS = 8
SHORT_REQUESTS = 64

REFERENCE_SCRIPT = """
import json, sys, time
from concurrent.futures import ThreadPoolExecutor
from faster_whisper import WhisperModel
long_path, clients, shorts = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
model = WhisperModel({model!r}, device="cpu", compute_type="float32", cpu_threads={threads}, num_workers=clients)
def one(path):
    start = time.perf_counter()
    segments, _ = model.transcribe(path)
    "".join(s.text for s in segments)
    return time.perf_counter() - start
one(shorts[0])
with ThreadPoolExecutor(clients + 1) as pool:
    long_future = pool.submit(one, long_path)
    short = list(pool.map(one, shorts))
    long = long_future.result()
print(json.dumps({{"long": long, "short": short}}))
"""


def short_clips() -> list:
    table = benchlib.shared_data() / "asr" / "dev.tsv"
    if not table.is_file():
        raise benchlib.BenchError(f"{table}: not found (set MYNA_SHARED_DATA to the shared data directory)")
    with open(table, newline="") as f:
        files = [table.parent / row["file"] for row in csv.DictReader(f, delimiter="\t")]
    return files[:SHORT_REQUESTS]


def post_shorts(server: servelib.MynaServer, clips: list) -> list:
    payloads = [(path.name, path.read_bytes()) for path in clips]
    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(lambda p: servelib.transcribe(server.port, p[1], p[0]), payloads))


def check(results: list, what: str) -> dict:
    statuses = {}
    for result in results:
        statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    unexpected = {status: n for status, n in statuses.items() if status not in (200, 429)}
    if unexpected:
        bad = next(r for r in results if r["status"] not in (200, 429))
        raise benchlib.BenchError(f"{what}: statuses {unexpected} (not 200 or 429): {bad['text']}")
    return statuses


def latencies(results: list) -> tuple:
    ok = [r["seconds"] for r in results if r["status"] == 200]
    return servelib.percentile(ok, 0.5), servelib.percentile(ok, 0.95)


def run(context: benchlib.Context) -> None:
    long_path = benchlib.speech_16k()
    clips = short_clips()
    print(f"\nserve_load: one {benchlib.SPEECH_SECONDS} s file + {len(clips)} short clips from {CLIENTS} clients, "
          f"Whisper tiny.en, {THREADS} threads", flush=True)

    with servelib.MynaServer(context.myna, []) as server:
        servelib.transcribe(server.port, clips[0].read_bytes(), clips[0].name)    # warm-up: loads the model
        alone = post_shorts(server, clips)
        alone_rss = server.peak_rss_mb()
    with servelib.MynaServer(context.myna, []) as server:
        servelib.transcribe(server.port, clips[0].read_bytes(), clips[0].name)
        # The long file gets 2 s to reach the engine before the short clips come.
        loaded = servelib.load(server.port, CLIENTS, long_path, clips)
        rss = server.peak_rss_mb()
    long_result, shorts_done = loaded["long"], loaded["shorts_seconds"]
    loaded = loaded["short"]
    statuses = check(loaded + [long_result], "under load")
    check(alone, "without the long file")
    if long_result["status"] != 200:
        raise benchlib.BenchError(f"the long file was answered {long_result['status']}: {long_result['text']}")

    _, out = benchlib.run_process([sys.executable, "-c", REFERENCE_SCRIPT.format(model=str(MODEL), threads=THREADS),
                                   str(long_path), str(CLIENTS)] + [str(p) for p in clips])
    reference = json.loads(out)
    ref_p50 = servelib.percentile(reference["short"], 0.5)
    ref_p95 = servelib.percentile(reference["short"], 0.95)

    mine_p50, mine_p95 = latencies(loaded)
    alone_p50, alone_p95 = latencies(alone)
    print(f"  statuses under load: {statuses}; all short clips done {shorts_done:.1f} s after the long file was sent")
    print(f"  short clips while the long file runs: p50 {mine_p50:.2f} s, p95 {mine_p95:.2f} s "
          f"(faster-whisper pool: p50 {ref_p50:.2f} s, p95 {ref_p95:.2f} s)")
    print(f"  short clips without it:               p50 {alone_p50:.2f} s, p95 {alone_p95:.2f} s")
    print(f"  long file: {long_result['seconds']:.1f} s (faster-whisper pool: {reference['long']:.1f} s)")
    print(f"  Myna / faster-whisper: short p95 {mine_p95 / ref_p95:.2f}, long {long_result['seconds'] / reference['long']:.2f}")
    print(f"  myna serve peak RSS: {rss:.0f} MB under load, {alone_rss:.0f} MB with short clips only")
