"""Offline speech to text with faster-whisper (CTranslate2, int8 on CPU), tuned for Hinglish."""

import logging
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.audio.validate import load_speech
from helpline.config import Settings
from helpline.errors import require
from helpline.language.digits import digit_words, spoken_digits, spoken_phone
from helpline.language.normalize import normalize
from helpline.providers.stt.answer_reader import AnswerReader
from helpline.providers.stt.backchannel_reader import BackchannelReader
from helpline.providers.stt.base import WHOLE_NUMBER, Judge, Listen, SpeechInput, Transcript
from helpline.providers.stt.cleanup import NOT_UNDERSTOOD, clean_transcript
from helpline.providers.stt.digit_dtw import DigitReading
from helpline.providers.stt.digit_reader import DigitReader
from helpline.providers.stt.digit_templates import ENGLISH
from helpline.providers.stt.whisper_keywords import PhraseSpotter, Spot
from helpline.providers.stt.whisper_model import DEFAULT_CACHE, resolve_model_dir
from helpline.providers.stt.whisper_window import Decoded, Encoded, Pass, WindowedDecoder

log = logging.getLogger(__name__)

# A short Roman-script Hinglish prompt with the domain's words. It keeps the output in Roman
# script; digits written with commas make digit-by-digit phone numbers come out as digits, and
# "mera number hai 9, 8" keeps "hai" before a number from being heard as a digit. A long,
# sentence-like prompt is what Whisper echoes on unclear audio.
INITIAL_PROMPT = (
    "Hinglish call. Mera number hai 9, 8, 0, 1, 2... Balance kitna hai? Recharge karna hai, "
    "plan, data, network, validity, rupaye, GB, din."
)
# Hinglish speech runs at about 4 tokens a second; a cap a little above that stops a loop early
# (uncapped, a loop runs to 448 tokens: several seconds on two cores).
MAX_NEW_TOKENS = 96
TOKENS_PER_SECOND = 6
MIN_TOKENS = 12
# Second readings, tried only when the judge finds the first one poor: the operator's
# vocabulary with no digits (the first prompt's "number hai 9, 8" is what Whisper echoes on a
# Hindi line it cannot read), and Whisper's Hindi with the first reading's Roman prompt, which
# keeps its words in Roman script. A Hindi pass in Devanagari (prompted "नमस्ते जी, मैं ठीक
# हूँ। ...") read worse: a Devanagari word costs Whisper four to six tokens to a Roman one's one,
# so the token cap cut its readings short, and on lines it could not make out it wrote "नहीं"
# over and over, which the classifier took for a refusal ("representative please" read as "no").
# With the Roman Hindi pass and the two checks below (_only_prompt_words, ACCEPT_ONE_WORD),
# the tuning sample went from 180 to 184 of 254 lines (docs/benchmarks.md).
VOCABULARY_PROMPT = (
    "Hinglish call: balance, recharge, plan, data, network, sim, bill, shikayat, complaint, "
    "offer, agent, shukriya, haan, nahi."
)
# Digits in English and Hindi words, in an order that is no mobile number: an echoed prompt
# never reads as a caller's number.
NUMBER_PROMPT = (
    "Mera number: one, two, three, four, five, ek, do, teen, chaar, paanch, chhah, saat, aath, "
    "nau, shunya."
)
# The same digits for a pass that may write nothing but digit words, numerals and commas
# (`Pass.closed`): it cannot wander into English words or letters ("CHR, R, R"), and the digits
# come in no counting order, which a closed pass copies more readily ("ek, do, teen, chaar"
# inserted into a number). Hindi only: English digits are read well by the open passes.
CLOSED_NUMBER_PROMPT = "Mera number: shunya, paanch, do, nau, teen, aath, ek, chhah, saat, chaar."
NBEST = 4  # beam search's readings weighed by the judge
ENGLISH_DIGIT_WORDS = frozenset((*ENGLISH, "oh"))
# Template matching overrules a number Whisper heard only when under this share of the digits
# it matched were English words: the caller read the number in Hindi.
HINDI_MATCH = 0.5
# Digit words in one reading that show a caller reading a number out (not asking something
# else, which the closed pass would force into digits).
READING_DIGITS = 4
# A first reading the judge scores at least this well is taken without a second pass. At 0.6,
# misreadings the classifier half believed ("Amma haiya." for "namaste bhaiya") were taken; at
# 0.8 the second passes weigh them (tuning sample: 183 of 254 lines against 180, 0.9 no better
# and slower). A clear question still scores 1.0 and never pays for a second pass.
ACCEPT = 0.8
# ... and a first reading of one word, when any speech is expected, only this well: one word is
# all the classifier has to go on, and Whisper garbles a short Hindi word into letters the
# classifier learned only from garbles of other lines ("MF." for "namaste", read as asking for
# offers at 0.87, where the second readings hear a greeting). A yes or a no to a read-back and
# words over a reply are weighed by their own matchers, and keep 0.8.
ACCEPT_ONE_WORD = 0.95
# Encoder window of a glance at speech still being spoken (partial transcripts): a quarter of
# the 15 s window's encoder time (60 vs 210 ms for 3 s of speech, measured on two cores); it
# hears worse, which a partial may, since the final reading is always hear()'s.
GLANCE_WINDOW_S = 4.0


