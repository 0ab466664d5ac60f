"""The loop behind `helpline talk`: microphone (or recorded files) -> voice turn -> speaker."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from helpline.app.errors import AudioError
from helpline.cli.errors import EXIT_FAILED
from helpline.cli.render import safe, stderr, stdout

if TYPE_CHECKING:
    from helpline.app import Helpline
    from helpline.app.models import VoiceTurnPublic

NO_DEVICE = (
    "No microphone found on this machine, so a spoken conversation is not possible here. "
    "Type instead with `helpline chat`, or pass recordings with `helpline talk --input FILE`."
)


def run_talk(
    helpline: "Helpline",
    *,
    phone: str | None,
    inputs: list[Path],
    reply_dir: Path | None,
    as_json: bool,
) -> None:
    """Hold a voice conversation from recorded files, or from the microphone when none given."""
    console = stdout()
    speech = helpline.speech
    live = not inputs
    if live and not speech.microphone_available():
        stderr().print(NO_DEVICE)
        raise typer.Exit(EXIT_FAILED)
    conversations = helpline.conversations
    speaker: Callable[[Any], None] | None = (
        speech.play if live and speech.speaker_available() else None
    )
    turn = conversations.start_voice(phone=phone)
    _show(console, turn, 0, as_json, reply_dir)
    utterances: Iterator[Any] = iter(inputs) if inputs else _microphone(console, speech.record)
    for number, audio in enumerate(utterances, start=1):
        turn = conversations.audio_turn(turn.session_id, audio, on_audio=speaker)
        _show(console, turn, number, as_json, reply_dir)
        if turn.intent == "goodbye" and turn.verified:
            break
    conversations.end(turn.session_id)


def _microphone(console: Console, record: Callable[[], Any]) -> Iterator[Any]:
    console.print("[dim]helpline talk: speak after the prompt; Ctrl-C to leave[/]")
    while True:
        console.print("[bold cyan]aap (boliye)...[/]")
        try:
            yield record()
        except KeyboardInterrupt:
            return
        except AudioError as exc:
            console.print(f"[yellow]{safe(exc)}[/]")
            if "device" in str(exc):
                return


def _show(
    console: Console,
    turn: "VoiceTurnPublic",
    number: int,
    as_json: bool,
    reply_dir: Path | None,
) -> None:
    if reply_dir is not None and turn.audio_wav:
        reply_dir.mkdir(parents=True, exist_ok=True)
        (reply_dir / f"reply-{number:02d}.wav").write_bytes(turn.audio_wav)
    if as_json:
        print(turn.model_dump_json(), flush=True)
        return
    if turn.outcome == "bad_audio":
        console.print(f"[yellow]audio not usable: {safe(turn.problem)}[/]")
    elif turn.transcript is not None:
        heard = turn.transcript or "(not understood)"
        console.print(f"[bold cyan]aap>[/] {safe(heard)}")
    console.print(f"[bold green]agent>[/] {safe(turn.reply)}")
