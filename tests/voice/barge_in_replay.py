"""Record every Whisper reading the interruption judge could use on the barge-in set once, then
replay the judge over the recording in seconds instead of minutes.

A recording holds, for each clip and each stretch of speech read (keyed by its length in
samples): partial readings (the transcript), and final readings: the transcript, every pass
Whisper made (prompt, language, text, average log-probability, no-speech probability), and the
spotter's ratio for every phrase listed under `spotting:` plus the candidate spellings below
(without the per-token cost, with the phrase's token count, so the cost can be varied on
replay). The replay recogniser answers `transcribe_clip` and `hear_spotting` from it, so
`barge_in_eval.hear` and the judge run unchanged; a reading the recording lacks is an error, not
a guess.
"""

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from barge_in_eval import Outcome, clip_detector, hear
from barge_in_set import Line, Rendering, render

from helpline.audio.clip import AudioClip
from helpline.audio.decode import decode_audio
from helpline.audio.validate import load_speech
from helpline.engine.interruption import Heard, InterruptJudge, Verdict, spotting_groups
from helpline.providers.stt.backchannel_reader import BackchannelReader
from helpline.providers.stt.base import Judge, Listen, SpeechInput, Transcript
from helpline.providers.stt.whisper import WhisperSTTProvider
from helpline.providers.stt.whisper_keywords import (
    PhraseScore,
    PhraseSpotter,
    Spot,
    best_spots,
)
from helpline.providers.stt.whisper_window import Decoded, Pass

# Spellings scored besides the shipped spotting list, so replays can try them as extra spoken
# forms without a new recording (tuning half only decides whether they stay).
CANDIDATE_FORMS = {
    "ack": (
        "acha", "accha", "thik hai", "theek", "haanji", "hanji", "hm", "mhm", "uh huh",
        "haa", "okay okay", "ha ha",
    ),
    "stop": ("ruk", "ek min", "ek sec", "rukie", "sunie", "sun lo", "ruk ruk", "nahin"),
}  # fmt: skip
FORMAT = 1
MAX_SECONDS = 30.0  # the recogniser's own limit (WhisperSTTProvider.max_audio_seconds)


def clip_key(line: Line, rendering: Rendering) -> str:
    return f"{line.half}|{line.label}|{line.index}|{rendering.label}"


def _transcript(t: Transcript) -> dict[str, Any]:
    return {**asdict(t), "alternatives": list(t.alternatives)}


def _from_json(d: Mapping[str, Any]) -> Transcript:
    return Transcript(**{**d, "alternatives": tuple(d["alternatives"])})


class RecordingRecogniser:
    """The real recogniser, writing down what it read. Final readings are always spotted (all
    phrases, candidates too), whatever the judge would ask."""

    def __init__(self, stt: WhisperSTTProvider) -> None:
        self._stt = stt
        self.initial_prompt = stt.initial_prompt
        self.clips: dict[str, dict[str, Any]] = {}
        self.key = ""
        self._spotter: PhraseSpotter | None = None
        self._passes: list[dict[str, Any]] = []
        windowed = stt._windowed
        assert windowed is not None, "recording needs the short-window decoder"
        run = windowed.run

        def recorded_run(encoded: Any, how: Pass, cap: int) -> list[Decoded]:
            out = run(encoded, how, cap)
            self._passes += [
                {
                    "language": how.language,
                    "prompt": how.prompt[:24],
                    "beams": how.beams,
                    **asdict(d),
                }
                for d in out
            ]
            return out

        windowed.run = recorded_run  # type: ignore[method-assign]

    def _clip(self) -> dict[str, Any]:
        return self.clips.setdefault(self.key, {"partials": {}, "finals": {}})

    def transcribe_clip(self, clip: AudioClip) -> Transcript:
        t = self._stt.transcribe_clip(clip)
        self._clip()["partials"][str(len(clip.samples))] = _transcript(t)
        return t

    def hear(self, audio: SpeechInput, *, judge: Judge | None = None) -> Transcript:
        raise NotImplementedError("record with keyword spotting on")

    def hear_spotting(
        self,
        audio: SpeechInput,
        phrases: Mapping[str, Sequence[str]],
        *,
        judge: Judge,
        spot: Callable[[str], bool] = lambda text: True,
        prompt: str | None = None,
        all_if_silent: bool = False,
        listen: Listen = Listen.SPEECH,
    ) -> tuple[Transcript, dict[str, Spot]]:
        """WhisperSTTProvider.hear_spotting, step for step, with every phrase's score kept."""
        self._passes = []
        clip, encoded, transcript, filtered = self._stt.read_speech(
            audio, judge, prompt, all_if_silent, listen
        )
        scores: list[PhraseScore] = []
        if encoded is not None:
            scores = self._spotter_for(phrases).scores(encoded)
        self._clip()["finals"][str(len(clip.samples))] = {
            "transcript": _transcript(transcript),
            "passes": self._passes,
            "filtered": filtered,
            "encoded": encoded is not None,
            "speech_s": None if encoded is None else encoded.speech_s,
            "scores": [asdict(s) for s in scores],
        }
        wanted = encoded is not None and spot(transcript.text)
        return transcript, _spots(scores, phrases) if wanted else {}

    def _spotter_for(self, phrases: Mapping[str, Sequence[str]]) -> PhraseSpotter:
        if self._spotter is None:
            windowed = self._stt._windowed
            assert windowed is not None
            every = {
                group: (*texts, *(f for f in CANDIDATE_FORMS.get(group, ()) if f not in texts))
                for group, texts in phrases.items()
            }
            self._spotter = PhraseSpotter(
                self._stt._model, windowed.tokenizer, every, language=self._stt.language or "en"
            )
        return self._spotter