def _faster_whisper() -> Any:
    return require("faster_whisper", extra="voice", what="speech recognition with Whisper")


class WhisperSTTProvider:
    """faster-whisper on CPU; the model is loaded once per provider and reused for every turn."""

    name = "whisper"

    def __init__(
        self,
        *,
        model: str = "base",
        language: str | None = "en",
        max_audio_seconds: float = 30.0,
        cache_dir: Path = DEFAULT_CACHE,
        threads: int = 2,
        initial_prompt: str = INITIAL_PROMPT,
        min_window_s: float = 30.0,
    ) -> None:
        fw = _faster_whisper()
        model_dir = resolve_model_dir(model, cache_dir=cache_dir)
        self._model = fw.WhisperModel(
            str(model_dir), device="cpu", compute_type="int8", cpu_threads=threads
        )
        self.language = language or None
        self.max_audio_seconds = max_audio_seconds
        self.initial_prompt = initial_prompt
        # A known language and a window under 30 s: the short-window pass (whisper_window.py).
        self._windowed = (
            WindowedDecoder(
                self._model,
                language=self.language,
                initial_prompt=initial_prompt,
                min_window_s=min_window_s,
                closed_words=sorted(digit_words()),
            )
            if self.language and min_window_s < 30
            else None
        )
        self._glancer: WindowedDecoder | None = None
        self._digits = DigitReader(cache_dir)
        self._answers = AnswerReader(cache_dir)
        self._backchannels = BackchannelReader(cache_dir)
        self._spotters: dict[tuple[tuple[str, tuple[str, ...]], ...], PhraseSpotter] = {}

    def glance(self, samples: npt.NDArray[np.float32]) -> str:
        """A quick reading of 16 kHz speech still being spoken, cleaned ("" if unclear)."""
        if self._glancer is None:
            self._glancer = WindowedDecoder(
                self._model,
                language=self.language or "en",
                initial_prompt=self.initial_prompt,
                min_window_s=GLANCE_WINDOW_S,
            )
        decoded = self._glancer.decode(samples, token_cap(len(samples) / SPEECH_RATE))
        return clean_transcript(decoded.text, prompt=self.initial_prompt)

    def transcribe(self, audio: SpeechInput) -> Transcript:
        """Decode, check and transcribe one utterance; unclear speech gives an empty Transcript."""
        clip = load_speech(audio, max_seconds=self.max_audio_seconds)
        return self.transcribe_clip(clip)

    def transcribe_clip(self, clip: AudioClip) -> Transcript:
        """Transcribe 16 kHz mono audio that has already been checked."""
        if self._windowed is not None:
            decoded = self._windowed.decode(clip.samples, token_cap(clip.duration_s))
            confidence = _score(decoded.avg_logprob, decoded.no_speech_prob)
            return self._result(decoded.text, self.language or "", confidence, clip)
        segments, info = self._model.transcribe(
            clip.samples,
            language=self.language,
            task="transcribe",
            beam_size=1,
            # Greedy only: temperature fallback re-decodes unclear audio several times (seconds).
            temperature=0.0,
            initial_prompt=self.initial_prompt,
            condition_on_previous_text=False,
            without_timestamps=True,
            max_new_tokens=token_cap(clip.duration_s),
            vad_filter=True,
            vad_parameters={"min_silence_duration_ms": 500},
        )
        parts = list(segments)
        raw = " ".join(s.text.strip() for s in parts).strip()
        language = str(getattr(info, "language", self.language or ""))
        return self._result(raw, language, _confidence(parts), clip)

    def hear(
        self, audio: SpeechInput, *, listen: Listen = Listen.SPEECH, judge: Judge | None = None
    ) -> Transcript:
        """The reading the judge likes best: the first one when it is good, else the best of a
        few more passes over the same encoder output (n-best, other prompts, Hindi)."""
        clip = load_speech(audio, max_seconds=self.max_audio_seconds)
        if self._windowed is None or judge is None:
            return self.transcribe_clip(clip)
        encoded = self._windowed.encode(clip.samples)
        return self._heard(clip, encoded, listen, judge, self.initial_prompt)

    def _heard(
        self, clip: AudioClip, encoded: Encoded | None, listen: Listen, judge: Judge, prompt: str
    ) -> Transcript:
        """hear()'s passes over an encoder output already made, `prompt` leading the first
        reading and its n-best."""
        assert self._windowed is not None
        if encoded is None:
            return Transcript("", self.language or "", 0.0, clip.duration_s, "")
        cap = token_cap(clip.duration_s)
        first = Pass(self.language or "en", prompt)
        readings = [(first, d) for d in self._windowed.run(encoded, first, cap)]
        score, best, text, others = self._judged(readings, judge)
        if _taken_alone(score, text, best[1].text, listen):
            return self._matched(self._reading(best, others, clip), clip, listen)
        for how in self._second_passes(listen, prompt):
            readings += [(how, d) for d in self._windowed.run(encoded, how, cap)]
        score, best, text, others = self._judged(readings, judge)
        if listen is Listen.NUMBER and score < WHOLE_NUMBER and _reads_digits(readings):
            # No reading holds a whole number: the digits alone, as a last resort (its readings
            # would outvote the open passes' right one if it always ran: "double seven" -> "97").
            closed = Pass(first.language, CLOSED_NUMBER_PROMPT, NBEST, NBEST, closed=True)
            readings += [(closed, d) for d in self._windowed.run(encoded, closed, cap)]
            score, best, text, others = self._judged(readings, judge)
        # A 10 among digits read one by one is a digit misheard: the ten digits are no number.
        whole = score >= WHOLE_NUMBER and not _misheard_ten(best[1].text)
        # Digits to match: no reading is a sentence or a number; or readings hold digit words
        # but none the whole number ("Nya," read as a refusal beside "878678..."), or the best
        # is a list of one-word items ("kata, kata, kata, kata, kata."); or the
        # number was read in Hindi words, which Whisper writes as English look-alikes, by the
        # best reading or another one (the best may be numerals: "9888123456" beside "Nau,
        # aath, double, aath, ..." for "... double saat ..."); or the readings hold more than
        # one whole number, or one where a "double" may hide, which the matcher settles.
        if listen is Listen.NUMBER:
            doubtful = score < ACCEPT or (
                not whole and (_reads_digits(readings) or _listed_words(best[1].text))
            )
            hindi = whole and _read_in_hindi(readings)
            numbers = _whole_numbers((text, *others)) if whole else frozenset()
            unsure = len(numbers) > 1 or any(_may_hide_double(n) for n in numbers)
            if doubtful or hindi or unsure:
                # Without the silence a stream pads the utterance with for Whisper: the matcher
                # takes the background noise from the quietest frames, and exact zeros hide it.
                reading = self._digits.phone(clip.without_trailing_zeros())
                settled = _settled(reading, numbers)
                if settled is not None:
                    log.info("number settled by templates", extra={"numbers": len(numbers)})
                    heard = self._reading(best, others, clip)
                    return replace(heard, text=settled, alternatives=())
                matched = _trusted(reading, whole=whole) if doubtful or hindi else None
                if matched is not None and judge(matched) >= WHOLE_NUMBER:
                    log.info("number matched by templates", extra={"whisper_had_one": whole})
                    return Transcript(
                        matched, first.language, 0.5, clip.duration_s, matched, digits_forced=True
                    )
        log.info("second reading", extra={"score": round(score, 3), "prompt": best[0].prompt[:20]})
        return self._matched(self._reading(best, others, clip), clip, listen)

    def _matched(self, transcript: Transcript, clip: AudioClip, listen: Listen) -> Transcript:
        """The transcript, with what template matching hears of a closed set when one is
        expected: a yes or a no to a read-back (weighed by engine/voice_phone.py), or how like
        an acknowledgement speech over a reply is (engine/interruption.py)."""
        if listen is Listen.ANSWER:  # unpadded, as for numbers (_heard)
            answer = self._answers.answer(clip.without_trailing_zeros())
            return replace(transcript, answer=answer or "")
        if listen is Listen.OVER_REPLY:
            return replace(transcript, ack_lead=self._backchannels.lead(clip))
        return transcript

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
        """hear() for any speech (with `prompt` instead of the initial prompt, if given), then,
        if `spot` wants it for the reading heard, the best of each group of `phrases` spotted
        in the same encoder output (whisper_keywords.py): for a short closed set of words, such
        as what a caller says over the agent. No spots when not wanted, when the recogniser
        cannot score phrases (no short window) or hears no speech. `all_if_silent`: when
        Whisper's voice-activity filter finds no speech, all of the audio is read and spotted
        anyway (for audio the caller's own detector took for speech). `listen`: what the
        conversation expects (OVER_REPLY for speech over the agent's reply)."""
        if self._windowed is None:
            return self.hear(audio, judge=judge), {}
        _, encoded, transcript, _ = self.read_speech(audio, judge, prompt, all_if_silent, listen)
        if encoded is None or not spot(transcript.text):
            return transcript, {}
        key = tuple((group, tuple(texts)) for group, texts in phrases.items())
        if key not in self._spotters:
            self._spotters[key] = PhraseSpotter(
                self._model, self._windowed.tokenizer, phrases, language=self.language or "en"
            )
        return transcript, self._spotters[key].spot(encoded)

    def read_speech(
        self,
        audio: SpeechInput,
        judge: Judge,
        prompt: str | None,
        all_if_silent: bool,
        listen: Listen = Listen.SPEECH,
    ) -> tuple[AudioClip, Encoded | None, Transcript, bool]:
        """The reading hear_spotting() spots in: the clip, its encoder output (None without
        speech), the transcript, and whether Whisper's own filter found no speech."""
        assert self._windowed is not None
        clip = load_speech(audio, max_seconds=self.max_audio_seconds)
        encoded = self._windowed.encode(clip.samples)
        filtered = encoded is None
        if encoded is None and all_if_silent:
            encoded = self._windowed.encode(clip.samples, vad=False)
        prompt = prompt or self.initial_prompt
        transcript = self._heard(clip, encoded, listen, judge, prompt)
        return clip, encoded, transcript, filtered

    def _second_passes(self, listen: Listen, prompt: str) -> tuple[Pass, ...]:
        language = self.language or "en"
        if listen is Listen.NUMBER:
            return (Pass(language, NUMBER_PROMPT, beams=NBEST, readings=NBEST),)
        passes = (
            Pass(language, prompt, beams=NBEST, readings=NBEST),
            Pass(language, VOCABULARY_PROMPT),
            Pass("hi", prompt),
        )
        return tuple(how for how in passes if how != Pass(language, prompt))  # not the first again

    def _judged(
        self, readings: list[tuple[Pass, Decoded]], judge: Judge
    ) -> tuple[float, tuple[Pass, Decoded], str, tuple[str, ...]]:
        """(score, best reading, its cleaned text, the other cleaned texts); the earliest
        reading wins a tie."""
        scored: list[tuple[float, int, tuple[Pass, Decoded], str]] = []
        for index, (how, decoded) in enumerate(readings):
            text = clean_transcript(decoded.text, prompt=_echo_of(how))
            # A second reading made only of its prompt's words is the prompt, not the caller.
            if index and _only_prompt_words(decoded.text, _echo_of(how)):
                text = ""
            scored.append((judge(text) if text else 0.0, -index, (how, decoded), text))
        scored.sort(key=lambda row: row[:2], reverse=True)
        # Every other reading, repeats kept: how many readings agree is worth knowing.
        top, _, reading, text = scored[0]
        return top, reading, text, tuple(t for *_, t in scored[1:] if t)

    def _reading(
        self, reading: tuple[Pass, Decoded], others: tuple[str, ...], clip: AudioClip
    ) -> Transcript:
        how, decoded = reading
        confidence = _score(decoded.avg_logprob, decoded.no_speech_prob)
        text = clean_transcript(decoded.text, prompt=_echo_of(how))
        return Transcript(
            text, how.language, confidence if text else 0.0, clip.duration_s, decoded.text, others
        )

    def _result(self, raw: str, language: str, confidence: float, clip: AudioClip) -> Transcript:
        text = clean_transcript(raw, prompt=self.initial_prompt)
        if text is NOT_UNDERSTOOD:
            log.info("transcript rejected as echo or loop", extra={"raw_text": raw[:120]})
            return Transcript("", language, 0.0, clip.duration_s, raw)
        return Transcript(text, language, confidence, clip.duration_s, raw)


