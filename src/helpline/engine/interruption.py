"""While the agent speaks, is the caller interrupting or only saying "haan", "hmm"?

Decided from how long they have spoken, how loud, and the words heard so far. Playback is
already paused while the judge listens, so WAIT costs only a moment; a wrong BACKCHANNEL makes
the agent talk over a caller who wanted the floor, a wrong INTERRUPT drops the rest of a reply
for a mere "haan".
"""

from dataclasses import dataclass
from enum import Enum

from helpline.language.backchannel import Backchannel, backchannel_kind

# Backchannels are short: "haan", "hmm", "achha", "theek hai ji" last 0.2-0.7 s even spoken
# slowly. Speech that goes on past this is taken as wanting the floor, whatever the words so far
# (the partial transcript trails the audio, so its words cannot be trusted to cover it all).
BACKCHANNEL_MAX_MS = 900.0
# Below this the sound is too quiet to be the caller talking to us: line noise, a breath, the
# agent's own voice leaking back, or someone else in the room. Never an interruption alone.
QUIET_DBFS = -45.0


@dataclass(frozen=True, slots=True)
class Heard:
    """What the caller has said so far while the agent was speaking."""

    speech_ms: float  # duration of the caller's speech
    level_dbfs: float  # its RMS level
    text: str  # the partial (or, once ended, final) transcript
    ended: bool  # whether they have stopped speaking


class Verdict(Enum):
    WAIT = "wait"  # not sure yet: keep listening, keep the reply paused
    INTERRUPT = "interrupt"  # the caller wants the floor: drop the rest of the reply
    BACKCHANNEL = "backchannel"  # "haan", "hmm": resume the reply


class InterruptJudge:
    """Backchannel or interruption, from what was heard so far."""

    def judge(self, heard: Heard) -> Verdict:
        kind = backchannel_kind(heard.text)
        if kind in (Backchannel.STOP, Backchannel.OTHER):
            return Verdict.INTERRUPT
        if heard.level_dbfs < QUIET_DBFS:
            return Verdict.BACKCHANNEL if heard.ended else Verdict.WAIT
        if heard.speech_ms > BACKCHANNEL_MAX_MS:
            return Verdict.INTERRUPT
        if not heard.ended:
            return Verdict.WAIT
        # Short and over: acknowledgements, or a murmur Whisper could not make words of.
        return Verdict.BACKCHANNEL
