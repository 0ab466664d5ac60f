"""Play each barge-in clip to the interruption judge as a live call would: 30 ms frames at a time,
voice activity finding where the caller's speech starts and ends, Whisper's partial transcript
of the speech so far every PARTIAL_MS, the whole utterance read again once it has ended (with
second passes when the first reading is no listed phrase), and the judge asked after every frame
until it decides.

A backchannel the judge takes as an interruption is a false interrupt; an interruption it lets
pass as a backchannel is a miss.
"""

import math
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from barge_in_set import Line, Rendering, render

from helpline.audio.clip import AudioClip
from helpline.audio.decode import decode_audio
from helpline.audio.encode import to_wav
from helpline.audio.vad import FRAME_MS, FRAME_SAMPLES, SpeechDetector, frames
from helpline.config import Settings
from helpline.engine.interruption import (
    BARGE_IN_PROMPT,
    Heard,
    InterruptJudge,
    Verdict,
    barge_in_reading,
    hear_over_reply,
)
from helpline.errors import AudioError
from helpline.providers.stt.base import Judge, Listen, SpeechInput, Transcript
from helpline.providers.stt.whisper import WhisperSTTProvider
from helpline.providers.stt.whisper_keywords import Spot

PARTIAL_MS = 300  # a new partial transcript this often while the caller speaks
START_FRAMES = 3  # voiced frames in a row that count as the caller starting to speak (90 ms)
PREROLL_MS = 150  # audio kept before the start, so the first syllable reaches Whisper whole
END_SILENCE_MS = 400  # silence after speech that counts as the caller having stopped
# Silence after each clip's own line (barge_in_set.LINE_AFTER_S), so that every clip ends, even
# one whose line noise the detector keeps taking for speech.
TAIL_S = 1.0
# The detector hears this much of the line (barge_in_set.LINE_BEFORE_S) before the reply starts
# and speech over it is looked for: WebRTC's detector takes the first 90 ms of a line's noise for
# speech, which in a call happens at its start, long before any reply.
LINE_HEARD_S = 0.5
SAMPLES_PER_MS = FRAME_SAMPLES // FRAME_MS


class Recogniser(Protocol):
    initial_prompt: str

    def transcribe_clip(self, clip: AudioClip) -> Transcript: ...

    def hear(self, audio: SpeechInput, *, judge: Judge | None = None) -> Transcript: ...

    def hear_spotting(
        self,
        audio: SpeechInput,
        phrases: Mapping[str, Sequence[str]],
        *,
        judge: Judge,
        spot: Callable[[str], bool] = ...,
        prompt: str | None = ...,
        all_if_silent: bool = ...,
        listen: Listen = ...,
    ) -> tuple[Transcript, dict[str, Spot]]: ...


def recogniser(settings: Settings, *, prompt: str = BARGE_IN_PROMPT) -> WhisperSTTProvider:
    """The project's Whisper as configured, with the prompt for speech over the agent's."""
    return WhisperSTTProvider(
        model=settings.stt_model,
        language=settings.stt_language,
        cache_dir=settings.cache_dir.expanduser(),
        initial_prompt=prompt,
        min_window_s=settings.stt_window_s,
    )


@dataclass(frozen=True, slots=True)
class Outcome:
    line: Line
    rendering: Rendering
    verdict: Verdict
    decided_ms: float  # from the start of the caller's speech to the verdict
    heard: Heard  # what the judge decided on
    whisper_calls: int  # partial transcripts, and the final reading (one or more passes)
    final_ms: float = 0.0  # wall time of the final reading (with keyword spotting), if one ran

    @property
    def wrong(self) -> bool:
        wanted = Verdict.BACKCHANNEL if self.line.backchannel else Verdict.INTERRUPT
        return self.verdict is not wanted


def dbfs(samples: np.ndarray) -> float:
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64)))) if len(samples) else 0.0
    return 20 * math.log10(rms) if rms > 0 else -120.0