def _taken_alone(score: float, text: str, raw: str, listen: Listen) -> bool:
    """A first reading good enough to take without a second pass (`text` cleaned, `raw` as
    Whisper wrote it).

    Waiting for a number, only a good reading with no digit is: a question, taken as it is. A
    number heard in one reading is checked against the number pass's readings (the caller votes
    among them). Digit words count as digits: "Nau, aath, double, aath, ..." for "... double
    saat ..." is a number that the passes and the digit matcher weigh, not a question; so is a
    list of one-word items ("A-A-A-N-Y-N-Y-X-Q-..." for Hindi digits at 8 kHz), which the
    classifier may still read as a sure request."""
    if listen is Listen.NUMBER and (_holds_digits(text) or _listed_words(raw)):
        return False
    one_word = listen is Listen.SPEECH and len(text.split()) == 1
    return score >= (ACCEPT_ONE_WORD if one_word else ACCEPT)


def _digit_run(text: str) -> bool:
    """A run of digit words as a caller reads a number out (the homophones a recogniser writes
    counted)."""
    return len(spoken_digits(text, loose=True) or "") >= READING_DIGITS


def _holds_digits(text: str) -> bool:
    """A numeral, or a run of digit words."""
    return any(c.isdigit() for c in text) or _digit_run(text)


