"""The cue data of data/cues.yaml, loaded once and checked at load time."""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from helpline.language.normalize import normalize
from helpline.language.patterns import PatternSet
from helpline.language.resources import (
    LanguageDataError,
    expect_mapping,
    expect_number,
    expect_strings,
    load_yaml,
)
from helpline.language.types import Aspect, Detail, Language, NeedKind, Request

_FILE = "cues.yaml"
# Needs read from numbers, not from patterns.
_NUMBER_NEEDS = frozenset({NeedKind.DAYS, NeedKind.BUDGET})
FLAGS = (
    "new_complaint",
    "asks_status",
    "asks_eta",
    "asks_validity",
    "asks_refund",
    "closes_ticket",
    "problem_fixed",
    "help",
    "backchannel",
    "go_ahead",
    "puts_off",
    "asks_sms",
    "asks_last_recharge",
    "asks_other",
    "closes_it",
    "once_more",
    "asks_new",
)


@dataclass(frozen=True, slots=True)
class CueData:
    """Word sets and one pattern set whose group names say which cue they feed
    ("need:ott", "aspect:eta", "flag:help", ...)."""

    patterns: PatternSet
    hindi: frozenset[str]
    english: frozenset[str]
    courtesy: frozenset[str]  # a line of these alone tells no language
    yes: frozenset[str]
    no: frozenset[str]
    consent_filler: frozenset[str]
    consent_words: frozenset[str]  # all three above
    consent_max_words: int
    follow_max_words: int
    continuations: tuple[tuple[str, ...], ...]
    trailing: frozenset[str]
    fillers: frozenset[str]
    budget_after: tuple[tuple[str, ...], ...]
    budget_before: tuple[tuple[str, ...], ...]
    durations: tuple[tuple[str, int], ...]  # " saal bhar " (spaced for whole words) -> days
    days_not_before: frozenset[str]
    detail_max_words: int
    count_before: frozenset[str]
    count_after: frozenset[str]
    count_single: frozenset[str]
    price_fillers: frozenset[str]
    phone_fillers: frozenset[str]
    currency: frozenset[str]
    address_words: frozenset[str]
    time_words: frozenset[str]
    close_blockers: frozenset[str]  # words that keep a line from closing a ticket


def _words(value: Any, where: str) -> frozenset[str]:
    """Single words, in their normalised spelling."""
    out: set[str] = set()
    for item in expect_strings(value, f"{_FILE}:{where}"):
        out.update(normalize(item).split())
    return frozenset(out)


def _phrases(value: Any, where: str) -> tuple[tuple[str, ...], ...]:
    """Phrases as tuples of normalised words, longest first."""
    items = {tuple(normalize(p).split()) for p in expect_strings(value, f"{_FILE}:{where}")}
    if () in items:
        raise LanguageDataError(f"{_FILE}:{where}: a phrase normalises to nothing")
    return tuple(sorted(items, key=lambda p: (-len(p), p)))


