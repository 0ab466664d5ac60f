"""A word matcher over one vocabulary's templates, made once per provider: loading starts in the
background when the provider is built, so the first caller reading digits or answering a
read-back does not wait for espeak-ng to speak the templates."""

import logging
import threading
from pathlib import Path

from helpline.errors import ProviderUnavailable
from helpline.providers.stt.digit_dtw import WordMatcher
from helpline.providers.stt.digit_templates import Vocabulary, load

log = logging.getLogger(__name__)


class ReadyMatcher:
    def __init__(self, cache_dir: Path, vocabulary: Vocabulary) -> None:
        self._cache_dir = cache_dir
        self._vocabulary = vocabulary
        self._matcher: WordMatcher | None = None
        self._failed = False
        self._lock = threading.Lock()
        threading.Thread(target=self.get, name=f"{vocabulary.name}-templates", daemon=True).start()

    def get(self) -> WordMatcher | None:
        """The matcher, or None when its templates cannot be made (no espeak-ng, no cache)."""
        with self._lock:
            if self._matcher is None and not self._failed:
                try:
                    self._matcher = WordMatcher(load(self._cache_dir, self._vocabulary))
                except (ProviderUnavailable, OSError) as exc:
                    # Without them the recogniser hears with Whisper alone.
                    self._failed = True
                    log.warning(
                        "word templates unavailable",
                        extra={"vocabulary": self._vocabulary.name, "problem": str(exc)[:200]},
                    )
            return self._matcher
