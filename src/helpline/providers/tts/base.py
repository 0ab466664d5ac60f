"""What every text-to-speech provider promises, and how replies are cut into sentences."""

import re
from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from helpline.audio.clip import AudioClip

# A sentence ends at . ? ! or । followed by a space; "₹45.50" and "2.5 GB" are not cut.
_SENTENCE_END = re.compile(r"(?<=[.?!।])\s+")
# Very short pieces ("Ji.") are joined to the next so the voice does not stop after every word.
MIN_SENTENCE_CHARS = 12


def sentences(text: str) -> list[str]:
    """The reply cut into sentences to synthesise one by one (first audio is ready sooner)."""
    pieces = [p.strip() for p in _SENTENCE_END.split(text.strip()) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        if out and len(out[-1]) < MIN_SENTENCE_CHARS:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


@runtime_checkable
class TTSProvider(Protocol):
    """Text to speech: whole replies, or sentence by sentence as they are ready."""

    name: str

    def synthesize(self, text: str) -> AudioClip:
        """The whole text as one clip (mono, at the provider's sample rate)."""
        ...

    def stream(self, text: str) -> Iterator[AudioClip]:
        """The text sentence by sentence; the first clip comes before the rest is synthesised."""
        ...


def whole_reply(stream: Iterator[AudioClip]) -> AudioClip:
    """A reply streamed sentence by sentence, as one clip (a provider's `synthesize`)."""
    clips = list(stream)
    if not clips:
        raise ValueError("nothing to say: the text is empty")
    return join_clips(clips)


def join_clips(clips: list[AudioClip], *, pause_s: float = 0.25) -> AudioClip:
    """Clips one after another with a short pause between sentences."""
    if not clips:
        raise ValueError("nothing to join")
    out = clips[0]
    for clip in clips[1:]:
        out = out.concat(AudioClip.silence(pause_s, out.sample_rate)).concat(clip)
    return out
