"""Templates of spoken digit words for the digit matcher (digit_dtw.py): each digit in Hindi and
English, "double" and "triple", and what callers say before a number, spoken by many espeak-ng
voices.

The voices are espeak-ng's English accents reading Roman words and its Hindi voice reading them
in Devanagari, each with several speaker variants (men and women): the variants, not the
accents, are what a template of another speaker most lacks. None of them is a voice of the
spoken test set (tests/voice/speech_set.py: en-us, en-us+f2, hi+m2, hi+f4). Templates are made
once (one espeak-ng run per voice, a few seconds in all) and cached under the cache folder.
"""

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from helpline.arrays import load_arrays, save_arrays
from helpline.audio.clip import AudioClip
from helpline.language.spoken import hindi_number_words
from helpline.providers.stt.digit_features import ENERGY, features
from helpline.providers.tts.espeak import espeak_binary, wav_clip

ENGLISH = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
DOUBLE = "double"
TRIPLE = "triple"
LEAD_INS = (
    "mera number hai",
    "mera number",
    "mera mobile number",
    "number hai",
    "ji",
    "my number is",
)
DEVANAGARI = ("शून्य", "एक", "दो", "तीन", "चार", "पांच", "छह", "सात", "आठ", "नौ")
DOUBLE_DEVANAGARI = "डबल"
TRIPLE_DEVANAGARI = "ट्रिपल"
LEAD_INS_DEVANAGARI = ("मेरा नंबर है", "मेरा नंबर", "मेरा मोबाइल नंबर", "नंबर है", "जी")
VARIANTS = ("", "+m1", "+m3", "+m4", "+m7", "+f1", "+f3")
# The Hindi voice reads fewer words, so more of its speakers cost little.
HINDI_VARIANTS = (*VARIANTS, "+m5", "+m8")
# More women for the Hindi digits: with two women among the variants, the matcher read 15 of 32
# numbers right for a held-out woman's voice (hi+Annie, Devanagari digits at 150 and 175 words a
# minute, two seeds), 30 of 32 with these six; 137 -> 154 of 160 over five held-out voices
# (benchmarks/digit_speakers.py).
# Only the digits: the answer and acknowledgement matchers were set on their own templates.
HINDI_DIGIT_WOMEN = ("+linda", "+aunty", "+belinda", "+anika", "+shelby", "+Alicia")
ROMAN_VOICES = ("en-gb", "en-gb-x-rp", "en-us-nyc", "en-029")
SPEED = 160
BREAK_MS = 600
# A template keeps its frames within this many energy units (4 nats each) of its loudest.
TRIM = 2.0
SILENT = 1e-3  # |sample| under this is the silence espeak-ng writes between words
MARGIN_S = 0.25


@dataclass(frozen=True, slots=True)
class Template:
    label: str  # what the word means: "0".."9", "double", "triple", "lead-in", "yes", "no", ...
    voice: int  # index of the voice that spoke it: templates of one speaker go together
    frames: npt.NDArray[np.float32]
    english: bool = False  # an English word ("nine"), not a Hindi one ("nau", "नौ")


