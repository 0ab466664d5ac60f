"""Keyword spotting on Whisper's own scores: how much likelier each listed phrase is once the
decoder has heard the caller than when it hears silence.

What a caller says over the agent is mostly a closed set ("haan", "hmm", "ruko", "ek minute").
Free transcription of such short words by Whisper base is poor ("real cow" for "bilkul"), and a
prompt listing them makes Whisper write them when the audio is unclear. Here every listed phrase
is instead scored as a forced reading of the same encoder output (CTranslate2's `align` returns
each forced token's probability), and compared with its score over silence: the difference is a
log-likelihood ratio (nats) that does not favour short or common words ("no", "okay") the way
the raw scores do; a cost per token keeps it from favouring long phrases instead. The best
phrase of each group is what the caller most likely said, if they said one at all.

Cost: one batched decoder pass per script over an encoder output cut to the speech (the
encoder is not run again); the silence scores are computed once.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from helpline.audio.clip import SPEECH_RATE
from helpline.language.transliterate import has_devanagari
from helpline.providers.stt.whisper_window import Encoded

# Encoder frames (20 ms each) kept after the speech when scoring: the decoder attends to the
# speech and a little of the silence after it; the rest of the padded window changed scores
# by a few hundredths of a nat and costs a decoder pass several times as long.
TAIL_FRAMES = 50
ENCODER_FRAMES_PER_S = 50
# Silence heard to learn what each phrase scores with no speech at all.
SILENCE_S = 1.0
# Nats taken off a phrase's ratio for each of its tokens. Any speech lifts a forced token well
# above its probability over silence, so the ratio grows with the phrase's length: unpenalised,
# the longest phrases ("bas bas", "ek minute", "achha achha") won their group for speech of
# other words. Set on the tuning half of the barge-in set (docs/benchmarks.md).
NATS_PER_TOKEN = 1.0
# Token probabilities are floored here before the log: a phrase the audio rules out entirely
# scores very low, not minus infinity.
MIN_PROB = 1e-12


@dataclass(frozen=True, slots=True)
class Spot:
    """The best-scoring phrase of one group."""

    phrase: str
    # log P(phrase | speech) - log P(phrase | silence) - NATS_PER_TOKEN per token, in nats
    score: float


@dataclass(frozen=True, slots=True)
class PhraseScore:
    """One phrase scored against the caller's speech."""

    group: str
    phrase: str
    ratio: float  # log P(phrase | speech) - log P(phrase | silence), in nats, no token cost
    tokens: int

    @property
    def score(self) -> float:
        """The ratio less NATS_PER_TOKEN for each token: what `spot` ranks phrases by."""
        return self.ratio - NATS_PER_TOKEN * self.tokens


@dataclass(frozen=True, slots=True)
class _Phrase:
    group: str
    text: str
    tokens: list[int]
    prior: float  # its log-probability over silence


def _scored_frames(host: np.ndarray, speech_s: float) -> int:
    """Encoder frames a phrase is scored over: the speech and TAIL_FRAMES after it."""
    return min(int(host.shape[1]), int(speech_s * ENCODER_FRAMES_PER_S) + TAIL_FRAMES)


def surface(phrase: str) -> str:
    """A phrase as Whisper starts a line with it: a space, then a capital (" Haan ji")."""
    return " " + phrase[:1].upper() + phrase[1:]


class PhraseSpotter:
    """Scores groups of phrases (for instance acknowledgements and stops) against one encoder
    output. Roman phrases are scored with `language` (the recogniser's), Devanagari ones as
    Hindi."""

    def __init__(
        self,
        model: Any,  # faster_whisper.WhisperModel
        tokenizer: Callable[[str], Any],  # the recogniser's, by language
        phrases: Mapping[str, Sequence[str]],
        *,
        language: str,
    ) -> None:
        self._model = model
        self._by_language: dict[str, list[_Phrase]] = {}
        self._start: dict[str, list[int]] = {}
        for group, texts in phrases.items():
            for text in texts:
                lang = "hi" if has_devanagari(text) else language
                if lang not in self._start:
                    self._start[lang] = list(
                        model.get_prompt(tokenizer(lang), [], without_timestamps=True)
                    )
                tokens = tokenizer(lang).encode(surface(text))
                self._by_language.setdefault(lang, []).append(_Phrase(group, text, tokens, 0.0))
        if not self._by_language:
            raise ValueError("no phrases to spot")
        self._by_language = self._with_priors()

    def _with_priors(self) -> dict[str, list[_Phrase]]:
        from faster_whisper.audio import pad_or_trim

        from helpline.providers.stt.whisper_window import FULL_WINDOW

        silence = np.zeros(int(SPEECH_RATE * SILENCE_S), dtype=np.float32)
        features = self._model.feature_extractor(silence)
        encoded = self._model.encode(pad_or_trim(features, FULL_WINDOW // 2))
        host = np.asarray(encoded)
        frames = _scored_frames(host, SILENCE_S)
        out: dict[str, list[_Phrase]] = {}
        for lang, phrases in self._by_language.items():
            scores = self._scores(host, frames, lang, phrases)
            out[lang] = [
                _Phrase(p.group, p.text, p.tokens, s) for p, s in zip(phrases, scores, strict=True)
            ]
        return out

    def _scores(
        self, host: np.ndarray, frames: int, lang: str, phrases: list[_Phrase]
    ) -> list[float]:
        """Each phrase's log-probability as the reading of the first `frames` encoder frames."""
        import ctranslate2

        batch = np.ascontiguousarray(np.repeat(host[:, :frames], len(phrases), axis=0))
        results = self._model.model.align(
            ctranslate2.StorageView.from_array(batch),
            self._start[lang],
            [p.tokens for p in phrases],
            frames,
        )
        return [
            float(np.sum(np.log(np.maximum(np.asarray(r.text_token_probs), MIN_PROB))))
            for r in results
        ]

    def scores(self, encoded: Encoded) -> list[PhraseScore]:
        """Every phrase scored against the speech in `encoded`, in the order given."""
        host = np.asarray(encoded.features)
        frames = _scored_frames(host, encoded.speech_s)
        return [
            PhraseScore(phrase.group, phrase.text, score - phrase.prior, len(phrase.tokens))
            for lang, phrases in self._by_language.items()
            for phrase, score in zip(
                phrases, self._scores(host, frames, lang, phrases), strict=True
            )
        ]

    def spot(self, encoded: Encoded) -> dict[str, Spot]:
        """The best phrase of each group, scored against the speech in `encoded`."""
        return best_spots(self.scores(encoded))


def best_spots(scores: Sequence[PhraseScore]) -> dict[str, Spot]:
    """The best-scoring phrase of each group (the earliest listed wins a tie)."""
    best: dict[str, Spot] = {}
    for s in scores:
        if s.group not in best or s.score > best[s.group].score:
            best[s.group] = Spot(s.phrase, s.score)
    return best
