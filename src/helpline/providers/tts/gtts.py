"""Cloud speech with gTTS: Google Translate's Hindi voice from the Indian domain, as the original
design had it (lang "hi", tld "co.in"). Needs the network; errors become ProviderUnavailable."""

from collections.abc import Iterator
from typing import Any

from helpline.audio.clip import AudioClip
from helpline.audio.decode import decode_audio
from helpline.config import Settings
from helpline.errors import AudioError, ProviderUnavailable, require
from helpline.providers.tts.base import sentences, whole_reply
from helpline.providers.tts.devanagari import to_devanagari
from helpline.providers.tts.wording import speakable

_RATE = 24_000  # gTTS sends 24 kHz MP3


def _gtts() -> Any:
    return require("gtts", extra="cloud", what="Google text to speech (gTTS)")


class GTTSProvider:
    """gTTS, one request per sentence so the first sentence can play while the rest is fetched."""

    name = "gtts"

    def __init__(self, *, lang: str = "hi", tld: str = "co.in", timeout_s: float = 8.0) -> None:
        self._gtts = _gtts()
        self.lang = lang
        self.tld = tld
        self.timeout_s = timeout_s

    def request(self, text: str) -> Any:
        """The gTTS object for one sentence (its requests are what would go over the wire)."""
        spoken = to_devanagari(speakable(text, number_words=False))
        return self._gtts.gTTS(spoken, lang=self.lang, tld=self.tld, timeout=self.timeout_s)

    def stream(self, text: str) -> Iterator[AudioClip]:
        for sentence in sentences(text):
            try:
                mp3 = b"".join(self.request(sentence).stream())
            except self._gtts.gTTSError as exc:
                raise ProviderUnavailable(f"gTTS failed: {exc}") from None
            try:
                yield decode_audio(mp3, sample_rate=_RATE)
            except AudioError as exc:
                raise ProviderUnavailable(f"gTTS sent undecodable audio: {exc}") from None

    def synthesize(self, text: str) -> AudioClip:
        return whole_reply(self.stream(text))


def from_settings(*, settings: Settings) -> GTTSProvider:
    """Hindi voice from google.co.in, as in the original design."""
    return GTTSProvider()
