"""What the caller's speaker is playing, as far as the server can tell from what it sent.

Positions are on the call's input-audio timeline: the caller's audio arrives in real time, so
its position is the call's clock, and reply audio starts playing about when it is sent. The
client may say sooner that it has finished (playback_ended).
"""

from dataclasses import dataclass


@dataclass
class Playback:
    started_ms: float | None = None  # when the reply's first audio was sent
    end_ms: float = 0.0  # when the audio sent so far will have played, pauses included
    reply_ms: float = 0.0  # length of the reply audio sent
    paused_at: float | None = None
    stopped: bool = False

    def sent(self, at_ms: float, duration_ms: float) -> None:
        """Reply audio of duration_ms was sent at at_ms (it plays after what was sent before)."""
        if self.started_ms is None or self.stopped:
            self.started_ms, self.end_ms, self.reply_ms = at_ms, at_ms, 0.0
            self.stopped, self.paused_at = False, None
        self.end_ms = max(self.end_ms, at_ms) + duration_ms
        self.reply_ms += duration_ms

    def playing(self, at_ms: float) -> bool:
        """Whether reply audio is (or, paused, would be) playing at at_ms."""
        if self.started_ms is None or self.stopped:
            return False
        return self.paused_at is not None or at_ms < self.end_ms

    def pause(self, at_ms: float) -> None:
        if self.paused_at is None:
            self.paused_at = at_ms

    def resume(self, at_ms: float) -> None:
        """Playback goes on where it stopped: the rest ends later by the pause's length."""
        if self.paused_at is not None:
            self.end_ms += max(0.0, at_ms - self.paused_at)
            self.paused_at = None

    def played_ms(self, at_ms: float) -> float:
        """How much of the reply the caller has heard by at_ms."""
        if self.started_ms is None:
            return 0.0
        now = self.paused_at if self.paused_at is not None else at_ms
        remaining = max(0.0, self.end_ms - now)
        return max(0.0, self.reply_ms - remaining)

    def stop(self) -> None:
        """The reply is over: played to its end, or dropped at a barge-in."""
        self.stopped = True
        self.paused_at = None
