"""A real-time voice call on an existing session: audio frames in, LiveEvents out.

The caller's audio is 16 kHz 16-bit PCM ("pcm16") or 8 kHz G.711 μ-law ("mulaw", what
telephone gateways send); reply audio goes back in the same encoding and rate.
"""

import base64
import logging
import queue
import threading

import numpy as np

from helpline.app import convert
from helpline.app.errors import InvalidInput
from helpline.app.live_models import LiveEvent
from helpline.audio.clip import SPEECH_RATE, AudioClip
from helpline.audio.mulaw import PHONE_RATE, MulawDecoder, MulawEncoder
from helpline.audio.resample import resample
from helpline.engine.live_call import LiveCallLoop
from helpline.engine.live_signals import LiveSignal
from helpline.engine.voice import VoiceAgent

log = logging.getLogger(__name__)

ENCODINGS = {"pcm16": SPEECH_RATE, "mulaw": PHONE_RATE}


def check_format(encoding: str, sample_rate: int) -> None:
    """InvalidInput unless the pair is one a live call takes."""
    wanted = ENCODINGS.get(encoding)
    if wanted is None:
        raise InvalidInput(f"unknown audio encoding '{encoding}' (pcm16 or mulaw)")
    if sample_rate != wanted:
        raise InvalidInput(f"{encoding} audio must be {wanted} Hz, not {sample_rate} Hz")


class LiveCall:
    """One real-time voice call; made by Helpline.conversations.live_call()."""

    def __init__(
        self, voice: VoiceAgent, session_id: str, *, encoding: str, sample_rate: int
    ) -> None:
        check_format(encoding, sample_rate)
        self.session_id = session_id
        self.encoding = encoding
        self.sample_rate = sample_rate
        self._events: queue.Queue[LiveEvent] = queue.Queue()
        self._odd = b""  # half a 16-bit sample left over from the last frame
        self._decoder = MulawDecoder() if encoding == "mulaw" else None
        self._feeding = threading.Lock()
        self._closed = False
        self._loop = LiveCallLoop(voice, session_id, self._event)

    def feed(self, audio: bytes) -> None:
        """The caller's next frame (any size); never waits for recognition."""
        if self._closed or not audio:
            return
        with self._feeding:
            if self._decoder is not None:
                pcm = self._decoder.decode(audio)
            else:
                data = self._odd + audio
                whole = len(data) - len(data) % 2
                self._odd = data[whole:]
                pcm = np.frombuffer(data[:whole], dtype="<i2").astype(np.int16)
            self._loop.feed(pcm)

    def next_events(self, timeout: float) -> list[LiveEvent]:
        """The events since the last call, waiting up to `timeout` seconds for the first."""
        try:
            events = [self._events.get(timeout=max(0.0, timeout))]
        except queue.Empty:
            return []
        while True:
            try:
                events.append(self._events.get_nowait())
            except queue.Empty:
                return events

    def playback_ended(self) -> None:
        """The client's speaker has finished the reply."""
        self._loop.playback_ended()

    def close(self) -> None:
        """Stop the call's worker (idempotent)."""
        if not self._closed:
            self._closed = True
            self._loop.close()

    def _event(self, signal: LiveSignal) -> None:
        self._events.put(
            LiveEvent(
                type=signal.kind,
                at_ms=round(signal.at_ms, 1),
                text=signal.text,
                turn=convert.turn(signal.turn) if signal.turn is not None else None,
                audio=self._encoded(signal.clip) if signal.clip is not None else None,
                seq=signal.seq,
                duration_ms=round(signal.duration_ms, 1) if signal.duration_ms else None,
            )
        )

    def _encoded(self, clip: AudioClip) -> str:
        """A reply chunk in the call's encoding and rate, as base64."""
        if self.encoding == "mulaw":
            encoder = MulawEncoder(clip.sample_rate)
            data = encoder.encode(clip) + encoder.flush()
        else:
            data = resample(clip, self.sample_rate).to_int16().astype("<i2").tobytes()
        return base64.b64encode(data).decode("ascii")
