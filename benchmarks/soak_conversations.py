"""The soak's conversations: what the customers say, how their replies are read, and the
drivers that hold them and count what they were told.

Each conversation is one of SCRIPTS, picked with a seeded `random.Random`, so a run with the same
seed says the same lines in the same order. A reply is read for what the customer was told: a
recharge done, already done, or not known yet; a complaint filed, repeated or queued; or that the
number must be given again (the session was lost).
"""

import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from soak_speakers import Said

# name: (weight, lines). "{ticket}" is the last ticket number this customer was told, or the
# line is replaced by the ticket-less status question when none was told yet.
SCRIPTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "balance": (3, ("mera balance kitna hai", "validity kab tak hai", "dhanyavaad")),
    "plans": (
        2,
        ("mera plan kya hai", "859 wale plan me kya kya hai", "koi sasta plan batao", "abhi nahi"),
    ),
    "history": (1, ("pichhle transactions dikhao", "aur validity kab tak hai")),
    "recharge": (3, ("199 ka recharge karna hai", "haan")),
    "recharge_cancelled": (2, ("249 ka recharge kar do", "nahi rehne do")),
    "complaint": (2, ("2 din se internet bahut slow chal raha hai", "dhanyavaad")),
    "complaint_status": (
        2,
        (
            "call baar baar drop ho rahi hai",
            "meri complaint ka kya hua",
            "ticket {ticket} ka status kya hai",
        ),
    ),
    "handoff": (1, ("mujhe kisi customer care executive se baat karni hai",)),
    "english": (
        2,
        ("How much balance do I have?", "please recharge with the 199 plan", "yes", "thank you"),
    ),
}
NO_TICKET_STATUS = "meri complaint ka kya hua"

DONE = re.compile(r"recharge (safal )?ho gaya|recharge is done")
ALREADY_DONE = re.compile(r"pehle hi (safal )?ho chuka")
UNCERTAIN = "pakka nahi bata sakte"
QUEUED_COMPLAINT = "SMS se bheja jayega"
# "Please try again in a while": the customer waits this long before the next line.
TRY_AGAIN = "thodi der baad dobara koshish karein"
TRY_AGAIN_PAUSE_S = 2.5
ASKS_NUMBER = "mobile number"
# What the outages show in the replies, counted for the report.
SIGNS = {
    "from_cache": "pehle ki hai",
    "complaints_queued": QUEUED_COMPLAINT,
    "recharges_refused": "recharge nahi ho paya",
    "recharges_uncertain": UNCERTAIN,
    "apologies": "system mein thodi dikkat",
}


@dataclass(frozen=True)
class Heard:
    """What one reply told the customer."""

    recharged: bool = False  # "recharge ho gaya": a new transaction
    already: bool = False  # "pehle hi ho chuka hai": this confirmation had paid before
    uncertain: bool = False  # not known whether it paid; confirming again is safe
    # A ticket number (new, a repeat report, or a detail added to the open ticket, each counted
    # in report_count) or "queued, the number follows by SMS"
    complained: bool = False
    try_again: bool = False  # the apology: try again in a while
    asks_number: bool = False  # the session is new or lost: verify again
    ticket: int | None = None


def hear(reply: str, complaint_id: int | None) -> Heard:
    """Read one reply (and the ticket the turn filed, if any)."""
    return Heard(
        recharged=DONE.search(reply) is not None,
        already=ALREADY_DONE.search(reply) is not None,
        uncertain=UNCERTAIN in reply,
        complained=complaint_id is not None or QUEUED_COMPLAINT in reply,
        try_again=TRY_AGAIN in reply,
        asks_number=ASKS_NUMBER in reply,
        ticket=complaint_id,
    )


def signs(reply: str) -> list[str]:
    """Which outage signs a reply shows."""
    return [name for name, sign in SIGNS.items() if sign in reply]


def pick(rng: random.Random) -> tuple[str, list[str]]:
    """The next conversation: its name and lines."""
    names = list(SCRIPTS)
    name = rng.choices(names, weights=[SCRIPTS[n][0] for n in names])[0]
    return name, list(SCRIPTS[name][1])


def fill(line: str, ticket: int | None) -> str:
    """The line with this customer's last ticket number, or the ticket-less question."""
    if "{ticket}" not in line:
        return line
    return line.format(ticket=ticket) if ticket is not None else NO_TICKET_STATUS


# "Not known yet whether it paid": the customer confirms again until told, as the reply asks.
CONFIRM_AGAIN_TRIES, CONFIRM_AGAIN_PAUSE_S = 40, 3.0