def _groups(data: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    groups: list[tuple[str, list[str]]] = []
    wish = expect_mapping(data["wish"], "wish")
    for name in ("compare", "buy", "ask", "plan_words", "both"):
        groups.append((f"wish:{name}", expect_strings(wish[name], f"wish:{name}")))
    follow = expect_mapping(data["follow_up"], "follow_up")
    groups.append(("follow:refers", expect_strings(follow["references"], "references")))
    for name, patterns in expect_mapping(follow["aspects"], "aspects").items():
        Aspect(name)  # raises ValueError on an unknown aspect
        groups.append((f"aspect:{name}", expect_strings(patterns, f"aspects:{name}")))
    for name, patterns in expect_mapping(data["language_wish"], "language_wish").items():
        Language(name)  # raises ValueError on an unknown language
        groups.append((f"speak:{name}", expect_strings(patterns, f"language_wish:{name}")))
    needs = expect_mapping(data["needs"], "needs")
    for kind in NeedKind:
        if kind not in _NUMBER_NEEDS:
            groups.append((f"need:{kind.value}", expect_strings(needs[kind.value], kind.value)))
    unneeded = expect_mapping(needs.get("unneeded", {}), "needs:unneeded")
    for name, patterns in unneeded.items():
        NeedKind(name)  # raises ValueError on an unknown need
        groups.append((f"unneed:{name}", expect_strings(patterns, f"unneeded:{name}")))
    details = expect_mapping(data["complaint_detail"], "complaint_detail")
    for detail in Detail:
        groups.append((f"detail:{detail}", expect_strings(details[detail.value], detail.value)))
    requests = expect_mapping(data["requests"], "requests")
    if set(requests) != {r.value for r in Request}:
        raise LanguageDataError(f"{_FILE}:requests: expected exactly {[r.value for r in Request]}")
    for name, patterns in requests.items():
        groups.append((f"request:{name}", expect_strings(patterns, f"requests:{name}")))
    for flag in FLAGS:
        groups.append((f"flag:{flag}", expect_strings(data[flag], flag)))
    return groups


def _int(value: Any, where: str) -> int:
    number = expect_number(value, f"{_FILE}:{where}")
    if number < 0 or not number.is_integer():
        raise LanguageDataError(f"{_FILE}:{where}: {value!r} is not a whole number")
    return int(number)


@cache
def cue_data() -> CueData:
    """The package's cue data; raises LanguageDataError (or ValueError) when malformed."""
    data = expect_mapping(load_yaml(_FILE), _FILE)
    try:
        language = expect_mapping(data["language"], "language")
        consent = expect_mapping(data["consent"], "consent")
        follow = expect_mapping(data["follow_up"], "follow_up")
        needs = expect_mapping(data["needs"], "needs")
        detail = expect_mapping(data["complaint_detail"], "complaint_detail")
        count = expect_mapping(data["count"], "count")
        durations = expect_mapping(needs["durations"], "needs:durations")
        return CueData(
            patterns=PatternSet(_groups(data), _FILE),
            hindi=_words(language["hindi"], "language:hindi"),
            english=_words(language["english"], "language:english"),
            courtesy=_words(language["courtesy"], "language:courtesy"),
            yes=_words(consent["yes"], "consent:yes"),
            no=_words(consent["no"], "consent:no"),
            consent_filler=_words(consent["filler"], "consent:filler"),
            consent_words=_words(consent["yes"], "yes")
            | _words(consent["no"], "no")
            | _words(consent["filler"], "filler"),
            consent_max_words=_int(consent["max_words"], "consent:max_words"),
            follow_max_words=_int(follow["max_words"], "follow_up:max_words"),
            continuations=_phrases(follow["continuations"], "continuations"),
            trailing=_words(follow["trailing"], "trailing"),
            fillers=_words(follow["fillers"], "fillers"),
            budget_after=_phrases(needs["budget_after"], "budget_after"),
            budget_before=_phrases(needs["budget_before"], "budget_before"),
            durations=tuple(
                (f" {normalize(str(k))} ", _int(v, "durations")) for k, v in durations.items()
            ),
            days_not_before=_words(needs["days_not_before"], "needs:days_not_before"),
            detail_max_words=_int(detail["max_words"], "complaint_detail:max_words"),
            count_before=_words(count["before"], "count:before"),
            count_after=_words(count["after"], "count:after"),
            count_single=_words(count["single"], "count:single"),
            price_fillers=_words(data["price_fillers"], "price_fillers"),
            phone_fillers=_words(data["phone_fillers"], "phone_fillers"),
            currency=_words(data["currency"], "currency"),
            address_words=_words(data["address_words"], "address_words"),
            time_words=_words(data["time_words"], "time_words"),
            close_blockers=_words(data["closes_ticket_unless"], "closes_ticket_unless"),
        )
    except KeyError as exc:
        raise LanguageDataError(f"{_FILE}: missing section {exc}") from exc