def _misheard_ten(raw: str) -> bool:
    """A 10 among digits read one by one: a caller reading a number out says no "ten", so it is
    a digit Whisper misheard ("seven" on the telephone band: "9, 8, 10, 6, 5, ..."), and the
    number it seems to make up is not to be believed."""
    said = [
        "10" if word == "ten" else spoken_digits(word, loose=True)
        for word in re.findall(r"[^\W_]+", raw.lower())
    ]
    digits = [d for d in said if d]
    singles = sum(len(d) == 1 for d in digits)
    return (
        "10" in digits and singles >= READING_DIGITS and singles + digits.count("10") == len(digits)
    )


def _listed_words(raw: str) -> bool:
    """A list of one-word items, as many as a number's digits come in: what Whisper writes for
    digits it cannot tell apart ("how, how, how, how," or "kata, kata, kata, kata, kata." for
    Roman Hindi digits at 8 kHz), never a caller's sentence."""
    items = [item.split() for item in re.split(r"[,\-]", raw.strip(" .,?!"))]
    return len(items) >= READING_DIGITS and all(len(words) == 1 for words in items)


def _reads_digits(readings: list[tuple[Pass, Decoded]]) -> bool:
    """Some reading holds a run of digit words."""
    return any(_digit_run(d.text) for _, d in readings)


