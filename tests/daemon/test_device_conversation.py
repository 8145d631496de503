"""The real daemon through a real audio device: a spoken question goes into the PulseAudio `mic` null sink,
the daemon hears it through PortAudio, answers out loud into the `spk` sink, and Whisper transcribes the reply."""

import subprocess
import time
from pathlib import Path

import numpy as np

from edge.transports.wavfile import read_audio
from tests.testbed import play_into_mic, start_speaker_recording, stop_recording


def speak_question(text: str, path: Path) -> Path:
    """A question in a different voice from the assistant's (espeak-ng), so the test cannot hear itself."""
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(path), text], check=True)
    return path


def test_spoken_question_gets_a_spoken_on_topic_answer(daemon, pulse_testbed, engines, tmp_path):
    # "Japan" survives tiny.en through the device path; "France" is often heard as "and friends".
    question = speak_question("What is the capital of Japan?", tmp_path / "question.wav")
    recording = tmp_path / "speaker.wav"
    recorder = start_speaker_recording(pulse_testbed, recording, rate_hz=16_000)
    try:
        time.sleep(0.5)
        play_into_mic(pulse_testbed, question, wait=True)
        time.sleep(6.0)  # the reply is two seconds of speech; allow for a slow shared machine
    finally:
        stop_recording(recorder)
    reply = read_audio(recording, 16_000).astype(np.float32) / 32768.0
    assert np.abs(reply).max() > 0.05, "nothing came out of the speaker"
    heard = engines.stt.transcribe(reply).text
    assert "tokyo" in heard.lower(), f"reply not on topic: {heard!r}\n{daemon.log()[-2000:]}"
    assert "device turn 1 [llm]: 'What is the capital of Japan?'" in daemon.log()
