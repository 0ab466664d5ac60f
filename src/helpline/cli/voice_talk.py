"""The loop behind `helpline talk`: microphone (or recorded files) -> voice turn -> speaker."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from helpline.audio.clip import AudioClip
from helpline.audio.encode import to_wav
from helpline.config import get_settings
from helpline.engine import build_agent
from helpline.engine.voice import Outcome, VoiceAgent, VoiceTurn
from helpline.errors import AudioError
from helpline.providers.tts.base import join_clips

NO_DEVICE = (
    "No microphone found on this machine, so a spoken conversation is not possible here. "
    "Type instead with `helpline chat`, or pass recordings with `helpline talk --input FILE`."
)


def run_talk(
    *, phone: str | None, inputs: list[Path], reply_dir: Path | None, as_json: bool
) -> None:
    """Hold a voice conversation from recorded files, or from the microphone when none given."""
    from helpline.audio.play import output_device_available, play
    from helpline.audio.record import input_device_available, record_utterance

    console = Console(soft_wrap=True)
    live = not inputs
    if live and not input_device_available():
        Console(stderr=True, soft_wrap=True).print(NO_DEVICE, highlight=False)
        raise typer.Exit(1)
    settings = get_settings()
    from helpline.providers.stt import build_stt
    from helpline.providers.tts import build_tts

    voice = VoiceAgent(
        build_agent(settings),
        build_stt(settings),
        build_tts(settings),
        max_audio_seconds=settings.max_audio_seconds,
    )
    speaker: Callable[[AudioClip], None] | None = (
        play if live and output_device_available() else None
    )
    turn = voice.start(phone=phone)
    _show(console, turn, 0, as_json, reply_dir)
    utterances: Iterator[Path | AudioClip] = (
        iter(inputs) if inputs else _microphone(console, record_utterance)
    )
    for number, audio in enumerate(utterances, start=1):
        turn = voice.turn(turn.session_id, audio, on_audio=speaker)
        _show(console, turn, number, as_json, reply_dir)
        if turn.turn is not None and turn.turn.intent == "goodbye" and turn.turn.verified:
            break
    voice.agent.end(turn.session_id)


def _microphone(console: Console, record: Callable[[], AudioClip]) -> Iterator[AudioClip]:
    console.print("[dim]helpline talk: speak after the prompt; Ctrl-C to leave[/]")
    while True:
        console.print("[bold cyan]aap (boliye)...[/]")
        try:
            yield record()
        except KeyboardInterrupt:
            return
        except AudioError as exc:
            console.print(f"[yellow]{escape(str(exc))}[/]")
            if "device" in str(exc):
                return


def _show(
    console: Console, turn: VoiceTurn, number: int, as_json: bool, reply_dir: Path | None
) -> None:
    if reply_dir is not None and turn.audio:
        reply_dir.mkdir(parents=True, exist_ok=True)
        (reply_dir / f"reply-{number:02d}.wav").write_bytes(to_wav(join_clips(list(turn.audio))))
    if as_json:
        print(json.dumps(_as_dict(turn), ensure_ascii=False), flush=True)
        return
    if turn.outcome is Outcome.BAD_AUDIO:
        console.print(f"[yellow]audio not usable: {escape(turn.problem)}[/]", highlight=False)
    elif turn.transcript is not None:
        heard = turn.transcript.text or "(not understood)"
        console.print(f"[bold cyan]aap>[/] {escape(heard)}", highlight=False)
    console.print(f"[bold green]agent>[/] {escape(turn.reply)}", highlight=False)


def _as_dict(turn: VoiceTurn) -> dict[str, Any]:
    return {
        "outcome": turn.outcome.value,
        "transcript": turn.transcript.text if turn.transcript else None,
        "confidence": round(turn.transcript.confidence, 3) if turn.transcript else None,
        "problem": turn.problem or None,
        "reply": turn.reply,
        "intent": turn.turn.intent if turn.turn else None,
        "audio_s": round(sum(c.duration_s for c in turn.audio), 2),
        "timings_ms": {k: round(v, 1) for k, v in turn.timings.items()},
    }
