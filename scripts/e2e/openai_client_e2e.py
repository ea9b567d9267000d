"""Drives a running `myna serve` with the official OpenAI Python client and prints what it saw as one JSON object.

Run by Tests/MynaServerTests/OpenAIClientEndToEndTests.swift, which starts the server, compares the texts with
`myna transcribe` and decodes the speech files back; this script only makes the calls the way an application would
and reports the results (it asserts nothing itself, so the Swift test shows every difference).

Usage: openai_client_e2e.py BASE_URL API_KEY AUDIO_FILE TEXT_FILE OUT_DIR
"""
import json
import sys
from pathlib import Path

import openai
from openai import OpenAI


def main() -> None:
    base_url, api_key, audio, text_file, out_dir = sys.argv[1:6]
    out = Path(out_dir)
    client = OpenAI(base_url=base_url, api_key=api_key, max_retries=0, timeout=600)
    report: dict = {"openai_version": openai.__version__}

    # Transcriptions in all five formats.
    transcriptions = {}
    for response_format in ["json", "text", "srt", "vtt", "verbose_json"]:
        with open(audio, "rb") as f:
            result = client.audio.transcriptions.create(model="whisper-1", file=f, response_format=response_format)
        transcriptions[response_format] = result if isinstance(result, str) else result.model_dump()
    report["transcriptions"] = transcriptions

    with open(audio, "rb") as f:
        report["verbose_segment_granularity"] = client.audio.transcriptions.create(
            model="whisper-1", file=f, response_format="verbose_json", timestamp_granularities=["segment"]).model_dump()

    # Streaming transcription: typed events from the client's SSE decoder.
    with open(audio, "rb") as f:
        stream = client.audio.transcriptions.create(model="whisper-1", file=f, stream=True)
        report["transcription_events"] = [event.model_dump() for event in stream]

    # Translation with a multilingual model.
    with open(audio, "rb") as f:
        report["translation"] = client.audio.translations.create(model="whisper-base", file=f).model_dump()

    # Speech in every format, written for the test to decode.
    speech = {}
    sentence = "Myna speaks through the OpenAI client. This is the second sentence."
    for response_format in ["wav", "flac", "opus", "mp3", "pcm"]:
        path = out / f"speech.{response_format}"
        response = client.audio.speech.create(model="tts-1", voice="alloy", input=sentence, response_format=response_format)
        response.write_to_file(path)
        speech[response_format] = str(path)
    report["speech"] = speech

    # Streamed speech: the raw chunks as they arrive, and the SSE form.
    with client.audio.speech.with_streaming_response.create(
            model="tts-1", voice="alloy", input=sentence, response_format="pcm") as response:
        chunks = [chunk for chunk in response.iter_bytes() if chunk]
    report["streamed_pcm_bytes"] = sum(len(c) for c in chunks)
    with client.audio.speech.with_streaming_response.create(
            model="tts-1", voice="alloy", input=sentence, response_format="pcm", stream_format="sse") as response:
        events = [json.loads(line[len("data: "):]) for line in response.iter_lines() if line.startswith("data: ")]
    report["speech_events"] = [{"type": e["type"], "audio_length": len(e.get("audio", ""))} for e in events]

    # Errors, as the client raises them.
    def error_of(call):
        try:
            call()
        except openai.APIStatusError as error:
            return {"class": type(error).__name__, "status": error.status_code, "body": error.body}
        return None

    wrong_key = OpenAI(base_url=base_url, api_key="not-the-key", max_retries=0)
    report["error_without_key"] = error_of(lambda: wrong_key.models.list())
    with open(text_file, "rb") as f:
        report["error_text_as_audio"] = error_of(
            lambda: client.audio.transcriptions.create(model="whisper-1", file=f))
    report["error_unknown_voice"] = error_of(
        lambda: client.audio.speech.create(model="tts-1", voice="nobody-here", input="Hello."))
    report["models"] = [m.id for m in client.models.list()]

    print(json.dumps(report))


if __name__ == "__main__":
    main()
