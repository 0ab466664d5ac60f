"""`helpline transcribe`, `helpline say` and `helpline talk`: speech in and out on the terminal."""

from pathlib import Path
from typing import Annotated

import typer

from helpline.cli.application import open_app
from helpline.cli.errors import EXIT_FAILED
from helpline.cli.render import safe, stderr, stdout


def transcribe(
    files: Annotated[list[Path], typer.Argument(help="Audio files (WAV, WebM, OGG, MP3, M4A).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per file.")] = False,
) -> None:
    """Transcribe recordings with the configured speech recogniser (HELPLINE_STT)."""
    console = stdout()
    failed = 0
    for row in open_app().speech.transcribe(files):
        failed += row.error is not None
        if as_json:
            print(row.model_dump_json(exclude_none=True), flush=True)
        elif row.error is not None:
            console.print(f"{safe(row.file)}: [red]{safe(row.error)}[/]")
        else:
            shown = safe(row.text) or "[dim](not understood)[/]"
            console.print(f"{safe(row.file)}: {shown}")
    if failed:
        raise typer.Exit(EXIT_FAILED)


def say(
    text: Annotated[str, typer.Argument(help="What to say (Hinglish or English).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    fmt: Annotated[
        str, typer.Option("--format", help="wav, ogg or mp3 (default: from the file name).")
    ] = "",
) -> None:
    """Speak text with the configured voice (HELPLINE_TTS) into an audio file."""
    speech = open_app().speech.speak(text, fmt or output.suffix.lstrip(".") or "wav")
    output.write_bytes(speech.audio)
    stderr().print(f"wrote {safe(output)} ({speech.duration_s:.1f} s)")


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

    run_talk(open_app(), phone=phone, inputs=inputs or [], reply_dir=reply_dir, as_json=as_json)


def register(app: typer.Typer) -> None:
    """Add the voice commands to the app."""
    app.command("transcribe")(transcribe)
    app.command("say")(say)
    app.command("talk")(talk)
