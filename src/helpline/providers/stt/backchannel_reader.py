"""Speech over the agent's reply, matched against templates of the listed acknowledgements
("haan", "achha", "theek hai") and stop words ("ruko", "nahi", "ek minute"): Whisper base writes a
short Hindi "हम्म हम्म" as "time time time" and "अच्छा जी" as "the", and a stop such as "arre"
as "whoo" (docs/benchmarks.md). How much better the acknowledgements explain the sound than the
stops is one more piece of evidence for the interruption judge (engine/interruption.py)."""

from pathlib import Path

import numpy as np
import numpy.typing as npt

from helpline.audio.clip import AudioClip
from helpline.language.backchannel import Backchannel, template_phrases
from helpline.providers.stt.digit_features import ENERGY, features
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

# In noise the lead shrinks towards zero for both kinds (noise fills the frames every template is
# measured against), with its sign mostly kept: on the tuning half the median backchannel's lead
# was +1.2 clean and +0.24 in noise. So the lead is divided by how far the speech rises above
# its noise: the range of the frames' relative energy (90th minus 10th percentile, in the
# features' units of 4 nats), full at CLEAN_RANGE (the features' floor, 35 dB under the loud
# frames), down to LEAST_SCALE at NOISY_RANGE (about 24 dB) and under. Set on the tuning half of
# the barge-in set (the other parts were looked at to choose among settings tied there): errors
# there 11 -> 8, on the held-out half 17 -> 12, on the fresh part 27 -> 18 (docs/benchmarks.md,
# "The templates' lead in noise").
CLEAN_RANGE = 2.0
NOISY_RANGE = 1.4
LEAST_SCALE = 0.2
# The lead compares two closed sets; speech that fits neither (a request: "mera bill galat hai",
# 1.2 s) can still lie a little nearer the acknowledgements, which said "backchannel" for it. So
# a lead towards the acknowledgements counts only when the speech fits them at all: their path
# cost per frame at most FIT_CLEAN in clean speech (noise_scale 1) up to FIT_NOISY at
# LEAST_SCALE, where noise raises every cost. Set on the tuning half of the barge-in set: just
# above every backchannel's cost there (clean and 8 kHz up to 3.21 at scale 0.92, noisy up to
# 3.81 at 0.34), so none of them loses its lead.
FIT_CLEAN = 3.25
FIT_NOISY = 4.05


def noise_scale(frames: npt.NDArray[np.float32]) -> float:
    """How far speech rises above its noise, from LEAST_SCALE (noisy) to 1 (clean)."""
    energy = frames[:, ENERGY]
    spread = float(np.percentile(energy, 90) - np.percentile(energy, 10))
    return min(1.0, max(LEAST_SCALE, (spread - NOISY_RANGE) / (CLEAN_RANGE - NOISY_RANGE)))


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
        an acknowledgement), as it would be in clean speech (noise_scale); None without
        templates or for too little speech."""
        matcher = self._matcher.get()
        if matcher is None:
            return None
        frames = features(clip)
        readings = matcher.read_each(frames, (frozenset({ACK}), frozenset({STOP})))
        if readings is None:
            return None
        ack, stop = readings
        scale = noise_scale(frames)
        lead = (stop.cost - ack.cost) / scale
        return 0.0 if lead > 0 and ack.cost > ack_fit(scale) else lead


def ack_fit(scale: float) -> float:
    """The most an acknowledgement's path may cost per frame for its lead to count."""
    share = (1.0 - scale) / (1.0 - LEAST_SCALE)
    return FIT_CLEAN + share * (FIT_NOISY - FIT_CLEAN)
