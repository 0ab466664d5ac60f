"""A live voice call: the caller's audio streams in, replies stream out, and the caller may talk
over a reply.

The receiving thread calls `feed` (voice activity only); the call's worker thread recognises,
answers with the VoiceAgent's rules (acceptability, read-back of numbers) and speaks the reply
sentence by sentence. When the caller starts speaking while a reply plays, "pause" goes out at
once from the receiving thread; the InterruptJudge then hears what they say and the reply
either resumes (a backchannel: "haan", "hmm") or is dropped and recorded as interrupted.
Speech over a reply is read as the judge was measured (interruption.hear_over_reply: the
barge-in prompt and keyword spotting; tests/voice/barge_in_eval.py).
"""

import logging
import threading

import numpy as np
import numpy.typing as npt

from helpline.audio.clip import AudioClip
from helpline.engine.interruption import Heard, InterruptJudge, Verdict, hear_over_reply
from helpline.engine.live_call_playback import Playback
from helpline.engine.live_signals import Emit, LiveSignal, SignalKind
from helpline.engine.voice import Listening, Outcome, VoiceAgent, VoiceTurn, hear
from helpline.errors import HelplineError, ProviderUnavailable
from helpline.language.backchannel import only_listed
from helpline.providers.stt.base import Judge, Listen, Transcript
from helpline.providers.stt.streaming import Final, Partial, Read, StreamingRecognizer
from helpline.providers.stt.streaming_vad import Activity

log = logging.getLogger(__name__)

# How often the worker looks at new audio when nothing wakes it (a frame is 20-40 ms).
TICK_S = 0.02


def streaming_recognizer(voice: VoiceAgent, read: Read | None = None) -> StreamingRecognizer:
    """The voice agent's recogniser, heard while the caller speaks (glances when it can);
    `read` instead of the turn's reading, if given."""
    stt = voice.stt
    glance = getattr(stt, "glance", None)
    return StreamingRecognizer(
        read or (lambda clip, listen, judge: hear(stt, clip, listen, judge)),
        glance if callable(glance) else None,
    )