def _read_in_hindi(readings: list[tuple[Pass, Decoded]]) -> bool:
    """Some open pass's reading holds digit words that are not English: the caller read the
    number in Hindi (a closed pass writes Hindi digit words whatever was said)."""
    return any(
        not how.closed and _holds_digits(d.text) and not _english_digits(d.text)
        for how, d in readings
    )


def _whole_numbers(texts: Sequence[str]) -> frozenset[str]:
    """The different mobile numbers the readings hold."""
    return frozenset(n for n in (spoken_phone(t, loose=True) for t in texts) if n is not None)


def _settled(reading: DigitReading | None, numbers: frozenset[str]) -> str | None:
    """The digit matcher's number where it settles Whisper's:
    - when Whisper's readings hold more than one whole number ("8, 9, 7, 4, ..." beside "8
      double 7 4 ..."), the one the matcher reads too, however few readings hold it: Whisper's
      majority shares the digit words it merged ("do" or "9" for "double", "11" for "one,
      one"), and two readers that agree rarely share a mistake;
    - when the matcher heard a "double" where a reading has the 9 or 2 (or "do") that Whisper
      writes for it, and every other digit as that reading has it (_hides_double).
    Elsewhere the matcher does not outvote Whisper: on voices it has no templates of, each is
    right where the other is wrong about as often (docs/benchmarks.md)."""
    if reading is None:
        return None
    if len(numbers) > 1 and reading.digits in numbers:
        return reading.digits
    if any(_hides_double(n, reading.digits) for n in numbers):
        return reading.digits
    return None


