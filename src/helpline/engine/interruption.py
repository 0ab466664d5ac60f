"""While the agent speaks, is the caller interrupting or only saying "haan", "hmm"?

Decided from how long they have spoken, how loud, the words heard so far and, once they have
stopped, keyword spotting of the listed acknowledgements and stop words in their speech.
Playback is already paused while the judge listens, so WAIT costs only a moment; a wrong
BACKCHANNEL makes the agent talk over a caller who wanted the floor, a wrong INTERRUPT drops
the rest of a reply for a mere "haan". Thresholds and weights were set on the tuning half of
the labelled barge-in set (tests/data/speech/barge_in.yaml) and are reported on its other half
(docs/benchmarks.md).
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import cast

from helpline.language.backchannel import (
    Backchannel,
    backchannel_kind,
    spotting_phrases,
    words_read,
)
from helpline.providers.stt.base import Listen, SpeechInput, STTProvider, Transcript
from helpline.providers.stt.whisper_keywords import Spot

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
# Once the caller has stopped and the final reading is no acknowledgement, keyword spotting's
# evidence (providers/stt/whisper_keywords.py: how much likelier the best acknowledgement is
# than the best stop word, in nats) is weighed with the reading's words and the length of the
# speech; a sum at or above zero is a backchannel. The words count as this many nats: a stop
# word Whisper wrote leans towards a stop, but not beyond doubt (the barge-in prompt makes it
# write "suno" or "nahi" for unclear audio); unlisted words lean towards a misheard
# acknowledgement, less so the longer the speech. A reading of listed acknowledgements is not
# spotted: on the tuning half the spotter never found a stop likely enough to overrule one.
# Set on the tuning half of the barge-in set, like the other thresholds. Unlisted words were
# worth 4 nats while the set was judged without the line a call's detector hears before and
# after the words; judged with it, 1 to 3 nats all missed 4 interruptions of the tuning half
# instead of 6, with no more backchannels taken for interruptions (docs/benchmarks.md, "Barge-in
# judged as a call hears it").
WORDS_NATS = {
    Backchannel.ACK: 8.0,
    Backchannel.STOP: -3.0,
    Backchannel.OTHER: 2.0,
    Backchannel.NONE: 0.0,
}
# Unlisted words lean towards a misheard acknowledgement only while they are few: Whisper writes
# a misheard "haan" or "bilkul" as a word or three ("real kow", "the e code"), but a request as
# a line ("i found the badger" for "balance batao", "ok lets do it" for "ek minute"). Each word
# beyond OTHER_WORDS_MAX takes NATS_PER_WORD_MORE off. On the tuning half, read as the live call
# reads (whole utterances), this kept every backchannel and caught 5 of its 19 missed
# interruptions; 3 to 6 nats a word did the same.
OTHER_WORDS_MAX = 3
NATS_PER_WORD_MORE = 4.0
# Speech longer than this counts against a backchannel, NATS_PER_100_MS for every 100 ms more.
LONG_AFTER_MS = 600.0
NATS_PER_100_MS = 0.5
# Template matching's lead of the acknowledgements over the stop words
# (providers/stt/backchannel_reader.py: distance per frame) counts this many nats a unit beyond
# LEAD_DOUBT either way. In clean and telephone audio the lead is large (tuning half, medians:
# +0.8 to +1.2 for acknowledgements, -0.4 to -1.1 for stops); in noise it shrinks towards zero
# for both, so the reader scales it up by how noisy the speech is (backchannel_reader's
# noise_scale) and a lead still small says nothing. On the tuning half, doubts of 0.1 to 0.4 and
# 8 to 32 nats a unit all took 1 backchannel for an interruption (4 without templates) and
# missed 9 interruptions (10), before the scaling; an offset towards the stops instead of a
# doubt caught more there but took more noisy backchannels for interruptions on the held-out
# half.
NATS_PER_LEAD = 16.0
LEAD_DOUBT = 0.2


@dataclass(frozen=True, slots=True)
class Heard:
    """What the caller has said so far while the agent was speaking."""

    speech_ms: float  # duration of the caller's speech
    level_dbfs: float  # its RMS level
    text: str  # the partial (or, once ended, final) transcript
    ended: bool  # whether they have stopped speaking
    # Once ended: the best spotted acknowledgement's score minus the best stop word's (nats);
    # None when no keyword spotting was done.
    ack_margin: float | None = None
    # Once ended: how much nearer the speech lies to acknowledgement templates than to stop-word
    # templates (Transcript.ack_lead); None when not matched.
    ack_lead: float | None = None


class Verdict(Enum):
    WAIT = "wait"  # not sure yet: keep listening, keep the reply paused
    INTERRUPT = "interrupt"  # the caller wants the floor: drop the rest of the reply
    BACKCHANNEL = "backchannel"  # "haan", "hmm": resume the reply


class InterruptJudge:
    """Backchannel or interruption, from what was heard so far."""

    def judge(self, heard: Heard) -> Verdict:
        trusted = heard.ended or heard.speech_ms >= PARTIAL_TRUST_MS
        kind = backchannel_kind(heard.text) if trusted else Backchannel.NONE
        if (
            heard.ended
            and (heard.ack_margin is not None or heard.ack_lead is not None)
            and heard.level_dbfs >= QUIET_DBFS
            and heard.speech_ms <= BACKCHANNEL_MAX_MS
        ):
            return _weighed(heard, kind)
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


def _weighed(heard: Heard, kind: Backchannel) -> Verdict:
    """A short utterance that has ended, from the spotter's margin, the templates' lead, the
    words (what kind, how many) and the length."""
    longer = max(0.0, heard.speech_ms - LONG_AFTER_MS) / 100
    words_nats = WORDS_NATS[kind]
    if kind is Backchannel.OTHER:
        words = words_read(heard.text)
        words_nats -= NATS_PER_WORD_MORE * max(0, words - OTHER_WORDS_MAX)
    evidence = words_nats - NATS_PER_100_MS * longer
    evidence += heard.ack_margin or 0.0
    if heard.ack_lead is not None:
        sure = max(0.0, abs(heard.ack_lead) - LEAD_DOUBT)
        evidence += NATS_PER_LEAD * math.copysign(sure, heard.ack_lead)
    return Verdict.BACKCHANNEL if evidence >= 0 else Verdict.INTERRUPT


def worth_spotting(text: str) -> bool:
    """Whether a final reading over the agent needs keyword spotting: any but a line of
    listed acknowledgements."""
    return backchannel_kind(text) is not Backchannel.ACK


def spotting_groups() -> dict[str, tuple[str, ...]]:
    """The phrases keyword spotting scores over speech heard while the agent talks, by group
    ("ack", "stop"), for `Recogniser.hear_spotting`."""
    return {kind.value: phrases for kind, phrases in spotting_phrases().items()}


def ack_margin(spots: Mapping[str, Spot]) -> float | None:
    """The best acknowledgement's score minus the best stop's, if both were spotted."""
    ack, stop = spots.get(Backchannel.ACK.value), spots.get(Backchannel.STOP.value)
    return None if ack is None or stop is None else ack.score - stop.score


def hear_over_reply(
    stt: object, audio: SpeechInput, *, prompt: str = BARGE_IN_PROMPT
) -> tuple[Transcript, float | None]:
    """What the caller said over a reply, read as the judge was measured: Whisper with the
    barge-in prompt, second passes when the first reading is no listed phrase, and keyword
    spotting when it is no line of acknowledgements; with the spotter's margin for the judge
    (None if there was none). A recogniser that cannot spot phrases simply transcribes."""
    spotting = getattr(stt, "hear_spotting", None)
    if not callable(spotting):
        return cast(STTProvider, stt).transcribe(audio), None
    # Whisper's own voice-activity filter drops short words the call's detector heard ("arre",
    # "bas bas"): read and spotted anyway, they are mostly stops (tuning half: 3 of 11 misses).
    transcript, spots = spotting(
        audio,
        spotting_groups(),
        judge=barge_in_reading,
        spot=worth_spotting,
        prompt=prompt,
        all_if_silent=True,
        listen=Listen.OVER_REPLY,
    )
    return transcript, ack_margin(spots)


def barge_in_reading(text: str) -> float:
    """Score of one reading of speech over the agent, for a recogniser weighing several: a
    reading the barge-in words explain (an acknowledgement or a stop) is taken at once; any
    other is worth a second pass (n-best, other prompts, Hindi in Devanagari)."""
    kind = backchannel_kind(text)
    return 0.9 if kind in (Backchannel.ACK, Backchannel.STOP) else 0.1