def clip_detector() -> SpeechDetector:
    """A voice-activity detector for one clip. WebRTC's detector adapts to the noise it has
    heard, and each clip stands for speech over a reply in a call of its own (a live call has
    its own detector): one detector shared by every clip made a clip's verdict depend on the
    clips judged before it, and so on which part of the set was run."""
    return SpeechDetector(aggressiveness=2)


def hear(
    clip: AudioClip,
    stt: Recogniser,
    judge: InterruptJudge,
    detector: SpeechDetector,
    *,
    spotting: bool = True,
    partials: bool = True,
) -> tuple[Verdict, float, Heard, int, float]:
    """The judge's verdict on one clip, when it came (ms of audio after speech start), on what,
    how many Whisper readings it took and the wall time of the final one. `spotting`: keyword
    spotting over the final reading's encoder output (without it, the words and the length
    alone). `partials`: False reads only the whole utterance, as the live call does over a
    reply (it takes no glance then)."""
    clip = clip.concat(AudioClip.silence(TAIL_S))
    voiced = [detector.is_speech(f) for f in frames(clip)]
    start = _speech_start(voiced, after=round(LINE_HEARD_S * 1000) // FRAME_MS)
    if start is None:
        return Verdict.BACKCHANNEL, 0.0, Heard(0.0, -120.0, "", True), 0, 0.0
    first = max(0, start * FRAME_SAMPLES - PREROLL_MS * SAMPLES_PER_MS)
    text, calls, last_voiced, next_partial = "", 0, start, PARTIAL_MS
    final_ms = 0.0
    margin: float | None = None
    lead: float | None = None
    heard = Heard(0.0, -120.0, "", False)
    for index in range(start, len(voiced)):
        if voiced[index]:
            last_voiced = index
        elapsed = (index + 1 - start) * FRAME_MS
        ended = (index - last_voiced) * FRAME_MS >= END_SILENCE_MS
        end = (last_voiced + 1) * FRAME_SAMPLES if ended else (index + 1) * FRAME_SAMPLES
        if ended or (partials and elapsed >= next_partial):
            speech_so_far = AudioClip(clip.samples[first:end], clip.sample_rate)
            if ended:
                started = time.perf_counter()
                text, margin, lead = _final(stt, speech_so_far, spotting=spotting)
                final_ms = (time.perf_counter() - started) * 1000
            else:
                text = stt.transcribe_clip(speech_so_far).text
            calls += 1
            next_partial += PARTIAL_MS
        speech = [
            clip.samples[i * FRAME_SAMPLES : (i + 1) * FRAME_SAMPLES]
            for i in range(start, last_voiced + 1)
            if voiced[i]
        ]
        level = dbfs(np.concatenate(speech)) if speech else -120.0
        heard = Heard((last_voiced + 1 - start) * FRAME_MS, level, text, ended, margin, lead)
        verdict = judge.judge(heard)
        if verdict is not Verdict.WAIT or ended:
            return verdict, float(elapsed), heard, calls, final_ms
    return judge.judge(heard), float(len(voiced) - start) * FRAME_MS, heard, calls, final_ms


def _final(
    stt: Recogniser, speech: AudioClip, *, spotting: bool
) -> tuple[str, float | None, float | None]:
    """The whole utterance, read again when the first reading is no listed phrase, the
    spotter's margin between acknowledgements and stops, and the templates' lead."""
    # Speech too short to read is an empty reading, as in the live call
    # (providers/stt/streaming.py).
    try:
        if not spotting:
            return stt.hear(to_wav(speech), judge=barge_in_reading).text, None, None
        # What the live call does with speech over a reply (engine/live_call.py).
        transcript, margin = hear_over_reply(stt, to_wav(speech), prompt=stt.initial_prompt)
    except AudioError:
        return "", None, None
    return transcript.text, margin, transcript.ack_lead


def _speech_start(voiced: list[bool], *, after: int = 0) -> int | None:
    run = 0
    for index in range(after, len(voiced)):
        run = run + 1 if voiced[index] else 0
        if run >= START_FRAMES:
            return index + 1 - START_FRAMES
    return None


def evaluate(
    pairs: Iterable[tuple[Line, Rendering]],
    stt: Recogniser,
    judge: InterruptJudge | None = None,
    *,
    spotting: bool = True,
    partials: bool = True,
) -> list[Outcome]:
    judge = judge or InterruptJudge()
    out: list[Outcome] = []
    for line, rendering in pairs:
        clip = decode_audio(render(line, rendering).read_bytes())
        verdict, ms, heard, calls, final_ms = hear(
            clip, stt, judge, clip_detector(), spotting=spotting, partials=partials
        )
        out.append(Outcome(line, rendering, verdict, ms, heard, calls, final_ms))
    return out


@dataclass(frozen=True, slots=True)
class Rates:
    false_interrupts: int
    backchannels: int
    misses: int
    interruptions: int

    @property
    def false_interrupt_rate(self) -> float:
        return self.false_interrupts / self.backchannels if self.backchannels else 0.0

    @property
    def miss_rate(self) -> float:
        return self.misses / self.interruptions if self.interruptions else 0.0


def rates(outcomes: list[Outcome]) -> Rates:
    acks = [o for o in outcomes if o.line.backchannel]
    stops = [o for o in outcomes if not o.line.backchannel]
    return Rates(
        sum(o.verdict is Verdict.INTERRUPT for o in acks),
        len(acks),
        sum(o.verdict is Verdict.BACKCHANNEL for o in stops),
        len(stops),
    )


def confusions(outcomes: list[Outcome]) -> Counter[tuple[str, str]]:
    return Counter((o.line.label, o.verdict.value) for o in outcomes)


def report(outcomes: list[Outcome], *, errors: bool = True) -> str:
    r = rates(outcomes)
    lines = [
        f"backchannels taken as interruptions: {r.false_interrupts}/{r.backchannels} "
        f"({r.false_interrupt_rate:.1%})",
        f"interruptions missed: {r.misses}/{r.interruptions} ({r.miss_rate:.1%})",
        "confusions (label -> verdict):",
    ]
    lines += [
        f"  {label:<12} -> {verdict:<11} {n}"
        for (label, verdict), n in sorted(confusions(outcomes).items())
    ]
    for label in ("backchannel", "interruption"):
        ms = sorted(o.decided_ms for o in outcomes if o.line.label == label)
        if ms:
            lines.append(
                f"decided after speech start ({label}): median {ms[len(ms) // 2]:.0f} ms, "
                f"p90 {ms[int(len(ms) * 0.9)]:.0f} ms of audio"
            )
        read = sorted(o.final_ms for o in outcomes if o.line.label == label and o.final_ms)
        if read:
            lines.append(
                f"final reading ({label}, {len(read)} clips): median {read[len(read) // 2]:.0f} "
                f"ms, p90 {read[int(len(read) * 0.9)]:.0f} ms of computing"
            )
    if errors:
        lines.append("wrong:")
        lines += [
            f"  {o.line.label:<12} {o.line.text!r:<36} {o.rendering.label:<32} heard "
            f"{o.heard.text!r} {o.heard.speech_ms:.0f} ms {o.heard.level_dbfs:.0f} dBFS "
            f"ended={o.heard.ended} margin={o.heard.ack_margin} -> {o.verdict.value}"
            for o in outcomes
            if o.wrong
        ]
    return "\n".join(lines)


def by_channel(outcomes: list[Outcome]) -> str:
    """Error counts per kind of audio (clean, noise, phone, phone+noise)."""
    rows = []
    for channel in sorted({o.rendering.channel for o in outcomes}):
        r = rates([o for o in outcomes if o.rendering.channel == channel])
        rows.append(
            f"  {channel:<12} false interrupts {r.false_interrupts}/{r.backchannels}, "
            f"misses {r.misses}/{r.interruptions}"
        )
    return "\n".join(rows)


def timed(
    pairs: list[tuple[Line, Rendering]],
    stt: Recogniser,
    *,
    spotting: bool = True,
    partials: bool = True,
) -> tuple[list[Outcome], float]:
    started = time.perf_counter()
    outcomes = evaluate(pairs, stt, spotting=spotting, partials=partials)
    return outcomes, time.perf_counter() - started
