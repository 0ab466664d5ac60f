"""A phone number read out digit by digit, heard by the digit matcher (digit_dtw.py) when Whisper
hears none: the templates are loaded once, in the background from the provider's start, and a
reading is trusted only when it looks like ten spoken digits rather than a sentence."""

import logging
import threading
from pathlib import Path

from helpline.audio.clip import AudioClip
from helpline.errors import ProviderUnavailable
from helpline.language.digits import spoken_phone
from helpline.providers.stt.digit_dtw import DigitReading, WordMatcher
from helpline.providers.stt.digit_features import features
from helpline.providers.stt.digit_templates import load

log = logging.getLogger(__name__)

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
        self._cache_dir = cache_dir
        self._matcher: WordMatcher | None = None
        self._failed = False
        self._lock = threading.Lock()
        threading.Thread(target=self._ready, name="digit-templates", daemon=True).start()

    def _ready(self) -> WordMatcher | None:
        with self._lock:
            if self._matcher is None and not self._failed:
                try:
                    self._matcher = WordMatcher(load(self._cache_dir))
                except (ProviderUnavailable, OSError) as exc:
                    # Without espeak-ng (or a writable cache) numbers are heard by Whisper only.
                    self._failed = True
                    log.warning("digit templates unavailable", extra={"problem": str(exc)[:200]})
            return self._matcher

    def phone(self, clip: AudioClip) -> DigitReading | None:
        """The mobile number said in `clip` (ten digits, the first 6-9), or None."""
        matcher = self._ready()
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
