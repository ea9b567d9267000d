"""Drives a running `myna wyoming` with the real `wyoming` package and prints what came back as one JSON object.

Used by Tests/MynaWyomingTests/WyomingEndToEndTests.swift (run with .venv-wyoming/bin/python, which
scripts/wyoming_venv.sh creates). Subcommands: info, transcribe, synthesize, stream-synthesize, malformed, ping,
concurrent, out-of-order, idle, stdio, stop. A server is reached by --port (on 127.0.0.1) or --uri.
Nothing here depends on wall-clock pace: audio is sent as fast as the socket takes it; the only clock is a hang guard.
"""

import argparse
import asyncio
import json
import os
import signal
import sys

from wyoming.asr import Transcribe, Transcript, TranscriptChunk, TranscriptStart, TranscriptStop
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncClient, AsyncTcpClient
from wyoming.error import Error
from wyoming.event import async_read_event, async_write_event
from wyoming.info import Describe, Info
from wyoming.ping import Ping, Pong
from wyoming.tts import (Synthesize, SynthesizeChunk, SynthesizeStart, SynthesizeStop, SynthesizeStopped,
                         SynthesizeVoice)

HANG_GUARD_SECONDS = 600


async def connect(where):
    """A connected client to a port on 127.0.0.1 or a Wyoming URI; the server may still be loading its models, so
    connecting is retried."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + HANG_GUARD_SECONDS
    while True:
        client = AsyncClient.from_uri(where) if isinstance(where, str) else AsyncTcpClient("127.0.0.1", where)
        try:
            await client.connect()
            return client
        except OSError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.2)


async def read(client):
    event = await asyncio.wait_for(client.read_event(), HANG_GUARD_SECONDS)
    if event is None:
        raise SystemExit("the server closed the connection")
    if Error.is_type(event.type):
        err = Error.from_event(event)
        print(json.dumps({"error": {"text": err.text, "code": err.code}}))
        raise SystemExit(0)
    return event


async def info(args):
    client = await connect(args.uri or args.port)
    await client.write_event(Describe().event())
    event = await read(client)
    parsed = Info.from_event(event)
    print(json.dumps({
        "asr": [{"name": p.name, "streaming": p.supports_transcript_streaming, "version": p.version,
                 "attribution": p.attribution.name,
                 "models": [{"name": m.name, "languages": m.languages, "installed": m.installed} for m in p.models]}
                for p in parsed.asr],
        "tts": [{"name": p.name, "streaming": p.supports_synthesize_streaming, "version": p.version,
                 "attribution": p.attribution.name,
                 "voices": [{"name": v.name, "languages": v.languages, "installed": v.installed} for v in p.voices]}
                for p in parsed.tts],
    }))
    await client.disconnect()


async def transcribe(args):
    print(json.dumps(await transcribe_file(args, args.raw)))


async def transcribe_file(args, raw):
    client = await connect(args.uri or args.port)
    with open(raw, "rb") as file:
        audio = file.read()
    await client.write_event(Transcribe(name=args.model, language=args.language).event())
    await client.write_event(AudioStart(rate=args.rate, width=args.width, channels=args.channels).event())
    step = args.chunk_samples * args.width * args.channels
    for offset in range(0, len(audio), step):
        await client.write_event(AudioChunk(rate=args.rate, width=args.width, channels=args.channels,
                                            audio=audio[offset:offset + step]).event())
    await client.write_event(AudioStop().event())
    types, chunks, transcript = [], [], None
    while True:
        event = await read(client)
        types.append(event.type)
        if TranscriptChunk.is_type(event.type):
            chunks.append(TranscriptChunk.from_event(event).text)
        elif Transcript.is_type(event.type):
            transcript = Transcript.from_event(event)
        elif TranscriptStop.is_type(event.type):
            break
    await client.disconnect()
    return {"text": transcript.text, "language": transcript.language, "chunks": chunks, "events": types}


async def concurrent(args):
    """Transcribes every --raws file and synthesizes --text, all on connections open at the same time."""
    async def speak():
        client = await connect(args.uri or args.port)
        await client.write_event(Synthesize(text=args.text).event())
        streams, _, _ = await collect_audio(client, AudioStop().event().type)
        await client.disconnect()
        return sum(streams)

    results = await asyncio.gather(*(transcribe_file(args, raw) for raw in args.raws), speak())
    print(json.dumps({"texts": [result["text"] for result in results[:-1]], "samples": results[-1]}))


async def collect_audio(client, until):
    """Audio events up to the event type `until`: sample counts per audio-start … audio-stop."""
    streams, rates, types = [], [], []
    while True:
        event = await read(client)
        types.append(event.type)
        if AudioStart.is_type(event.type):
            start = AudioStart.from_event(event)
            rates.append(start.rate)
            streams.append(0)
        elif AudioChunk.is_type(event.type):
            chunk = AudioChunk.from_event(event)
            assert chunk.width == 2 and chunk.channels == 1, chunk
            streams[-1] += chunk.samples
        if event.type == until:
            return streams, rates, types


async def synthesize(args):
    client = await connect(args.uri or args.port)
    voice = SynthesizeVoice(name=args.voice) if args.voice else None
    await client.write_event(Synthesize(text=args.text, voice=voice).event())
    streams, rates, types = await collect_audio(client, AudioStop().event().type)
    print(json.dumps({"samples": sum(streams), "rates": rates, "events": len(types),
                      "chunks": types.count("audio-chunk")}))
    await client.disconnect()


async def stream_synthesize(args):
    client = await connect(args.uri or args.port)
    await client.write_event(SynthesizeStart().event())
    for text in args.chunks:
        await client.write_event(SynthesizeChunk(text=text).event())
    # What a streaming client also sends for servers that do not stream: ignored inside the stream.
    await client.write_event(Synthesize(text="".join(args.chunks)).event())
    await client.write_event(SynthesizeStop().event())
    streams, rates, types = await collect_audio(client, SynthesizeStopped().event().type)
    print(json.dumps({"streams": streams, "stopped": types[-1] == "synthesize-stopped"}))
    await client.disconnect()


async def malformed(args):
    client = await connect(args.uri or args.port)
    bad = {"header": b"this is not json\n",
           "length": b'{"type": "audio-chunk", "payload_length": 1000000000}\n'}[args.kind]
    client._writer.write(bad)
    await client._writer.drain()
    event = await asyncio.wait_for(async_read_event(client._reader), HANG_GUARD_SECONDS)
    error = Error.from_event(event) if event is not None and Error.is_type(event.type) else None
    rest = await asyncio.wait_for(client._reader.read(), HANG_GUARD_SECONDS)  # b"" once the server has closed
    print(json.dumps({"error": error and {"text": error.text, "code": error.code}, "closed": rest == b""}))


async def out_of_order(args):
    """An audio-chunk with no audio-start before it: an error, then the connection closes."""
    client = await connect(args.uri or args.port)
    await client.write_event(AudioChunk(rate=16000, width=2, channels=1, audio=bytes(2048)).event())
    event = await asyncio.wait_for(client.read_event(), HANG_GUARD_SECONDS)
    error = Error.from_event(event) if event is not None and Error.is_type(event.type) else None
    rest = await asyncio.wait_for(client._reader.read(), HANG_GUARD_SECONDS)
    print(json.dumps({"error": error and {"text": error.text, "code": error.code}, "closed": rest == b""}))


async def idle(args):
    """Connects and sends nothing: the server's idle timeout closes the connection."""
    client = await connect(args.uri or args.port)
    rest = await asyncio.wait_for(client._reader.read(), HANG_GUARD_SECONDS)
    print(json.dumps({"closed": rest == b""}))