class LiveCallLoop:
    """One real-time voice call on an existing session."""

    def __init__(
        self,
        voice: VoiceAgent,
        session_id: str,
        emit: Emit,
        *,
        recognizer: StreamingRecognizer | None = None,
        judge: InterruptJudge | None = None,
    ) -> None:
        self.voice = voice
        self.session_id = session_id
        self._emit_to = emit
        self._recognizer = recognizer or streaming_recognizer(voice, self._read)
        self._judge = judge or InterruptJudge()
        self._playback = Playback()
        self._lock = threading.Lock()  # playback and barge-in state (both threads)
        self._wake = threading.Condition()
        self._barging = False  # "pause" sent, no verdict yet
        self._heard_text = ""
        self._ack_margin: float | None = None  # keyword spotting's, for speech over a reply
        self._over_reply: AudioClip | None = None  # that speech
        self._listening: Listening | None = None
        self._seq = 0
        self._closed = threading.Event()
        self._worker = threading.Thread(target=self._run, name=f"live-{session_id[:8]}")
        self._worker.daemon = True
        self._worker.start()

    # the receiving thread

    def feed(self, pcm: npt.NDArray[np.int16]) -> None:
        """16 kHz PCM from the caller; never waits for recognition."""
        changes = self._recognizer.push(pcm)
        for change in changes:
            if change.activity is not Activity.START:
                continue
            self._emit("speech_start")
            with self._lock:
                at = self._recognizer.position_ms
                if self._playback.playing(at) and not self._barging:
                    self._playback.pause(at)
                    self._barging = True
                    self._heard_text = ""
                    pause = True
                else:
                    pause = False
            if pause:
                self._emit("pause")
        with self._wake:
            self._wake.notify()

    def playback_ended(self) -> None:
        with self._lock:
            if not self._barging:
                self._playback.stop()

    def close(self) -> None:
        self._closed.set()
        with self._wake:
            self._wake.notify()
        if threading.current_thread() is not self._worker:
            self._worker.join(timeout=10)

    # the worker thread

    def _run(self) -> None:
        while not self._closed.is_set():
            with self._wake:
                self._wake.wait(TICK_S)
            if self._closed.is_set():
                break
            try:
                self._step()
            except Exception as exc:  # the call goes on: the caller hears the error, not silence
                log.exception("live call step failed", extra={"session_id": self.session_id})
                self._emit(
                    "error", text=str(exc) if isinstance(exc, HelplineError) else "internal error"
                )

    def _step(self) -> None:
        if not self._recognizer.in_speech:
            return
        if self._listening is None:
            self._listening = self.voice.listening(self.session_id)
        listening = self._listening
        for result in self._recognizer.step(listening.listen, listening.judge, eager=self._barging):
            if isinstance(result, Partial):
                self._heard_text = result.text
                self._emit("partial", text=result.text)
            else:
                self._listening = None
                self._finished(result, listening)
                return
        if self._barging:
            speech_ms, level, _ = self._recognizer.heard()
            self._decide(Heard(speech_ms, level, self._heard_text, ended=False))

    def _read(self, clip: AudioClip, listen: Listen, judge: Judge) -> Transcript:
        """The turn's reading of an utterance; over a reply, the reading the interruption
        judge was measured with, its keyword-spotting margin and the audio kept."""
        with self._lock:
            barging = self._barging
        if not barging:
            self._ack_margin, self._over_reply = None, None
            return hear(self.voice.stt, clip, listen, judge)
        transcript, self._ack_margin = hear_over_reply(self.voice.stt, clip)
        self._over_reply = clip
        return transcript

    def _decide(self, heard: Heard) -> Verdict:
        """The judge's verdict on what the caller said over the reply, acted on unless WAIT."""
        verdict = self._judge.judge(heard)
        if verdict is not Verdict.WAIT:
            self._resolve(verdict, heard.text)
        return verdict

    def _resolve(self, verdict: Verdict, text: str) -> None:
        at = self._recognizer.position_ms
        with self._lock:
            self._barging = False
            played = self._playback.played_ms(at)
            reply_ms = self._playback.reply_ms
            if verdict is Verdict.INTERRUPT:
                self._playback.stop()
            else:
                self._playback.resume(at)
        if verdict is Verdict.INTERRUPT:
            self._emit("barge_in", text=text)
            self.voice.agent.note_interrupted(self.session_id, played_ms=played, reply_ms=reply_ms)
        else:
            self._emit("backchannel", text=text)
            self._emit("resume")

    def _finished(self, final: Final, listening: Listening) -> None:
        transcript = final.transcript
        self._emit("speech_end", duration_ms=final.at_ms - final.speech_end_ms)
        if self._barging:
            heard = Heard(
                final.speech_ms,
                final.level_dbfs,
                transcript.text,
                True,
                self._ack_margin,
                transcript.ack_lead,
            )
            verdict = self._decide(heard)
            if verdict is Verdict.WAIT:
                # Still unsure once they have stopped: nothing was asked, so the reply goes on.
                self._resolve(Verdict.BACKCHANNEL, transcript.text)
            if verdict is not Verdict.INTERRUPT:
                return
            if self._over_reply is not None and not only_listed(transcript.text):
                # A request over the reply: read again as a turn, whose prompt and judge know
                # the requests ("mujhe recharge karna hai" came back as "much rich orange card
                # hai" with the barge-in prompt).
                transcript = hear(
                    self.voice.stt, self._over_reply, listening.listen, listening.judge
                )
        self._emit("final", text=transcript.text, duration_ms=final.read_ms)
        turn = self.voice.reply_to(
            self.session_id, transcript, listening, timings={"read": final.read_ms}
        )
        self._speak(turn)

    def _speak(self, turn: VoiceTurn) -> None:
        if turn.outcome is Outcome.NOT_UNDERSTOOD:
            self._emit("not_understood", text=turn.reply)
        self._emit("reply", text=turn.reply, turn=turn.turn)
        tts = self.voice.tts
        if tts is not None:
            try:
                for clip in tts.stream(turn.reply):
                    self._seq += 1
                    duration = clip.duration_s * 1000
                    with self._lock:
                        self._playback.sent(self._recognizer.position_ms, duration)
                    self._emit("audio", clip=clip, seq=self._seq, duration_ms=duration)
            except ProviderUnavailable:
                # The reply still reaches the caller as text; only its audio is missing.
                log.exception("live call: speech synthesis failed")
        self._emit("reply_end")

    def _emit(self, kind: SignalKind, **fields: object) -> None:
        signal = LiveSignal(kind, self._recognizer.position_ms, **fields)  # type: ignore[arg-type]
        try:
            self._emit_to(signal)
        except Exception:  # a broken listener must not stop the call
            log.exception("live call: event not delivered", extra={"kind": kind})
