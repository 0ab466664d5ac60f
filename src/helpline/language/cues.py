"""The dialogue cues of one line: consent, plan wish and needs, follow-ups, complaint detail,
references and codes, requests outside the intents. Data: data/cues.yaml (see cues_data.py).

Everything here reads the normalised tokens and the entities already found, so "haan ji",
"हाँ जी" and "hn" give the same consent and "₹299" and "299 wala" the same price.
"""

import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise
from typing import TypeVar

from helpline.errors import InvalidPhone
from helpline.language.cues_data import CueData, cue_data
from helpline.language.normalize import Token
from helpline.language.types import (
    Aspect,
    Consent,
    Cues,
    Detail,
    Entity,
    EntityKind,
    FollowUp,
    Language,
    Need,
    NeedKind,
    Request,
    Wish,
)
from helpline.phone import find_phone, normalize_phone

# Plan prices run from tens to a few thousand rupees; more digits is an OTP, a phone or an id.
_MIN_PRICE, _MAX_PRICE = 10, 9999
_MAX_COUNT = 99
_OTP = re.compile(r"(?<![0-9])([0-9](?:[ -]?[0-9]){5})(?![0-9])")
_DEVANAGARI_WORD = re.compile(r"[\u0900-\u097f]+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
# Entities whose numbers are not plan prices: "2 GB", "28 din", a ticket, a phone, a date.
_NOT_PRICES = frozenset(
    {EntityKind.DATA_MB, EntityKind.DAYS, EntityKind.TICKET, EntityKind.PHONE, EntityKind.DATE}
)
_E = TypeVar("_E", Request, Aspect, Language)
_CHURN = frozenset({Request.CHURN_THREAT, Request.PORTING, Request.UPC, Request.DISCONNECT})


def _phone(text: str, entities: Sequence[Entity]) -> str | None:
    """The first mobile number: an entity, or any formatting helpline.phone accepts."""
    for entity in entities:
        if entity.kind is EntityKind.PHONE:
            try:
                return normalize_phone(str(entity.value))
            except InvalidPhone:
                continue
    return find_phone(text)


def read_cues(
    text: str, tokens: Sequence[Token], normalized: str, entities: Sequence[Entity]
) -> Cues:
    """Every cue of a line, given its normalised tokens and entities. Never raises."""
    data = cue_data()
    words = normalized.split()
    found = data.patterns.match(normalized)
    groups = {name.partition(":")[0] for name in found}
    numeric = any(t.value is not None for t in tokens)  # most lines hold no number at all
    budget = _budget(tokens, data) if numeric else []
    counted = _count_index(tokens, data) if numeric else set()
    skip = {i for i, _ in budget} | counted | _addresses(tokens, data) if numeric else set()
    prices = _prices(tokens, entities, skip) if numeric else ()
    details = _details(found, words, data)
    request = _first(found, "request", Request)
    flags = {name.partition(":")[2] for name in found if name.startswith("flag:")}
    # "phir se band ho gaya", "kya theek ho gaya?": no close, whatever the close words
    may_close = not data.close_blockers.intersection(words)
    return Cues(
        language=_language(text, words, data),
        consent=_consent(words, data),
        wish=_wish(found, prices, entities, words) if "wish" in groups else None,
        prices=prices,
        bare_price=_bare_price(words, prices, data) if prices else None,
        follow_up=_follow_up(found, words, prices, data),
        needs=_needs(found, tokens, entities, budget, details, data),
        complaint_detail=details,
        # "complaint band karna hai" closes one: "complaint ... karna" is no new one then
        new_complaint="new_complaint" in flags and "closes_ticket" not in flags,
        asks_status="asks_status" in flags and "asks_validity" not in flags,
        asks_eta="asks_eta" in flags and "asks_validity" not in flags,
        asks_refund="asks_refund" in flags,
        closes_ticket="closes_ticket" in flags and may_close,
        problem_fixed="problem_fixed" in flags and may_close,
        ticket=_entity_int(entities, EntityKind.TICKET),
        otp_code=_otp(text, tokens, entities) if numeric else None,
        phone=(phone := _phone(text, entities) if numeric else None),
        bare_phone=phone is not None and _bare_phone(words, data),
        digits=numeric or any(ch.isdigit() for ch in text),
        count=_count(tokens, counted) if counted else _single(text, words, data),
        request=request,
        churn_risk=request in _CHURN,
        help="help" in flags,
        backchannel="backchannel" in flags or (not text.isascii() and _only_symbols(text)),
        go_ahead="go_ahead" in flags,
        puts_off="puts_off" in flags,
        asks_sms="asks_sms" in flags,
        asks_last_recharge="asks_last_recharge" in flags,
        asks_other="asks_other" in flags,
        closes_it="closes_it" in flags and may_close,
        language_wish=_first(found, "speak", Language),
        once_more="once_more" in flags,
        asks_new="asks_new" in flags,
    )


def _first(found: Sequence[str], prefix: str, kind: type[_E]) -> _E | None:
    for name in found:
        group, _, value = name.partition(":")
        if group == prefix:
            return kind(value)
    return None


def _language(text: str, words: Sequence[str], data: CueData) -> Language | None:
    devanagari = 0 if text.isascii() else len(_DEVANAGARI_WORD.findall(text))
    if devanagari and devanagari >= len(_LATIN_WORD.findall(text)):
        return Language.DEVANAGARI
    if all(w in data.courtesy for w in words):
        return None
    # Hindi "the" (were) closes a clause ("150 rupay kate the", "aaye the aur"); English "the"
    # never ends one.
    were = sum(
        w == "the" and (i + 1 == len(words) or words[i + 1] in data.hindi)
        for i, w in enumerate(words)
    )
    hindi = sum(w in data.hindi for w in words) + were
    english = sum(w in data.english for w in words) - were
    if english > hindi:
        return Language.ENGLISH
    return Language.HINGLISH if hindi else None


def _consent(words: Sequence[str], data: CueData) -> Consent | None:
    if not words or len(words) > data.consent_max_words:
        return None
    if any(w not in data.consent_words for w in words):
        return None  # "haan par 199 wala": a yes with a condition is not a plain yes
    if any(w in data.no for w in words):
        return Consent.NO if not any(w in data.yes - {"kar", "karo"} for w in words) else None
    return Consent.YES if any(w in data.yes for w in words) else None


def _wish(
    found: Sequence[str], prices: Sequence[int], entities: Sequence[Entity], words: Sequence[str]
) -> Wish | None:
    names = set(found)
    about_plan = (
        bool(prices)
        or any(e.kind is EntityKind.PLAN for e in entities)
        or "wish:plan_words" in names
        or "recharge" in words
    )
    both = "wish:both" in names  # "dono me kya fark hai": the two plans just talked about
    if "wish:compare" in names and (len(prices) >= 2 or about_plan or both):
        return Wish.COMPARE
    if "wish:buy" in names and about_plan:
        return Wish.BUY
    if "wish:ask" in names and about_plan:
        return Wish.ASK
    return None


def _number(token: Token) -> int | None:
    value = token.value
    # Digit strings said one digit at a time ("nine eight ...") are codes or numbers, not prices.
    if value is None or not token.text.isdigit() or len(token.text) > len(str(_MAX_PRICE)):
        return None
    return int(value)


def _prices(tokens: Sequence[Token], entities: Sequence[Entity], skip: set[int]) -> tuple[int, ...]:
    taken = [(e.start, e.end) for e in entities if e.kind in _NOT_PRICES]
    out: list[int] = []
    for i, token in enumerate(tokens):
        value = _number(token)
        if value is None or i in skip or not _MIN_PRICE <= value <= _MAX_PRICE:
            continue
        if any(start <= token.start < end for start, end in taken):
            continue
        out.append(value)
    if len(out) > 1:
        # "249 se 199 pe shift karo": the plan moved from ("249 se") goes after the one wanted.
        moved_from = {
            _number(t)
            for i, t in enumerate(tokens[:-1])
            if tokens[i + 1].text == "se" and any(_number(u) for u in tokens[i + 2 :])
        }
        out.sort(key=lambda v: v in moved_from)  # stable: the others keep their order
    return tuple(out)


def _addresses(tokens: Sequence[Token], data: CueData) -> set[int]:
    """Indexes of numbers that are part of an address ("sector 62") or a time of day ("10
    baje"), never prices."""
    places = {i for i in range(1, len(tokens)) if tokens[i - 1].text in data.address_words}
    times = {i for i in range(len(tokens) - 1) if tokens[i + 1].text in data.time_words}
    return places | times


def _bare_price(words: Sequence[str], prices: Sequence[int], data: CueData) -> int | None:
    numbers = [w for w in words if w.isdigit()]
    if len(prices) != 1 or numbers != [str(prices[0])]:
        return None
    if any(w not in data.price_fillers for w in words if not w.isdigit()):
        return None
    return prices[0]


def _bare_phone(words: Sequence[str], data: CueData) -> bool:
    return all(w.isdigit() or w in data.phone_fillers for w in words)


def _at(words: Sequence[str], i: int, phrase: Sequence[str]) -> bool:
    return tuple(words[i : i + len(phrase)]) == tuple(phrase)


def _budget(tokens: Sequence[Token], data: CueData) -> list[tuple[int, int]]:
    """(token index, rupees) of numbers said as a ceiling: "300 tak", "under 250"."""
    words = [t.text for t in tokens]
    out: list[tuple[int, int]] = []
    for i, token in enumerate(tokens):
        value = _number(token)
        if value is None or not _MIN_PRICE <= value <= _MAX_PRICE:
            continue
        # "100 rs tak", "under rs 300": the word for rupees does not part a price from its limit
        end = i + 2 if i + 1 < len(words) and words[i + 1] in data.currency else i + 1
        start = i - 1 if i > 0 and words[i - 1] in data.currency else i
        after = any(_at(words, end, p) for p in data.budget_after)
        before = any(start >= len(p) and _at(words, start - len(p), p) for p in data.budget_before)
        if after or before:
            out.append((i, value))
    return out


def _count_index(tokens: Sequence[Token], data: CueData) -> set[int]:
    words = [t.text for t in tokens]
    return {
        i
        for i, t in enumerate(tokens)
        if 1 <= (_number(t) or 0) <= _MAX_COUNT
        and (
            (i > 0 and words[i - 1] in data.count_before)
            or (i + 1 < len(words) and words[i + 1] in data.count_after)
        )
    }


def _count(tokens: Sequence[Token], counted: set[int]) -> int | None:
    return _number(tokens[min(counted)]) if counted else None


def _single(text: str, words: Sequence[str], data: CueData) -> int | None:
    """1 for "last recharge", "pichla payment": one item asked for without a number. The
    normaliser folds "recharges" into "recharge", so the plural is looked for as typed."""
    pairs = pairwise(words)
    item = next((b for a, b in pairs if a in data.count_before and b in data.count_single), None)
    if item is None or f"{item}s" in text.lower().split():
        return None
    return 1


def _follow_up(
    found: Sequence[str], words: Sequence[str], prices: Sequence[int], data: CueData
) -> FollowUp | None:
    core = [w for w in words if w not in data.fillers]  # "kitne ka hai" is "kitne ka"
    if not core or len(core) > data.follow_max_words:
        return None
    refers = "follow:refers" in found
    continues = words[-1] in data.trailing or any(_at(words, 0, p) for p in data.continuations)
    aspect = _first(found, "aspect", Aspect)
    if aspect is None and prices and (refers or continues):
        aspect = Aspect.BENEFITS  # "aur 449 me?": the same question about another plan
    if aspect is None:
        return None
    if refers or continues or len(core) <= 2:  # "validity?" alone asks about what was said
        return FollowUp(aspect, refers)
    return None


def _details(found: Sequence[str], words: Sequence[str], data: CueData) -> tuple[Detail, ...]:
    if len(words) > data.detail_max_words:
        return ()
    return tuple(Detail(n.partition(":")[2]) for n in found if n.startswith("detail:"))


def _needs(
    found: Sequence[str],
    tokens: Sequence[Token],
    entities: Sequence[Entity],
    budget: Sequence[tuple[int, int]],
    details: Sequence[Detail],
    data: CueData,
) -> tuple[Need, ...]:
    out: list[Need] = []
    if Detail.SINCE not in details:  # "2 din se" is how long a fault lasts, not a plan's days
        days = [int(e.value) for e in entities if e.kind is EntityKind.DAYS and _needed(e, tokens)]
        padded = f" {' '.join(t.text for t in tokens)} "
        days.extend(value for phrase, value in data.durations if phrase in padded)
        out.extend(Need(NeedKind.DAYS, d) for d in dict.fromkeys(days))
    out.extend(Need(NeedKind.BUDGET, value) for _, value in budget[:1])
    unneeded = {n.partition(":")[2] for n in found if n.startswith("unneed:")}
    out.extend(
        Need(NeedKind(kind))
        for n in found
        if n.startswith("need:") and (kind := n.partition(":")[2]) not in unneeded
    )
    return tuple(out)


def _needed(days: Entity, tokens: Sequence[Token]) -> bool:
    """A number of days asked of a plan, not the age of a fault ("5 saal se", "2 din pehle")."""
    after = next((t.text for t in tokens if t.start >= days.end), "")
    return after not in cue_data().days_not_before


def _entity_int(entities: Sequence[Entity], kind: EntityKind) -> int | None:
    found = next((e.value for e in entities if e.kind is kind), None)
    return int(found) if isinstance(found, int) else None


def _otp(text: str, tokens: Sequence[Token], entities: Sequence[Entity]) -> str | None:
    phones = [(e.start, e.end) for e in entities if e.kind is EntityKind.PHONE]
    for match in _OTP.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in phones):
            return re.sub(r"[ -]", "", match.group(1))
    spoken = next((t.digits for t in tokens if t.digits and len(t.digits) == 6), None)
    return spoken


def _only_symbols(text: str) -> bool:
    """A line of emoji or symbols alone ("🙏", "👍👍"): an acknowledgement, not a question."""
    chars = [c for c in text if not c.isspace()]
    return (
        bool(chars)
        and all(unicodedata.category(c)[0] in "SP" or c in "\u200d\ufe0f" for c in chars)
        and any(unicodedata.category(c) == "So" for c in chars)
    )
