"""A yes or a no to a number read back ("haan ji, sahi hai", "nahi, galat hai"), heard by
matching templates of the answer words (digit_dtw.py): Whisper base writes a spoken "haan ji,
sahi hai" as "hongdae sa haan haan" and, worse, "nahi" as "haan hai" (docs/benchmarks.md). A no
word anywhere makes the answer a no: a wrong no only asks for the number again."""

from pathlib import Path

from helpline.audio.clip import AudioClip
from helpline.providers.stt.base import NO, YES
from helpline.providers.stt.digit_features import features
from helpline.providers.stt.digit_templates import Vocabulary
from helpline.providers.stt.template_matcher import ReadyMatcher

ANSWER_WORDS = Vocabulary(
    "answer",
    (
        *(("yes", w, False) for w in ("haan", "sahi", "theek", "bilkul", "haanji")),
        *(("yes", w, True) for w in ("yes", "correct", "right", "okay")),
        *(("no", w, False) for w in ("nahi", "na", "galat")),
        *(("no", w, True) for w in ("no", "wrong")),
        *(("other", w, False) for w in ("ji", "hai", "number", "yeh")),
    ),
    (
        *(("yes", w, False) for w in ("हाँ", "सही", "ठीक", "बिल्कुल")),
        *(("no", w, False) for w in ("नहीं", "ना", "गलत")),
        *(("other", w, False) for w in ("जी", "है", "नंबर", "यह")),
    ),
)
# The path's distance per frame above which the speech is taken for other words.
MAX_COST = 3.2


class AnswerReader:
    """Yes or no in an utterance, by template matching; None when it is neither."""

    def __init__(self, cache_dir: Path) -> None:
        self._matcher = ReadyMatcher(cache_dir, ANSWER_WORDS)

    def answer(self, clip: AudioClip) -> str | None:
        """YES, NO or None."""
        matcher = self._matcher.get()
        if matcher is None:
            return None
        reading = matcher.read(features(clip))
        if reading is None or reading.cost > MAX_COST:
            return None
        if "no" in reading.words:
            return NO
        return YES if "yes" in reading.words else None