@dataclass
class Channel:
    """What the drivers of one kind of process saw."""

    turns: int = 0
    errors: int = 0
    crashes: int = 0
    sessions: int = 0
    times_ms: list[float] = field(default_factory=list)


@dataclass
class Tally:
    """What every driver saw, shared between their threads."""

    chat: Channel = field(default_factory=Channel)
    api: Channel = field(default_factory=Channel)
    recharges: dict[str, int] = field(default_factory=dict)  # per phone: told "done"
    unresolved: dict[str, int] = field(default_factory=dict)  # told "not known yet", no more
    replays: int = 0  # "already done" for a confirmation already counted
    complaints: dict[str, int] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)
    scripts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    transcript: TextIO | None = None  # every turn as a JSON line, to trace a failed check

    def add(self, counter: dict[str, int], key: str) -> None:
        with self.lock:
            counter[key] = counter.get(key, 0) + 1

    def note(self, kind: str, phone: str, line: str, said: Said | None, ms: float) -> None:
        """One turn in the transcript (call with the lock held)."""
        if self.transcript is not None:
            turn = {"at": round(time.time(), 3), "kind": kind, "phone": phone, "line": line}
            if said is not None:
                turn |= {"reply": said.reply, "complaint_id": said.complaint_id}
            self.transcript.write(json.dumps(turn | {"ms": round(ms, 1)}, ensure_ascii=False))
            self.transcript.write("\n")


class Speaker(Protocol):
    kind: str
    warm: bool  # its turn times count (a chat process's first reply waits for its start-up)

    def begin(self) -> bool: ...
    def say(self, line: str) -> Said | None: ...
    def recover(self) -> bool: ...


def converse(
    who: Speaker,
    phone: str,
    lines: list[str],
    until: float,
    pause: float,
    t: Tally,
    tickets: list[int],
) -> bool:
    """One conversation; False when a turn got no reply (the speaker must recover)."""
    channel: Channel = getattr(t, who.kind)
    paid = uncertain = False
    tries, answered = 0, True
    while lines and time.monotonic() < until:
        line = fill(lines.pop(0), tickets[-1] if tickets else None)
        timed, started = who.warm, time.perf_counter()
        said = who.say(line)
        elapsed = (time.perf_counter() - started) * 1000
        if said is None:
            with t.lock:
                channel.errors += 1
                t.note(who.kind, phone, line, None, elapsed)
            answered = False
            break
        heard = hear(said.reply, said.complaint_id)
        with t.lock:
            t.note(who.kind, phone, line, said, elapsed)
            channel.turns += 1
            if timed:
                channel.times_ms.append(elapsed)
            for name in signs(said.reply):
                t.seen[name] = t.seen.get(name, 0) + 1
            # "Already done" is a payment the customer hears of for the first time only after
            # "not known yet"; otherwise it is a replay of one already counted.
            if heard.recharged or (heard.already and uncertain and not paid):
                t.recharges[phone] = t.recharges.get(phone, 0) + 1
                paid = True
            elif heard.already:
                t.replays += 1
            if heard.complained:
                t.complaints[phone] = t.complaints.get(phone, 0) + 1
        if heard.ticket is not None:
            tickets.append(heard.ticket)
        if uncertain or heard.uncertain:
            uncertain = heard.uncertain  # the latest answer to the confirmation stands
        if heard.uncertain and tries < CONFIRM_AGAIN_TRIES:
            tries += 1
            lines.insert(0, line)
            time.sleep(CONFIRM_AGAIN_PAUSE_S)
        elif heard.asks_number and line != phone:
            lines.insert(0, phone)  # the session is new or was lost: verify again
        time.sleep(TRY_AGAIN_PAUSE_S if heard.try_again else pause)
    if uncertain and not paid:
        t.add(t.unresolved, phone)
    return answered


def drive(
    who: Speaker,
    phone: str,
    rng: random.Random,
    until: float,
    pace: tuple[float, float],
    t: Tally,
) -> None:
    """Hold conversations as `phone` until the deadline; `pace` is the seconds between turns
    and between conversations."""
    pause, between = pace
    channel: Channel = getattr(t, who.kind)
    verified, tickets = who.kind == "chat", list[int]()
    while time.monotonic() < until:
        name, lines = pick(rng)
        t.add(t.scripts, name)
        if who.kind == "api":
            opened = who.begin()
            with t.lock:
                channel.sessions += opened
                channel.errors += not opened
            if not opened:
                time.sleep(pause)
                continue
            verified = False
        if not converse(
            who, phone, lines if verified else [phone, *lines], until, pause, t, tickets
        ):
            crashed = who.recover()
            with t.lock:
                channel.crashes += crashed
            verified = False
        else:
            verified = True
        time.sleep(between)