# What Whisper writes for "double" in a number read in English digits: "9" (a near rhyme),
# "2" or the Hindi "do" (which the language layer reads as 2).
DOUBLE_LOOKALIKES = frozenset("92")


def _may_hide_double(number: str) -> bool:
    """Whether a 9 or a 2 in the number is followed by a digit: a "double" Whisper misheard."""
    return any(d in DOUBLE_LOOKALIKES for d in number[:-1])


def _hides_double(heard: str, matched: str) -> bool:
    """`matched` is `heard` with one 9 or 2 read as the digit after it: "8974..." heard,
    "8774..." matched, for "eight, double seven, four, ..."."""
    if len(heard) != len(matched):
        return False
    differ = [i for i, (h, m) in enumerate(zip(heard, matched, strict=True)) if h != m]
    if len(differ) != 1 or differ[0] + 1 == len(heard):
        return False
    at = differ[0]
    return heard[at] in DOUBLE_LOOKALIKES and matched[at] == heard[at + 1]


def _trusted(reading: DigitReading | None, *, whole: bool) -> str | None:
    """The number template matching hears (digit_reader.py) where Whisper's is doubtful: when
    Whisper heard no whole number, any; when it heard one in Hindi digit words ("chhah, saat,
    chhanya" for "aath, aath, shunya"), one matched to Hindi words. A number Whisper heard in
    English digits stands here: only _settled overrules it."""
    if reading is None or (whole and reading.english >= HINDI_MATCH):
        return None
    return reading.digits


def _english_digits(text: str) -> bool:
    """Every digit word of a reading is a numeral or English ("nine"), none Hindi ("nau")."""
    words = [w for w in re.findall(r"[^\W\d_]+|\d+", text.lower()) if spoken_digits(w, loose=True)]
    return bool(words) and all(w.isdigit() or w in ENGLISH_DIGIT_WORDS for w in words)


def _echo_of(how: Pass) -> str:
    """The prompt a reading must not merely repeat. Not a number prompt: callers read digits
    in runs that are in it ("ek, do, teen, chaar"), and its order makes no mobile number, so an
    echo of it is never taken for one."""
    return "" if how.prompt in (NUMBER_PROMPT, CLOSED_NUMBER_PROMPT) else how.prompt


def _only_prompt_words(raw: str, prompt: str) -> bool:
    """Whisper's whole reading, before clean-up, is words of the prompt: clean-up cuts the
    prompt's word list off a reading's end, which would leave one word of it to be believed
    ("haan, haan, nahi, haan, nahi" cut to "haan", for "aapka bahut shukriya")."""
    words = normalize(raw).split()
    vocabulary = set(normalize(prompt).split()) if prompt else set()
    return len(words) >= 2 and all(w in vocabulary for w in words)


def token_cap(duration_s: float) -> int:
    """Most tokens a customer can say in duration_s of audio, with room to spare."""
    return min(MAX_NEW_TOKENS, MIN_TOKENS + math.ceil(TOKENS_PER_SECOND * duration_s))


def _confidence(segments: list[Any]) -> float:
    """Mean token probability over the speech, discounted by Whisper's own no-speech estimate."""
    if not segments:
        return 0.0
    weights = [max(1, len(s.tokens)) for s in segments]
    total = sum(float(s.avg_logprob) * w for s, w in zip(segments, weights, strict=True))
    logprob = total / sum(weights)
    return _score(logprob, max(float(s.no_speech_prob) for s in segments))


def _score(avg_logprob: float, no_speech_prob: float) -> float:
    return max(0.0, min(1.0, math.exp(avg_logprob) * (1.0 - no_speech_prob)))


def from_settings(*, settings: Settings) -> WhisperSTTProvider:
    """The provider as configured by HELPLINE_STT_MODEL / HELPLINE_STT_LANGUAGE."""
    return WhisperSTTProvider(
        model=settings.stt_model,
        language=settings.stt_language,
        max_audio_seconds=settings.max_audio_seconds,
        cache_dir=settings.cache_dir.expanduser(),
        min_window_s=settings.stt_window_s,
    )