# (label, text, English word) spoken by each voice.
Word = tuple[str, str, bool]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The words of one closed set: Roman ones for the English voices, Devanagari for Hindi."""

    name: str
    roman: tuple[Word, ...]
    devanagari: tuple[Word, ...]
    # Voices left out: those of a spoken test set the vocabulary's matcher is measured on.
    unused_voices: tuple[str, ...] = ()
    # Hindi speakers beyond HINDI_VARIANTS for this vocabulary alone (espeak-ng variants).
    more_hindi_variants: tuple[str, ...] = ()


DIGIT_WORDS = Vocabulary(
    "digit",
    (
        *((str(d), hindi_number_words(d), False) for d in range(10)),
        ("double", DOUBLE, True),
        ("triple", TRIPLE, True),
        *(("lead-in", text, False) for text in LEAD_INS),
        *((str(d), word, True) for d, word in enumerate(ENGLISH)),
    ),
    (
        *((str(d), word, False) for d, word in enumerate(DEVANAGARI)),
        ("double", DOUBLE_DEVANAGARI, False),
        ("triple", TRIPLE_DEVANAGARI, False),
        *(("lead-in", text, False) for text in LEAD_INS_DEVANAGARI),
    ),
    more_hindi_variants=HINDI_DIGIT_WOMEN,
)


def voices(vocabulary: Vocabulary = DIGIT_WORDS) -> list[tuple[str, bool]]:
    """(espeak-ng voice, reads Devanagari) of every template speaker of a vocabulary."""
    roman = [(base + variant, False) for base in ROMAN_VOICES for variant in VARIANTS]
    hindi_variants = (*HINDI_VARIANTS, *vocabulary.more_hindi_variants)
    every = [*roman, *(("hi" + variant, True) for variant in hindi_variants)]
    return [(voice, hindi) for voice, hindi in every if voice not in vocabulary.unused_voices]


def _spoken(voice: str, texts: list[str], binary: str) -> list[AudioClip] | None:
    """Every text spoken by one voice in one espeak-ng run, cut at the breaks between them."""
    ssml = "<speak>" + f'<break time="{BREAK_MS}ms"/>'.join(texts) + "</speak>"
    done = subprocess.run(
        [binary, "-m", "-v", voice, "-s", str(SPEED), "--stdout", ssml],
        capture_output=True,
        timeout=60,
        check=True,
    )
    clip = wav_clip(done.stdout)
    loud = np.abs(clip.samples) >= SILENT
    gap = int(clip.sample_rate * BREAK_MS / 2000)
    voiced = np.flatnonzero(loud)
    if len(voiced) == 0:
        return None
    cuts = np.flatnonzero(np.diff(voiced) > gap)
    starts = [voiced[0], *voiced[cuts + 1]]
    ends = [*voiced[cuts], voiced[-1]]
    if len(starts) != len(texts):
        return None
    # Each word keeps some of the silence around it: the features take their noise floor from
    # an utterance's quietest frames, which must be silence, as in a caller's utterance.
    margin = int(clip.sample_rate * MARGIN_S)
    return [
        AudioClip(clip.samples[max(0, a - margin) : b + 1 + margin], clip.sample_rate)
        for a, b in zip(starts, ends, strict=True)
    ]


def _alone(voice: str, text: str, binary: str) -> AudioClip:
    """One word in a run of its own (for a voice that paused inside a word of the joint run)."""
    clips = _spoken(voice, [text], binary)
    return clips[0] if clips else AudioClip(np.zeros(0, np.float32), 16_000)


def _trimmed(frames: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    energy = frames[:, ENERGY]
    keep = np.flatnonzero(energy > energy.max() - TRIM)
    return frames[keep[0] : keep[-1] + 1]


def render(vocabulary: Vocabulary) -> list[Template]:
    """Every template of a vocabulary, spoken now by espeak-ng."""
    binary = espeak_binary()
    out: list[Template] = []
    for index, (voice, hindi) in enumerate(voices(vocabulary)):
        words = vocabulary.devanagari if hindi else vocabulary.roman
        texts = [text for _, text, _ in words]
        clips = _spoken(voice, texts, binary) or [_alone(voice, text, binary) for text in texts]
        for (label, _, english), clip in zip(words, clips, strict=True):
            frames = features(clip)
            if len(frames):
                out.append(Template(label, index, _trimmed(frames), english))
    return out


def cache_key(vocabulary: Vocabulary) -> str:
    """What shapes the templates: a change to any of it makes them again."""
    version = subprocess.run(
        [espeak_binary(), "--version"], capture_output=True, text=True, check=False
    ).stdout
    parts = (version, repr(voices(vocabulary)), repr(vocabulary), str(SPEED))
    here = Path(__file__)
    sources = here.read_bytes() + here.with_name("digit_features.py").read_bytes()
    return hashlib.sha256("|".join(parts).encode() + sources).hexdigest()[:12]


def load(cache_dir: Path, vocabulary: Vocabulary = DIGIT_WORDS) -> list[Template]:
    """The templates of a vocabulary, from the cache folder or made now and kept there."""
    path = cache_dir / f"{vocabulary.name}-templates-{cache_key(vocabulary)}.zip"
    if path.exists():
        data = load_arrays(path)
        labels, speakers, lengths = data["labels"], data["voices"], data["lengths"]
        frames = np.split(data["frames"], np.cumsum(lengths)[:-1])
        rows = zip(labels, speakers, frames, data["english"], strict=True)
        return [Template(str(a), int(b), c, bool(d)) for a, b, c, d in rows]
    templates = render(vocabulary)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Each process writes its own file and renames it: two starting at once never mix writes.
    partial = path.with_name(f"{path.stem}.{os.getpid()}.tmp.zip")
    save_arrays(
        partial,
        {
            "labels": np.array([t.label for t in templates]),
            "voices": np.array([t.voice for t in templates]),
            "lengths": np.array([len(t.frames) for t in templates]),
            "frames": np.vstack([t.frames for t in templates]),
            "english": np.array([t.english for t in templates]),
        },
    )
    partial.replace(path)
    return templates
