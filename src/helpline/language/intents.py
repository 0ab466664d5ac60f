"""Intent detection: the learned classifier, nudged by keyword patterns, with a reject threshold.

The classifier handles unseen spellings and phrasings; a keyword pattern from an intent file
("balance|data * kitna") adds `keyword_boost` to that intent's score, so a clear cue wins
over a close call. Below `threshold` the answer is out_of_scope: the helpline should say it
cannot help rather than guess.
"""

import logging
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from helpline.language.classifier import LinearModel, train
from helpline.language.examples import heard_examples, intent_data, intent_keywords
from helpline.language.model_cache import cache_key, load_model, save_model
from helpline.language.normalize import normalize
from helpline.language.patterns import PatternSet
from helpline.language.resources import expect_mapping, expect_number, load_yaml
from helpline.language.types import Intent

log = logging.getLogger(__name__)


class IntentDetector:
    """A fitted classifier plus keyword patterns and the tuned numbers from classifier.yaml."""

    def __init__(
        self,
        *,
        model: LinearModel,
        keywords: PatternSet,
        scale: float,
        threshold: float,
        keyword_boost: float,
    ) -> None:
        self.model = model
        self.keywords = keywords
        self.scale = scale
        self.threshold = threshold
        self.keyword_boost = keyword_boost
        self._intents = tuple(Intent(label) for label in model.labels)
        self._column = {label: i for i, label in enumerate(model.labels)}

    def detect(self, normalized: str) -> tuple[Intent, float]:
        """The intent of a normalised text and a confidence in [0, 1]."""
        return self.detect_many([normalized])[0]

    def detect_many(self, texts: Sequence[str]) -> list[tuple[Intent, float]]:
        """`detect` for many normalised texts: the arithmetic runs once for the whole batch."""
        if not texts:
            return []
        model = self.model
        logits = model.logits_many(texts) if len(texts) > 1 else model.logits(texts[0])[None, :]
        for row, text in enumerate(texts):
            for name in self.keywords.match(text):
                logits[row, self._column[name]] += self.keyword_boost
        logits *= self.scale
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        best = probabilities.argmax(axis=1).tolist()
        confidences = probabilities.max(axis=1).tolist()
        out: list[tuple[Intent, float]] = []
        for text, label, confidence in zip(texts, best, confidences, strict=True):
            intent = self._intents[label]
            if not any(c.isalpha() for c in text):
                out.append((Intent.OUT_OF_SCOPE, 1.0))
            elif intent is not Intent.OUT_OF_SCOPE and confidence < self.threshold:
                out.append((Intent.OUT_OF_SCOPE, round(1.0 - confidence, 4)))
            else:
                out.append((intent, round(min(max(confidence, 0.0), 1.0), 4)))
        return out


def training_set(*, heard: bool = False) -> tuple[list[str], list[str]]:
    """Normalised example utterances and their intent labels, from the package's intent files,
    and with `heard` also what the speech recogniser wrote for them spoken aloud."""
    pairs = [(d.intent, example) for d in intent_data() for example in d.examples]
    if heard:
        pairs.extend(heard_examples())
    texts: list[str] = []
    labels: list[str] = []
    for intent, example in pairs:
        text = normalize(example)
        if text:
            texts.append(text)
            labels.append(intent.value)
    return texts, labels


def build_detector(texts: Sequence[str], labels: Sequence[str]) -> IntentDetector:
    """Fit a detector on given examples (tests and benchmarks use this to try other data)."""
    return detector_for(train(texts, labels))


def detector_for(model: LinearModel) -> IntentDetector:
    """A detector around a fitted model, with the package's keyword patterns and tuned numbers."""
    settings = expect_mapping(load_yaml("classifier.yaml"), "classifier.yaml")
    keywords = PatternSet(
        ((intent.value, patterns) for intent, patterns in intent_keywords()),
        "data/intents:keywords",
    )
    return IntentDetector(
        model=model,
        keywords=keywords,
        scale=expect_number(settings["scale"], "classifier.yaml:scale"),
        threshold=expect_number(settings["threshold"], "classifier.yaml:threshold"),
        keyword_boost=expect_number(settings["keyword_boost"], "classifier.yaml:keyword_boost"),
    )


@cache
def intent_detector(*, heard: bool = False, cache_dir: Path | None = None) -> IntentDetector:
    """The detector trained on the package's data; fitted once per process (about a second),
    or loaded from `cache_dir` when a fit of the same data and libraries is stored there.

    With `heard` it also learns the transcripts in data/heard.yaml: it reads speech recognised
    by Whisper better (misheard Hindi words), and typed text a little worse, so typed turns keep
    the detector trained on the typed examples alone.
    """
    if cache_dir is None:
        return build_detector(*training_set(heard=heard))
    variant = "heard" if heard else "typed"
    path = cache_dir / f"intent-model-{variant}.zip"
    key = cache_key(variant)
    model = load_model(path, key)
    if model is None:
        log.info("fitting the %s intent model (cached in %s)", variant, cache_dir)
        model = train(*training_set(heard=heard))
        save_model(path, key, model)
    return detector_for(model)
