"""Speech over the agent's reply, matched against templates of the listed acknowledgements
("haan", "achha", "theek hai") and stop words ("ruko", "nahi", "ek minute"): Whisper base writes a
short Hindi "हम्म हम्म" as "time time time" and "अच्छा जी" as "the", and a stop such as "arre"
as "whoo" (docs/benchmarks.md). How much better the acknowledgements explain the sound than the
stops is one more piece of evidence for the interruption judge (engine/interruption.py)."""

from pathlib import Path

from helpline.audio.clip import AudioClip
from helpline.language.backchannel import Backchannel, template_phrases
from helpline.providers.stt.digit_features import features
from helpline.providers.stt.digit_templates import Vocabulary
from helpline.providers.stt.template_matcher import ReadyMatcher

ACK, STOP = Backchannel.ACK.value, Backchannel.STOP.value
# The voices of the labelled barge-in set (tests/voice/barge_in_set.py): its figures are for
# speakers the templates do not hold.
BARGE_IN_SET_VOICES = (
    "en-us",
    "en-us+f2",
    "en-us+m3",
    "en-us+f4",
    "hi",
    "hi+f2",
    "hi+f4",
    "hi+m2",
)


def backchannel_words() -> Vocabulary:
    """The acknowledgements and stops of the language layer's lists, as template words."""
    phrases = template_phrases()
    roman = tuple((kind.value, p, False) for kind, (r, _) in phrases.items() for p in r)
    devanagari = tuple((kind.value, p, False) for kind, (_, d) in phrases.items() for p in d)
    return Vocabulary("backchannel", roman, devanagari, BARGE_IN_SET_VOICES)


class BackchannelReader:
    """How much nearer speech lies to acknowledgements than to stop words."""

    def __init__(self, cache_dir: Path) -> None:
        self._matcher = ReadyMatcher(cache_dir, backchannel_words())

    def lead(self, clip: AudioClip) -> float | None:
        """The stops' best path cost per frame minus the acknowledgements' (positive: more like
        an acknowledgement); None without templates or for too little speech."""
        matcher = self._matcher.get()
        if matcher is None:
            return None
        readings = matcher.read_each(features(clip), (frozenset({ACK}), frozenset({STOP})))
        if readings is None:
            return None
        ack, stop = readings
        return stop.cost - ack.cost