def _spots(scores: Iterable[PhraseScore], phrases: Mapping[str, Sequence[str]]) -> dict[str, Spot]:
    """The best of each group among the phrases asked for."""
    asked = {(group, text) for group, texts in phrases.items() for text in texts}
    return best_spots([s for s in scores if (s.group, s.phrase) in asked])


class ReplayRecogniser:
    """Answers the judge's readings from a recording; phrases are spotted as asked, with the
    per-token cost as it is now. With `leads`, the templates' lead of a final reading is matched
    again from its audio by that reader (as the recogniser's `_matched` does), so a change to
    the template matching is replayed without hearing Whisper again."""

    def __init__(
        self, recording: Mapping[str, Any], leads: BackchannelReader | None = None
    ) -> None:
        self.initial_prompt: str = recording["prompt"]
        self.clips: Mapping[str, Any] = recording["clips"]
        self.key = ""
        self.final: dict[str, Any] = {}  # the last final reading replayed, for judges to study
        self._leads = leads

    def transcribe_clip(self, clip: AudioClip) -> Transcript:
        return _from_json(self.clips[self.key]["partials"][str(len(clip.samples))])

    def hear(self, audio: SpeechInput, *, judge: Judge | None = None) -> Transcript:
        return self.hear_spotting(audio, spotting_groups(), judge=judge or (lambda t: 1.0))[0]

    def hear_spotting(
        self,
        audio: SpeechInput,
        phrases: Mapping[str, Sequence[str]],
        *,
        judge: Judge,
        spot: Callable[[str], bool] = lambda text: True,
        prompt: str | None = None,
        all_if_silent: bool = False,
        listen: Listen = Listen.SPEECH,
    ) -> tuple[Transcript, dict[str, Spot]]:
        clip = load_speech(audio, max_seconds=MAX_SECONDS)
        self.final = self.clips[self.key]["finals"][str(len(clip.samples))]
        transcript = _from_json(self.final["transcript"])
        if self._leads is not None and transcript.ack_lead is not None:
            transcript = replace(transcript, ack_lead=self._leads.lead(clip))
        if not self.final["encoded"] or not spot(transcript.text):
            return transcript, {}
        scores = [PhraseScore(**s) for s in self.final["scores"]]
        return transcript, _spots(scores, phrases)


class _NeverDecides(InterruptJudge):
    """Keeps every clip playing to its end, so every partial and the final reading are made."""

    def judge(self, heard: Heard) -> Verdict:
        return Verdict.WAIT


def record(
    pairs: Iterable[tuple[Line, Rendering]],
    stt: WhisperSTTProvider,
    *,
    partials: bool,
    into: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Every reading of every clip (partials only if asked), added to `into` if given."""
    recorder = RecordingRecogniser(stt)
    out = into or {"format": FORMAT, "prompt": stt.initial_prompt, "clips": {}}
    recorder.clips = out["clips"]
    for line, rendering in pairs:
        recorder.key = clip_key(line, rendering)
        recorder._clip()
        clip = decode_audio(render(line, rendering).read_bytes())
        hear(clip, recorder, _NeverDecides(), clip_detector(), spotting=True, partials=partials)
    return out


def replay(
    pairs: Iterable[tuple[Line, Rendering]],
    recording: Mapping[str, Any],
    judge: InterruptJudge | None = None,
    *,
    spotting: bool = True,
    partials: bool = True,
    stt: ReplayRecogniser | None = None,
) -> list[Outcome]:
    """The judge's verdicts on the clips, every reading taken from the recording (through `stt`
    if given: a judge under study may look at its last final reading)."""
    judge = judge or InterruptJudge()
    stt = stt or ReplayRecogniser(recording)
    out: list[Outcome] = []
    for line, rendering in pairs:
        stt.key = clip_key(line, rendering)
        clip = decode_audio(render(line, rendering).read_bytes())
        verdict, ms, heard, calls, _ = hear(
            clip, stt, judge, clip_detector(), spotting=spotting, partials=partials
        )
        out.append(Outcome(line, rendering, verdict, ms, heard, calls, 0.0))
    return out


def load(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: recording format {data.get('format')}, expected {FORMAT}")
    return data


def save(recording: Mapping[str, Any], path: Path) -> None:
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(recording), encoding="utf-8")
    partial.replace(path)