async def stdio(args):
    """Starts `--myna wyoming --uri stdio://` and talks to it on its stdin and stdout: describe, ping, end of input."""
    process = await asyncio.create_subprocess_exec(args.myna, "wyoming", "--uri", "stdio://", "--no-asr",
                                                   stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    await async_write_event(Describe().event(), process.stdin)
    info = Info.from_event(await asyncio.wait_for(async_read_event(process.stdout), HANG_GUARD_SECONDS))
    await async_write_event(Ping(text="over stdio").event(), process.stdin)
    pong = Pong.from_event(await asyncio.wait_for(async_read_event(process.stdout), HANG_GUARD_SECONDS))
    process.stdin.close()
    status = await asyncio.wait_for(process.wait(), HANG_GUARD_SECONDS)
    print(json.dumps({"voices": [v.name for p in info.tts for v in p.voices], "asr": len(info.asr),
                      "pong": pong.text, "status": status}))


async def stop(args):
    """Two sessions in flight on a server (--pid): one sent its whole stream and audio-stop (its decode is due or
    running), one is still streaming. Once the server has answered both audio-starts, --signal is sent to it; both
    connections must then be closed by the server (whatever it sent before closing is listed)."""
    with open(args.raw, "rb") as file:
        audio = file.read()
    clients = [await connect(args.port), await connect(args.port)]
    for index, client in enumerate(clients):
        await client.write_event(Transcribe().event())
        await client.write_event(AudioStart(rate=16000, width=2, channels=1).event())
        if not TranscriptStart.is_type((await read(client)).type):
            raise SystemExit("no transcript-start")
        step = 2 * args.chunk_samples
        for offset in range(0, len(audio), step):
            await client.write_event(AudioChunk(rate=16000, width=2, channels=1, audio=audio[offset:offset + step]).event())
        if index == 0:
            await client.write_event(AudioStop().event())
    # A ping answered on the open stream: the server has read everything sent on it.
    await clients[1].write_event(Ping(text="in flight").event())
    while not Pong.is_type((await read(clients[1])).type):
        pass
    os.kill(args.pid, getattr(signal, args.signal))
    received = []
    for client in clients:
        types = []
        try:
            while (event := await asyncio.wait_for(client.read_event(), HANG_GUARD_SECONDS)) is not None:
                types.append(event.type)
        except (ConnectionResetError, asyncio.IncompleteReadError):
            pass  # closed with data in flight: a reset instead of an end of stream
        received.append(types)
    print(json.dumps({"closed": True, "received": received}))


async def ping(args):
    client = await connect(args.uri or args.port)
    await client.write_event(Ping(text="hello").event())
    event = await read(client)
    print(json.dumps({"pong": Pong.from_event(event).text}))
    await client.disconnect()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command")
    parser.add_argument("--port", type=int)
    parser.add_argument("--uri")
    parser.add_argument("--myna")
    parser.add_argument("--raw")
    parser.add_argument("--rate", type=int, default=16000)
    parser.add_argument("--width", type=int, default=2)
    parser.add_argument("--channels", type=int, default=1)
    parser.add_argument("--chunk-samples", type=int, default=1024)
    parser.add_argument("--model")
    parser.add_argument("--language")
    parser.add_argument("--text")
    parser.add_argument("--voice")
    parser.add_argument("--kind")
    parser.add_argument("--chunks", nargs="*")
    parser.add_argument("--raws", nargs="*")
    parser.add_argument("--pid", type=int)
    parser.add_argument("--signal", default="SIGTERM")
    args = parser.parse_args()
    command = {"info": info, "transcribe": transcribe, "synthesize": synthesize,
               "stream-synthesize": stream_synthesize, "malformed": malformed, "ping": ping, "concurrent": concurrent,
               "out-of-order": out_of_order, "idle": idle, "stdio": stdio, "stop": stop}[args.command]
    asyncio.run(command(args))


if __name__ == "__main__":
    sys.exit(main())
