"""Drives a running `myna serve` with the official OpenAI Python client and prints what it saw as one JSON object.

Run by Tests/MynaServerTests/OpenAIClientEndToEndTests.swift, which starts the server, compares the texts with
`myna transcribe` and decodes the speech files back; this script only makes the calls the way an application would
and reports the results (it asserts nothing itself, so the Swift test shows every difference).

The speakers routes (Myna's own; the openai client has no speakers API) and /metrics are driven with the HTTP client
the pinned openai client itself depends on (httpx2, httpx's successor), so the venv needs nothing more.

Usage: openai_client_e2e.py BASE_URL API_KEY AUDIO_FILE TEXT_FILE OUT_DIR ENROL_FILE ENROL_FILE TEST_FILE
"""
import json
import sys
from pathlib import Path

import httpx2 as httpx
import openai
from openai import OpenAI


def main() -> None:
    base_url, api_key, audio, text_file, out_dir = sys.argv[1:6]
    enrol_files, test_file = sys.argv[6:8], sys.argv[8]
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

    with open(audio, "rb") as f:
        report["verbose_word_granularity"] = client.audio.transcriptions.create(
            model="whisper-1", file=f, response_format="verbose_json", timestamp_granularities=["word"]).model_dump()

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

    report["speakers"] = speakers(base_url, api_key, enrol_files, test_file)
    metrics = httpx.get(base_url.rsplit("/v1", 1)[0] + "/metrics", headers={"Authorization": f"Bearer {api_key}"})
    report["metrics"] = {"status": metrics.status_code, "text": metrics.text}

    print(json.dumps(report))


def speakers(base_url: str, api_key: str, enrol_files: list[str], test_file: str) -> dict:
    """Enrol, verify, identify, list, remove, then ask for the removed speaker: each answer's status and JSON."""
    def upload(path: str):
        return ("file", (Path(path).name, Path(path).read_bytes(), "application/octet-stream"))

    calls = {}
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {api_key}"}, timeout=600) as http:
        answers = [
            ("enrol", http.post("speakers", data={"name": "alice"}, files=[upload(p) for p in enrol_files])),
            ("verify", http.post("speakers/alice/verify", files=[upload(test_file)])),
            ("identify", http.post("speakers/identify", files=[upload(test_file)])),
            ("list", http.get("speakers")),
            ("remove", http.delete("speakers/alice")),
            ("show_removed", http.get("speakers/alice")),
        ]
        for name, response in answers:
            calls[name] = {"status": response.status_code, "body": response.json()}
    return calls


if __name__ == "__main__":
    main()
