"""While the agent speaks, is the caller interrupting or only saying "haan", "hmm"?

Decided from how long they have spoken, how loud, and the words heard so far. Playback is
already paused while the judge listens, so WAIT costs only a moment; a wrong BACKCHANNEL makes
the agent talk over a caller who wanted the floor, a wrong INTERRUPT drops the rest of a reply
for a mere "haan". Thresholds were set on the tuning half of the labelled barge-in set
(tests/data/speech/barge_in.yaml) and are reported on its other half (docs/benchmarks.md).
"""

from dataclasses import dataclass
from enum import Enum

from helpline.language.backchannel import Backchannel, backchannel_kind

# Backchannels are short: even "achha theek hai ji" spoken slowly, with a noisy line stretching
# what voice activity counts as speech, stays under this. Speech that goes on longer wants the
# floor, whatever the words so far (partial transcripts trail the audio).
BACKCHANNEL_MAX_MS = 1500.0
# Speech that has ended with words no list explains is a request when at least this long. Shorter
# ones are mostly an acknowledgement Whisper misheard ("real cow" for "bilkul", "the" for "ठीक
# है"): on the tuning half, below this the misheard backchannels outnumber the requests.
REQUEST_MIN_MS = 900.0
# A partial transcript of less speech than this is a guess: at 300 ms Whisper wrote "suno" for a
# "haan", "hup" for "haan haan".
PARTIAL_TRUST_MS = 400.0
# Below this the sound is too quiet to be the caller talking to us: line noise (-60 to -50 dBFS
# on a call), a breath, the agent's own voice leaking back. Never an interruption on its own.
QUIET_DBFS = -50.0
# Whisper's prompt for what the caller says over the agent: the words the judge listens for.
# With the turn prompt, a short "achha" or "ji" comes back as a guess from the prompt's domain
# ("rupaye", "mera number hai") or as "R", read as "arre"; with this one the tuning half's
# acknowledgements and stop words are heard as such about twice as often.
BARGE_IN_PROMPT = (
    "Hinglish call, the caller talks over the agent: haan, hmm, achha, ji, ok, theek hai, "
    "ruko, nahi nahi, ek minute, wait, suno."
)


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
        trusted = heard.ended or heard.speech_ms >= PARTIAL_TRUST_MS
        kind = backchannel_kind(heard.text) if trusted else Backchannel.NONE
        if kind is Backchannel.STOP:
            return Verdict.INTERRUPT
        if heard.level_dbfs < QUIET_DBFS:
            return Verdict.BACKCHANNEL if heard.ended else Verdict.WAIT
        if heard.speech_ms > BACKCHANNEL_MAX_MS:
            return Verdict.INTERRUPT
        if not heard.ended:
            return Verdict.WAIT
        if kind is Backchannel.OTHER and heard.speech_ms >= REQUEST_MIN_MS:
            return Verdict.INTERRUPT
        # Short and over: acknowledgements, a murmur, or a short line Whisper misheard.
        return Verdict.BACKCHANNEL


def barge_in_reading(text: str) -> float:
    """Score of one reading of speech over the agent, for a recogniser weighing several: a
    reading the barge-in words explain (an acknowledgement or a stop) is taken at once; any
    other is worth a second pass (n-best, other prompts, Hindi in Devanagari)."""
    kind = backchannel_kind(text)
    return 0.9 if kind in (Backchannel.ACK, Backchannel.STOP) else 0.1
