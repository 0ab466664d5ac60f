"""Whisper passes over a short utterance, on an encoder window sized to the speech.

faster-whisper always runs the encoder over a 30 s window, padding a 3 s question with 27 s of
silence; on a 2-core CPU that encoder pass is most of the wait. A customer's turn is one short
utterance, so silence is cut by voice-activity detection and the encoder sees a window only as
long as needed (at least `min_window_s`, since Whisper hears less well on very short windows; see
docs/benchmarks.md). Anything longer than 30 s of speech still gets the full 30 s window.

The encoder runs once per utterance; the decoder may then run several times over its output
(another prompt, another language, beam search's n-best), each pass a fraction of the encoder's
cost.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

# Frames of 10 ms the encoder takes at most, and the room left after the speech.
FULL_WINDOW = 3000
TAIL_FRAMES = 100
TIMESTAMPS = 1501
# Tokens a closed-vocabulary pass may write besides the pieces of its words: numerals (" 98",
# "7") and the comma between digits. No full stop or hyphen: with them Whisper spells letters
# ("S.H.H.H", "C-H-R") instead of choosing a word.
_CLOSED_EXTRA = re.compile(r" ?\d+|,")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    avg_logprob: float  # mean log-probability per token, as faster-whisper computes it
    no_speech_prob: float
    tokens: int
    speech_s: float  # seconds of speech left after voice-activity detection


@dataclass(frozen=True, slots=True)
class Encoded:
    """The encoder's output for one utterance, reusable by every decoding pass."""

    features: Any  # ctranslate2.StorageView
    speech_s: float


@dataclass(frozen=True, slots=True)
class Pass:
    """One way of decoding: a language, a prompt, and how many beams and readings."""

    language: str
    prompt: str
    beams: int = 1
    readings: int = 1
    # Only the words of the decoder's closed vocabulary (digits), numerals and commas, when set.
    closed: bool = False


class WindowedDecoder:
    """Decoding of one utterance with a Roman Hinglish prompt and a token cap."""

    def __init__(
        self,
        model: Any,
        *,
        language: str,
        initial_prompt: str,
        min_window_s: float,
        vad_min_silence_ms: int = 500,
        closed_words: Iterable[str] = (),
    ) -> None:
        from faster_whisper.transcribe import get_suppressed_tokens
        from faster_whisper.vad import VadOptions

        self._model = model
        self.language = language
        self.initial_prompt = initial_prompt
        self._tokenizers: dict[str, Any] = {}
        self._prompts: dict[tuple[str, str], list[int]] = {}
        self._suppress = list(get_suppressed_tokens(self.tokenizer(language), (-1,)) or ())
        self._closed_words = tuple(closed_words)
        self._closed: dict[str, list[int]] = {}
        self._vad = VadOptions(min_silence_duration_ms=vad_min_silence_ms)
        self._min_frames = min(FULL_WINDOW, max(1, round(min_window_s * 100)))

    def tokenizer(self, language: str) -> Any:
        """Whisper's tokenizer for transcribing `language`, made once per language."""
        if language not in self._tokenizers:
            from faster_whisper.tokenizer import Tokenizer

            self._tokenizers[language] = Tokenizer(
                self._model.hf_tokenizer,
                self._model.model.is_multilingual,
                task="transcribe",
                language=language,
            )
        return self._tokenizers[language]

    def _closed_suppress(self, language: str) -> list[int]:
        """Every token id but those that spell the closed vocabulary's words (lower case or
        capitalised, after a space or not), numerals, the comma and the end token: computed once
        per language. A BPE piece of a word ("ch" of "chhah") is allowed anywhere, so the
        readings are still checked as words by whoever reads them."""
        if language not in self._closed:
            tokenizer = self.tokenizer(language)
            allowed = {tokenizer.eot}
            for word in self._closed_words:
                for form in {word, word.capitalize()}:
                    allowed.update(tokenizer.encode(" " + form))
                    allowed.update(tokenizer.encode(form))
            allowed.update(
                i for i in range(tokenizer.eot) if _CLOSED_EXTRA.fullmatch(tokenizer.decode([i]))
            )
            # The text tokens, the special ones and the 1,501 timestamps (0.00-30.00 s).
            size = tokenizer.timestamp_begin + TIMESTAMPS
            self._closed[language] = [i for i in range(size) if i not in allowed]
        return self._closed[language]

    def _prompt(self, language: str, text: str) -> list[int]:
        key = (language, text)
        if key not in self._prompts:
            tokenizer = self.tokenizer(language)
            previous = tokenizer.encode(" " + text.strip()) if text else []
            self._prompts[key] = self._model.get_prompt(
                tokenizer, previous, without_timestamps=True
            )
        return self._prompts[key]

    def encode(self, samples: npt.NDArray[np.float32], *, vad: bool = True) -> Encoded | None:
        """The encoder's pass over the speech in `samples`; None when there is no speech.
        `vad=False` encodes all of `samples`, for audio another detector already found speech in."""
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.vad import collect_chunks, get_speech_timestamps

        if vad:
            chunks = get_speech_timestamps(samples, self._vad)
            if not chunks:
                return None
            speech = np.concatenate(collect_chunks(samples, chunks)[0])
        else:
            speech = samples
        features = self._model.feature_extractor(speech)
        frames = min(FULL_WINDOW, max(self._min_frames, features.shape[-1] + TAIL_FRAMES))
        return Encoded(self._model.encode(pad_or_trim(features, frames)), len(speech) / 16000)

    def run(self, encoded: Encoded, how: Pass, max_new_tokens: int) -> list[Decoded]:
        """The readings of one decoding pass, best first."""
        prompt = self._prompt(how.language, how.prompt)
        result = self._model.model.generate(
            encoded.features,
            [prompt],
            beam_size=how.beams,
            num_hypotheses=how.readings,
            max_length=len(prompt) + max_new_tokens,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=self._closed_suppress(how.language) if how.closed else self._suppress,
            max_initial_timestamp_index=50,
        )[0]
        tokenizer = self.tokenizer(how.language)
        out = []
        for tokens, score in zip(result.sequences_ids, result.scores, strict=True):
            # generate() returns the log-probability divided by the length; faster-whisper's
            # avg_logprob divides the sum by length + 1 (the end token).
            avg = float(score) * len(tokens) / (len(tokens) + 1)
            text = tokenizer.decode(tokens).strip()
            out.append(
                Decoded(text, avg, float(result.no_speech_prob), len(tokens), encoded.speech_s)
            )
        return out

    def decode(self, samples: npt.NDArray[np.float32], max_new_tokens: int) -> Decoded:
        """One greedy pass with the initial prompt (what a plain transcription uses)."""
        encoded = self.encode(samples)
        if encoded is None:
            return Decoded("", 0.0, 1.0, 0, 0.0)
        first = Pass(self.language, self.initial_prompt)
        return self.run(encoded, first, max_new_tokens)[0]
