"""`helpline transcribe`, `helpline say` and `helpline talk`: speech in and out on the terminal."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from helpline.audio.encode import AudioFormat, encode
from helpline.config import get_settings
from helpline.errors import AudioError
from helpline.logs import configure_logging


def _quiet_logs() -> None:
    settings = get_settings()
    configure_logging(
        "WARNING" if settings.log_level.upper() == "INFO" else settings.log_level,
        as_json=settings.log_json,
    )


def transcribe(
    files: Annotated[list[Path], typer.Argument(help="Audio files (WAV, WebM, OGG, MP3, M4A).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file.")] = False,
) -> None:
    """Transcribe recordings with the configured speech recogniser (HELPLINE_STT)."""
    from helpline.providers.stt import build_stt

    _quiet_logs()
    stt = build_stt()
    console = Console(soft_wrap=True)
    failed = 0
    for path in files:
        row: dict[str, Any] = {"file": str(path)}
        try:
            t = stt.transcribe(path)
            row |= {
                "text": t.text,
                "raw_text": t.raw_text,
                "language": t.language,
                "confidence": round(t.confidence, 3),
                "duration_s": round(t.duration_s, 2),
            }
        except AudioError as exc:
            failed += 1
            row["error"] = str(exc)
        if as_json:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        elif "error" in row:
            console.print(f"{escape(str(path))}: [red]{escape(row['error'])}[/]", highlight=False)
        else:
            shown = row["text"] or "[dim](not understood)[/]"
            console.print(f"{escape(str(path))}: {shown}", highlight=False)
    if failed:
        raise typer.Exit(1)


def say(
    text: Annotated[str, typer.Argument(help="What to say (Hinglish or English).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fmt: Annotated[
        str, typer.Option("--format", help="wav, ogg or mp3 (default: from the file name).")
    ] = "",
) -> None:
    """Speak text with the configured voice (HELPLINE_TTS) into an audio file."""
    from helpline.providers.tts import build_tts

    _quiet_logs()
    chosen = (fmt or output.suffix.lstrip(".") or "wav").lower()
    if chosen not in ("wav", "ogg", "mp3"):
        raise typer.BadParameter(f"unknown format '{chosen}' (wav, ogg or mp3)")
    clip = build_tts().synthesize(text)
    output.write_bytes(encode(clip, _format(chosen)))
    Console(stderr=True).print(f"wrote {output} ({clip.duration_s:.1f} s)", highlight=False)


def _format(name: str) -> AudioFormat:
    return "ogg" if name == "ogg" else "mp3" if name == "mp3" else "wav"


def talk(
    phone: Annotated[
        str | None, typer.Option("--phone", help="Start as this customer (10-digit number).")
    ] = None,
    inputs: Annotated[
        list[Path] | None,
        typer.Option("--input", help="Recorded utterances to use instead of the microphone."),
    ] = None,
    reply_dir: Annotated[
        Path | None, typer.Option("--reply-dir", help="Also write each reply as a WAV here.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per turn.")] = False,
) -> None:
    """A voice conversation: speak, see the transcript, hear and read the reply."""
    from helpline.cli.voice_talk import run_talk

    _quiet_logs()
    run_talk(phone=phone, inputs=inputs or [], reply_dir=reply_dir, as_json=as_json)


def register(app: typer.Typer) -> None:
    """Add the voice commands to the app."""
    app.command("transcribe")(transcribe)
    app.command("say")(say)
    app.command("talk")(talk)
