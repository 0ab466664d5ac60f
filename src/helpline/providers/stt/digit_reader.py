"""A phone number read out digit by digit, heard by the digit matcher (digit_dtw.py) when Whisper
hears none; a reading is trusted only when it looks like ten spoken digits rather than a
sentence."""

from pathlib import Path

from helpline.audio.clip import AudioClip
from helpline.language.digits import spoken_phone
from helpline.providers.stt.digit_dtw import DigitReading
from helpline.providers.stt.digit_features import features
from helpline.providers.stt.digit_templates import DIGIT_WORDS
from helpline.providers.stt.template_matcher import ReadyMatcher

PHONE_DIGITS = 10
# Digits the free reading (any number of words) must find before ten are forced: a sentence
# matched against digit templates gives three to six (docs/benchmarks.md).
FREE_DIGITS = 8
# How much closer per frame the free reading may be than the ten-digit one: for digits the two
# nearly agree (0 to 0.08 on the tuning numbers); forcing ten words onto other speech costs more.
FORCED_MARGIN = 0.15


class DigitReader:
    """Ten-digit numbers in utterances, by template matching; None when not sure."""

    def __init__(self, cache_dir: Path) -> None:
        self._matcher = ReadyMatcher(cache_dir, DIGIT_WORDS)

    def phone(self, clip: AudioClip) -> DigitReading | None:
        """The mobile number said in `clip` (ten digits, the first 6-9), or None."""
        matcher = self._matcher.get()
        if matcher is None:
            return None
        frames = features(clip)
        free = matcher.read(frames)
        if free is None or len(free.digits) < FREE_DIGITS:
            return None
        ten = matcher.read(frames, PHONE_DIGITS)
        if ten is None or ten.cost > free.cost + FORCED_MARGIN or spoken_phone(ten.digits) is None:
            return None
        return ten
