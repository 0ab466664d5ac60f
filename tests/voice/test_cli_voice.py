"""`helpline transcribe`, `say` and `talk --input`, run as a user runs them; their `--json`
lines checked against the application models' JSON schemas."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from speech_set import CLEAN, Utterance, render

from helpline.app.models import Transcription, VoiceTurnPublic
from helpline.audio.decode import decode_audio
from helpline.store.db import Database
from schema_kit import check_printed

HELPLINE = [sys.executable, "-c", "from helpline.cli import main; main()"]
DEMO_PHONE = "9876543210"


def run(
    args: list[str], db: Database | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HELPLINE_OTP": "off", **env}
    if db is not None:
        environment["HELPLINE_DATABASE_URL"] = str(db.engine.url)
    environment.pop("HELPLINE_REDIS_URL", None)
    return subprocess.run(
        [*HELPLINE, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )


def spoken(text: str) -> Path:
    key = f"cli-{hashlib.sha1(text.encode()).hexdigest()[:10]}"
    return render(Utterance(key, text, None, None, None, None), CLEAN[0])


def test_say_writes_a_playable_wav_and_ogg(tmp_path: Path, speech_tools) -> None:
    for name in ("reply.wav", "reply.ogg"):
        out = tmp_path / name
        done = run(["say", "Aapka balance ₹45.50 hai.", "-o", str(out)])
        assert done.returncode == 0, done.stderr
        clip = decode_audio(out)
        assert clip.duration_s > 1.0


def test_talk_without_a_microphone_points_to_chat(seeded: Database) -> None:
    done = run(["talk"], seeded)
    # This machine (and CI) has no audio device; on one that has, the test has nothing to check.
    if done.returncode == 0:
        pytest.skip("an audio input device is present")
    assert done.returncode == 1
    assert "helpline chat" in done.stderr and "microphone" in done.stderr


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_transcribe_prints_json_per_file_and_reports_bad_ones(tmp_path: Path, speech_tools) -> None:
    bad = tmp_path / "picture.wav"
    bad.write_bytes(bytes.fromhex("89504e470d0a1a0a") + b"\0" * 100)
    done = run(["transcribe", str(spoken("please check my balance")), str(bad), "--json"])
    assert done.returncode == 1  # one file could not be used
    # Empty fields are left out of these lines (exclude_none), so not every field is there.
    lines = done.stdout.splitlines()
    good, bad = (check_printed(Transcription, line, every_field=False) for line in lines)
    assert good.text is not None and "balance" in good.text
    assert good.duration_s is not None and good.duration_s > 1
    assert bad.error is not None and "not audio" in bad.error and bad.text is None


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_talk_takes_recorded_files_and_writes_reply_audio(
    tmp_path: Path, seeded: Database, speech_tools
) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    files = [
        spoken("please check my balance"),
        empty,
        spoken("no signal on my phone since morning"),
    ]
    args = ["talk", "--phone", DEMO_PHONE, "--json", "--reply-dir", str(tmp_path / "replies")]
    for path in files:
        args += ["--input", str(path)]
    done = run(args, seeded)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    greeting, balance, bad, network = (check_printed(VoiceTurnPublic, line) for line in lines)
    assert "Rahul" in greeting.reply
    assert balance.intent == "balance" and "45.50" in balance.reply
    assert bad.outcome == "bad_audio" and bad.problem is not None and "empty" in bad.problem
    assert network.intent == "network_issue"
    replies = sorted((tmp_path / "replies").glob("*.wav"))
    assert len(replies) == 4 and all(decode_audio(p).duration_s > 1 for p in replies)
