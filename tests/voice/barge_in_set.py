"""The barge-in set: what callers say while the agent talks (tests/data/speech/barge_in.yaml),
each line rendered four ways to 16 kHz WAV.

Roman lines are read by three espeak-ng English voices and by Piper's English voice (when
installed); Devanagari lines by four variants of espeak-ng's Hindi voice. Speed, pitch and level
vary, and the sound goes out clean, under pink noise, as 8 kHz μ-law telephone audio, or both:
the same spread for backchannels and interruptions, so neither is told apart by how it was made.
Files are cached under HELPLINE_SPEECH_CACHE (default ~/.cache/helpline/speech-set)/barge-in,
keyed by everything that shapes the audio.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml
from scipy.signal import butter, sosfilt
from speech_set import cache_dir

from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.audio.decode import decode_audio
from helpline.audio.encode import to_wav
from helpline.audio.mulaw import PHONE_RATE, clip_to_mulaw, mulaw_to_clip
from helpline.audio.resample import resample

LINES = Path(__file__).resolve().parents[1] / "data" / "speech" / "barge_in.yaml"
HALVES = ("tune", "held_out", "fresh", "blind", "sealed")  # the parts of the set (barge_in.yaml)
ROMAN_VOICES = ("en-us", "en-us+f2", "en-us+m3", "piper")
DEVANAGARI_VOICES = ("hi", "hi+f4", "hi+m2", "hi+f2")
SPEEDS = (140, 165, 190)  # words per minute
PITCHES = (35, 50, 65)  # espeak-ng's 0-99 scale
GAINS_DB = (0.0, -6.0, -12.0, -18.0)  # below a peak of -3 dBFS: a near and a far caller
CHANNELS = ("clean", "noise", "phone", "phone+noise")
RENDERINGS_PER_LINE = 4
NOISE_SNR_DB = 15.0  # a street or a fan: words clear, the gaps between them not silent
PEAK = 10 ** (-3 / 20)
PIPER_SPEED = 165  # the words per minute Piper speaks at its own pace, for its tempo change
# The line before and after the words: speech over a reply comes seconds into a call, whose
# voice-activity detector has been hearing the line (its noise, its band) all along, and the line
# stays open after the caller stops. Without it a noisy clip's detector met the noise and the
# words at once.
LINE_BEFORE_S = 1.0
LINE_AFTER_S = 1.5


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    backchannel: bool
    half: str
    index: int  # position in its half and class: varies the renderings

    @property
    def devanagari(self) -> bool:
        return any("\u0900" <= c <= "\u097f" for c in self.text)

    @property
    def label(self) -> str:
        return "backchannel" if self.backchannel else "interruption"


@dataclass(frozen=True, slots=True)
class Rendering:
    voice: str
    speed: int
    pitch: int
    gain_db: float
    channel: str

    @property
    def label(self) -> str:
        return f"{self.voice}@{self.speed}/p{self.pitch}{self.gain_db:+.0f}dB {self.channel}"


def load_lines(half: str | None = None) -> list[Line]:
    data = yaml.safe_load(LINES.read_text(encoding="utf-8"))
    return [
        Line(str(text), kind == "backchannel", name, i)
        for name in HALVES
        if half in (None, name)
        for kind in ("backchannel", "interruption")
        for i, text in enumerate(data[name][kind])
    ]


def renderings(line: Line) -> tuple[Rendering, ...]:
    """Four renderings, cycling each setting at its own period so lines get different mixes."""
    voices = DEVANAGARI_VOICES if line.devanagari else ROMAN_VOICES
    if not line.devanagari and not _have_piper():
        voices = (*(v for v in voices if v != "piper"), "en-us+f4")
    i = line.index
    return tuple(
        Rendering(
            voice=voices[(i + r) % len(voices)],
            speed=SPEEDS[(i + 2 * r) % len(SPEEDS)],
            pitch=PITCHES[(2 * i + r) % len(PITCHES)],
            gain_db=GAINS_DB[(i + 3 * r) % len(GAINS_DB)],
            channel=CHANNELS[(i + r) % len(CHANNELS)],
        )
        for r in range(RENDERINGS_PER_LINE)
    )


def clips(half: str | None = None) -> list[tuple[Line, Rendering]]:
    return [(line, r) for line in load_lines(half) for r in renderings(line)]


@cache
def _have_piper() -> bool:
    from helpline.errors import MissingExtra, ProviderUnavailable

    try:
        from helpline.providers.tts.piper import packaged_voice

        packaged_voice()
    except (MissingExtra, ProviderUnavailable):  # an espeak-ng voice reads those lines instead
        return False
    return True


@cache
def _piper():  # -> PiperTTSProvider
    from helpline.providers.tts.piper import PiperTTSProvider

    return PiperTTSProvider()


@cache
def _espeak_version() -> str:
    out = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def render(line: Line, rendering: Rendering, *, folder: Path | None = None) -> Path:
    """The 16 kHz WAV for this line and rendering, made once and reused."""
    folder = (folder or cache_dir()) / "barge-in"
    folder.mkdir(parents=True, exist_ok=True)
    key = "|".join((line.text, rendering.label, str(NOISE_SNR_DB), _espeak_version(), "v2"))
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    target = folder / f"{line.half}-{line.label}-{line.index:02d}-{digest}.wav"
    if target.is_file():
        return target
    clip = _level(_speak(line.text, rendering), rendering.gain_db)
    clip = AudioClip.silence(LINE_BEFORE_S).concat(clip).concat(AudioClip.silence(LINE_AFTER_S))
    if "noise" in rendering.channel:
        clip = with_noise(clip, seed=int(digest[:8], 16))
    if "phone" in rendering.channel:
        clip = _phone_call(clip)
    partial = target.with_suffix(f".{os.getpid()}.tmp")  # test workers may render it at once
    partial.write_bytes(to_wav(clip))
    shutil.move(partial, target)  # rename last: a killed run never leaves half a file behind
    return target


def _speak(text: str, rendering: Rendering) -> AudioClip:
    if rendering.voice == "piper":
        clip = _piper().synthesize(text)
        return _tempo(clip, rendering.speed / PIPER_SPEED)
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "say.wav"
        command = ["espeak-ng", "-v", rendering.voice, "-s", str(rendering.speed)]
        command += ["-p", str(rendering.pitch), "-w", str(wav), text]
        subprocess.run(command, check=True, capture_output=True)
        return decode_audio(wav.read_bytes())


def _tempo(clip: AudioClip, factor: float) -> AudioClip:
    """Faster or slower speech at the same pitch (sox's tempo effect)."""
    with tempfile.TemporaryDirectory() as tmp:
        source, faster = Path(tmp) / "in.wav", Path(tmp) / "out.wav"
        source.write_bytes(to_wav(clip))
        subprocess.run(
            ["sox", str(source), str(faster), "tempo", "-s", f"{factor:.3f}"],
            check=True,
            capture_output=True,
        )
        return decode_audio(faster.read_bytes())


def _level(clip: AudioClip, gain_db: float) -> AudioClip:
    clip = resample(clip, SPEECH_RATE)
    peak = float(np.max(np.abs(clip.samples))) or 1.0
    scale = PEAK / peak * 10 ** (gain_db / 20)
    return AudioClip((clip.samples * scale).astype(np.float32), SPEECH_RATE)


def with_noise(clip: AudioClip, *, seed: int, snr_db: float = NOISE_SNR_DB) -> AudioClip:
    """Pink noise `snr_db` under the speech's loud part, the same for the same clip and seed."""
    rng = np.random.default_rng(seed)
    white = np.fft.rfft(rng.standard_normal(len(clip.samples)))
    freqs = np.fft.rfftfreq(len(clip.samples), 1 / clip.sample_rate)
    pink = np.fft.irfft(white / np.sqrt(np.maximum(freqs, 20.0)), n=len(clip.samples))
    loud = clip.samples[np.abs(clip.samples) > 0.05 * np.max(np.abs(clip.samples))]
    speech_rms = float(np.sqrt(np.mean(loud**2))) if len(loud) else 0.0
    noise = pink / (np.sqrt(np.mean(pink**2)) or 1.0) * speech_rms * 10 ** (-snr_db / 20)
    return AudioClip((clip.samples + noise).astype(np.float32), clip.sample_rate)


def _phone_call(clip: AudioClip) -> AudioClip:
    """What a telephone line carries: 300-3400 Hz at 8 kHz, G.711 μ-law, back at 16 kHz."""
    narrow = resample(clip, PHONE_RATE)
    band = butter(6, [300, 3400], btype="bandpass", fs=PHONE_RATE, output="sos")
    filtered = AudioClip(sosfilt(band, narrow.samples).astype(np.float32), PHONE_RATE)
    return mulaw_to_clip(clip_to_mulaw(filtered), SPEECH_RATE)
