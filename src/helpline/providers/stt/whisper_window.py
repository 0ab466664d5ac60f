"""One greedy Whisper pass over a short utterance, on an encoder window sized to the speech.

faster-whisper always runs the encoder over a 30 s window, padding a 3 s question with 27 s of
silence; on a 2-core CPU that encoder pass is most of the wait. A customer's turn is one short
utterance, so silence is cut by voice-activity detection and the encoder sees a window only as
long as needed (at least `min_window_s`, since Whisper hears less well on very short windows; see
docs/benchmarks.md). Anything longer than 30 s of speech still gets the full 30 s window.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

# Frames of 10 ms the encoder takes at most, and the room left after the speech.
FULL_WINDOW = 3000
TAIL_FRAMES = 100


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    avg_logprob: float  # mean log-probability per token, as faster-whisper computes it
    no_speech_prob: float
    tokens: int
    speech_s: float  # seconds of speech left after voice-activity detection


class WindowedDecoder:
    """Greedy decoding of one utterance with a Roman Hinglish prompt and a token cap."""

    def __init__(
        self,
        model: Any,
        *,
        language: str,
        initial_prompt: str,
        min_window_s: float,
        vad_min_silence_ms: int = 500,
    ) -> None:
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens
        from faster_whisper.vad import VadOptions

        self._model = model
        self._tokenizer = Tokenizer(
            model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language
        )
        previous = self._tokenizer.encode(" " + initial_prompt.strip()) if initial_prompt else []
        self._prompt: list[int] = model.get_prompt(
            self._tokenizer, previous, without_timestamps=True
        )
        self._suppress = list(get_suppressed_tokens(self._tokenizer, (-1,)) or ())
        self._vad = VadOptions(min_silence_duration_ms=vad_min_silence_ms)
        self._min_frames = min(FULL_WINDOW, max(1, round(min_window_s * 100)))

    def decode(self, samples: npt.NDArray[np.float32], max_new_tokens: int) -> Decoded:
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.vad import collect_chunks, get_speech_timestamps

        chunks = get_speech_timestamps(samples, self._vad)
        if not chunks:
            return Decoded("", 0.0, 1.0, 0, 0.0)
        speech = np.concatenate(collect_chunks(samples, chunks)[0])
        features = self._model.feature_extractor(speech)
        frames = min(FULL_WINDOW, max(self._min_frames, features.shape[-1] + TAIL_FRAMES))
        encoded = self._model.encode(pad_or_trim(features, frames))
        result = self._model.model.generate(
            encoded,
            [self._prompt],
            beam_size=1,
            max_length=len(self._prompt) + max_new_tokens,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=self._suppress,
            max_initial_timestamp_index=50,
        )[0]
        tokens = result.sequences_ids[0]
        # generate() returns the log-probability divided by the length; faster-whisper's
        # avg_logprob divides the sum by length + 1 (the end token).
        avg = float(result.scores[0]) * len(tokens) / (len(tokens) + 1)
        text = self._tokenizer.decode(tokens).strip()
        return Decoded(text, avg, float(result.no_speech_prob), len(tokens), len(speech) / 16000)
