"""Groups of similar complaints, each named from its most telling words.

Triaged complaints are grouped by the type the language layer gave them when they were filed (the
counts then come exactly from SQL). Each group is named by class-based TF-IDF over the normalised
Hinglish descriptions: the words frequent in this group and rare in the others. Complaints filed
without a clear type are clustered by their text alone (TF-IDF, agglomerative clustering on cosine
distance) and named the same way, so a new kind of problem still shows up as its own group.
"""

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from helpline.complaints.resources import analytics_data

log = logging.getLogger(__name__)

NAME_WORDS = 3
EXAMPLES = 2
MAX_NAMING_TEXTS = 300  # distinct descriptions per group read to name it
REST = "text:rest"  # untyped complaints beyond MAX_CLUSTERED, counted but not clustered
MAX_CLUSTERED = 2_000  # untyped descriptions clustered (agglomerative clustering is quadratic)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class TextCount:
    """One distinct description in scope and how many complaints carry it."""

    complaint_type: str | None
    department: str
    description: str
    count: int


@dataclass(frozen=True, slots=True)
class Group:
    key: str  # the complaint type, or "text:<words>" for a group found in untyped text
    name: str  # its most telling words, "network / signal / service"
    words: tuple[str, ...]
    department: str
    count: int
    examples: tuple[str, ...]  # the commonest descriptions, as customers wrote them


def _simple_fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


@cache
def normalizer() -> Callable[[str], str]:
    """The language layer's normaliser, or plain lower-casing while that layer cannot load."""
    try:
        from helpline import language

        found: Any = getattr(language, "normalize", None)
        if found is not None and not callable(found):
            found = getattr(found, "normalize", None)
        if found is None:
            from helpline.language.normalize import normalize as found
        found("network nahi hai")  # its data is checked on first use: fail here, not mid-summary
        fold: Callable[[str], str] = found
        return fold
    except Exception:
        log.warning("language normaliser unavailable, grouping on lower-cased text", exc_info=True)
        return _simple_fold


def tokens(text: str, fold: Callable[[str], str] | None = None) -> list[str]:
    """The words of a description that can tell groups apart (no stopwords, no bare numbers)."""
    stop = _stopwords()
    folded = (fold or normalizer())(text)
    return [w for w in _WORD.findall(folded.lower()) if w not in stop and not w.isdigit()]


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(str(w) for w in analytics_data()["stopwords"])


@cache
def _untyped() -> frozenset[str]:
    return frozenset(str(w) for w in analytics_data()["untyped"])


def group_texts(
    rows: Sequence[TextCount], exact_counts: dict[str, int] | None = None
) -> list[Group]:
    """Groups, largest first. `exact_counts` (type -> count, from SQL) overrides sampled counts."""
    fold = normalizer()
    cached: dict[str, list[str]] = {}

    def words_of(text: str) -> list[str]:
        if text not in cached:
            cached[text] = tokens(text, fold)
        return cached[text]

    members: dict[str, list[TextCount]] = {}
    untyped: list[TextCount] = []
    for row in rows:
        if row.complaint_type is None or row.complaint_type.strip().lower() in _untyped():
            untyped.append(row)
        else:
            members.setdefault(row.complaint_type, []).append(row)
    # The commonest texts only: enough to name and cluster, and the cost stays flat with volume.
    untyped.sort(key=lambda r: -r.count)
    clustered, leftover = untyped[:MAX_CLUSTERED], untyped[MAX_CLUSTERED:]
    for index, cluster in enumerate(_cluster([r.description for r in clustered], words_of)):
        members[f"text:{index}"] = [clustered[i] for i in cluster]
    if leftover:
        members[REST] = leftover
    bags: dict[str, Counter[str]] = {}
    for key, group in members.items():
        bag: Counter[str] = Counter()
        for row in sorted(group, key=lambda r: -r.count)[:MAX_NAMING_TEXTS]:
            for word in words_of(row.description):
                bag[word] += row.count
        bags[key] = bag
    names = _telling_words(bags)
    groups = []
    for key, group in members.items():
        words = names[key]
        count = sum(r.count for r in group)
        if exact_counts and key in exact_counts:
            count = exact_counts[key]
        departments = Counter({r.department: 0 for r in group})
        for r in group:
            departments[r.department] += r.count
        commonest = sorted(group, key=lambda r: -r.count)[:EXAMPLES]
        groups.append(
            Group(
                key=_key(key, words),
                name="other untyped complaints"
                if key == REST
                else " / ".join(words)
                if words
                else key.replace("_", " "),
                words=words,
                department=departments.most_common(1)[0][0],
                count=count,
                examples=tuple(r.description for r in commonest),
            )
        )
    return sorted(groups, key=lambda g: (-g.count, g.key))


def _key(key: str, words: tuple[str, ...]) -> str:
    if key == REST or not key.startswith("text:"):
        return key
    return f"text:{'-'.join(words)}"


def _telling_words(bags: dict[str, Counter[str]]) -> dict[str, tuple[str, ...]]:
    """Class-based TF-IDF: share of a word in its group x log(1 + mean group size / its total)."""
    totals: Counter[str] = Counter()
    for bag in bags.values():
        totals.update(bag)
    mean_size = sum(totals.values()) / max(len(bags), 1)
    out: dict[str, tuple[str, ...]] = {}
    for key, bag in bags.items():
        size = sum(bag.values()) or 1
        scored = sorted(
            bag, key=lambda w: (-(bag[w] / size) * math.log(1 + mean_size / totals[w]), w)
        )
        out[key] = tuple(scored[:NAME_WORDS])
    return out


def _cluster(texts: list[str], words_of: Callable[[str], list[str]]) -> list[list[int]]:
    """Indexes of texts grouped by TF-IDF cosine distance (average linkage, a distance cut)."""
    if not texts:
        return []
    if len(texts) == 1:
        return [[0]]
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=words_of, sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    empty = np.asarray(matrix.sum(axis=1)).ravel() == 0
    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="cosine",
        linkage="average",
        distance_threshold=float(analytics_data()["cluster_distance"]),
    ).fit_predict(matrix.toarray() + empty[:, None] * 1e-9)
    clusters: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        clusters.setdefault(int(label), []).append(index)
    return sorted(clusters.values(), key=lambda c: (-len(c), c[0]))
