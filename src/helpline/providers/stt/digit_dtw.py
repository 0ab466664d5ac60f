"""Digits read out one by one, heard by matching templates of the digit words (one-stage
dynamic time warping, as connected-digit recognisers did before neural models).

Whisper base cannot hear Hindi digits: it writes espeak-ng's "nau, aath, saat" as English
fragments and the Hindi voice's digits as run-together syllables, and the right number is among
none of its readings for most of them (docs/benchmarks.md). Ten words in a closed set are what
template matching does well: every frame of the caller's speech is matched to a frame of some
template, words follow each other with optional silence between them, and the cheapest path
through the words is the number. Silence is matched against the utterance's own quietest frames.

Two grammars: any run of digits (with "double", "triple" and lead-in words such as "mera number
hai"), and exactly `count` digits, which holds a ten-digit phone number to ten digits; the second
runs only over the templates of the speakers that matched best in the first, to keep it fast.
"""

from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from helpline.providers.stt.digit_features import ENERGY, NOISE_PERCENTILE
from helpline.providers.stt.digit_templates import Template

DIGITS = tuple(str(d) for d in range(10))
# Words that say the next digit more than once: "double seven" is 77, "triple nine" 999.
REPEATS = {"double": 2, "triple": 3}
SPEAKERS = 4  # speakers whose templates the counted grammar uses
# Speakers whose templates the free grammar uses: those whose template frames lie nearest the
# utterance's frames. Matching all of them costs several times as long and holds a distance
# for every frame pair (hundreds of megabytes for a ten-second number).
LIKELY_SPEAKERS = 16
NETWORKS = 32  # networks kept for the speaker sets seen last
INF = 1e18
SILENCE = -2


@dataclass(frozen=True, slots=True)
class DigitReading:
    digits: str
    cost: float  # distance per frame of the best path: lower is a closer match
    speakers: tuple[int, ...]  # template speakers on the path, most used first
    english: float  # share of the digits matched to English digit words ("nine", not "nau")
    words: tuple[str, ...] = ()  # the label of every word on the path, in order


class _Network:
    """Words as arcs between grammar states; each arc a template, each template frame a cell."""

    def __init__(
        self,
        templates: Sequence[Template],
        arcs: list[tuple[int, int, int]],
        states: int,
        final: int,
    ) -> None:
        self.arcs = arcs
        self.states = states
        self.final = final
        offsets = np.cumsum([0] + [len(t.frames) for t in templates])
        lengths = np.array([len(templates[t].frames) for _, _, t in arcs])
        self.first = np.cumsum(np.r_[0, lengths[:-1]])
        self.last = self.first + lengths - 1
        self.src = np.array([s for s, _, _ in arcs])
        self.frame = np.concatenate([np.arange(offsets[t], offsets[t + 1]) for _, _, t in arcs])
        arc_of = np.repeat(np.arange(len(arcs)), lengths)
        self.from1 = np.r_[False, arc_of[1:] == arc_of[:-1]]
        self.from2 = np.r_[False, False, arc_of[2:] == arc_of[:-2]]
        dst = np.array([d for _, d, _ in arcs])
        self.into = [(n, np.flatnonzero(dst == n)) for n in range(states) if (dst == n).any()]

    def best_path(
        self, dist: npt.NDArray[np.float32], silence: npt.NDArray[np.float64], penalty: float
    ) -> tuple[list[int], float]:
        """Template indices on the cheapest path ending in the final state, and its cost."""
        frames = len(dist)
        state = np.full(self.states, INF)
        state[0] = 0.0
        cells = np.full(len(self.frame), INF)
        entered = np.zeros(len(self.frame), np.int32)
        quiet = np.full(self.states, INF)
        quiet_entered = np.zeros(self.states, np.int32)
        back_arc = np.full((frames, self.states), -1, np.int32)
        back_time = np.zeros((frames, self.states), np.int32)
        for t in range(frames):
            one = np.where(self.from1, np.r_[INF, cells[:-1]], INF)
            two = np.where(self.from2, np.r_[INF, INF, cells[:-2]], INF)
            best = np.minimum(cells, np.minimum(one, two))
            entered = np.where(
                best == cells,
                entered,
                np.where(best == one, np.r_[0, entered[:-1]], np.r_[0, 0, entered[:-2]]),
            ).astype(np.int32)
            fresh = state[self.src] + penalty
            starts = fresh < best[self.first]
            best[self.first] = np.where(starts, fresh, best[self.first])
            entered[self.first] = np.where(starts, t, entered[self.first])
            cells = best + dist[t, self.frame]
            restart = state < quiet
            quiet = np.where(restart, state, quiet) + silence[t]
            quiet_entered = np.where(restart, t, quiet_entered).astype(np.int32)
            state = np.full(self.states, INF)
            ends = cells[self.last]
            for node, arcs in self.into:
                arc = arcs[np.argmin(ends[arcs])]
                state[node] = ends[arc]
                back_arc[t, node] = arc
                back_time[t, node] = entered[self.last[arc]]
            hushed = quiet < state
            state = np.where(hushed, quiet, state)
            back_arc[t, hushed] = SILENCE
            back_time[t, hushed] = quiet_entered[hushed]
        path: list[int] = []
        t, node = frames - 1, self.final
        while t >= 0 and back_arc[t, node] != -1:
            arc, start = back_arc[t, node], back_time[t, node]
            if arc != SILENCE:
                source, _, template = self.arcs[arc]
                path.append(template)
                node = source
            t = start - 1
        path.reverse()
        return path, float(state[self.final]) / max(1, frames)


def _distances(
    x: npt.NDArray[np.float64], templates: npt.NDArray[np.float64]
) -> npt.NDArray[np.float32]:
    """Euclidean distance of every frame of `x` to every template frame (both scaled), built in
    one float32 array: a ten-second number against thousands of template frames is large."""
    out: npt.NDArray[np.float32] = np.matmul(
        x.astype(np.float32), templates.T.astype(np.float32), dtype=np.float32
    )
    out *= -2.0
    out += (x * x).sum(1).astype(np.float32)[:, None]
    out += (templates * templates).sum(1).astype(np.float32)[None, :]
    np.maximum(out, 0.0, out=out)
    np.sqrt(out, out=out)
    return out


def _free(templates: Sequence[Template]) -> _Network:
    """Any run of digits: state 0 between words, state 1 after "double" or "triple", which only
    a digit may follow (the reading counts it twice or three times; this grammar counts none)."""
    arcs: list[tuple[int, int, int]] = []
    for index, template in enumerate(templates):
        if template.label in REPEATS:
            arcs.append((0, 1, index))
        elif template.label in DIGITS:
            arcs += [(0, 0, index), (1, 0, index)]
        else:
            arcs.append((0, 0, index))
    return _Network(templates, arcs, 2, 0)


def _counted(templates: Sequence[Template], count: int) -> _Network:
    """Exactly `count` digits, lead-in words before them: state n after n digits; after n digits
    and a word that says the next one k times ("double", "triple"), a state of its own from
    which that digit leads to state n + k."""
    arcs: list[tuple[int, int, int]] = []
    pending: dict[tuple[int, int], int] = {}  # (digits so far, times) -> state
    for times in REPEATS.values():
        for n in range(count - times + 1):
            pending[(n, times)] = count + 1 + len(pending)
    for index, template in enumerate(templates):
        if template.label == "lead-in":
            arcs.append((0, 0, index))
        elif template.label in REPEATS:
            times = REPEATS[template.label]
            arcs += [(n, pending[(n, times)], index) for n in range(count - times + 1)]
        else:
            arcs += [(n, n + 1, index) for n in range(count)]
            arcs += [(state, n + k, index) for (n, k), state in pending.items()]
    return _Network(templates, arcs, count + 1 + len(pending), count)


@dataclass(frozen=True, slots=True)
class _Grammar:
    """A network and the templates its arcs index, their frames scaled as the matcher weighs."""

    network: _Network
    templates: list[Template]
    scaled: npt.NDArray[np.float64]


class WordMatcher:
    """Words of a closed vocabulary in an utterance (digits read out as a number), matched
    against their templates."""

    def __init__(self, templates: Sequence[Template], *, penalty: float = 0.0) -> None:
        self.templates = list(templates)
        self.penalty = penalty
        stacked = np.vstack([t.frames for t in self.templates]).astype(np.float64)
        # Each feature weighs by its spread over the templates: cepstra and deltas alike.
        self._scale = 1.0 / (stacked.std(axis=0) + 1e-6)
        self._by_speaker: dict[int, npt.NDArray[np.float64]] = {}
        for voice in sorted({t.voice for t in self.templates}):
            mine = [t.frames for t in self.templates if t.voice == voice]
            self._by_speaker[voice] = np.vstack(mine).astype(np.float64) * self._scale
        self._networks: OrderedDict[tuple[str, tuple[int, ...], tuple[str, ...]], _Grammar] = (
            OrderedDict()
        )

    def read(
        self, frames: npt.NDArray[np.float32], count: int | None = None
    ) -> DigitReading | None:
        """The digits said in `frames` (digit_features.features): any number of them, or with
        `count`, exactly that many (over the best speakers of a free reading first)."""
        if len(frames) < 10:
            return None
        free = self._reading(self._network("free", self._likely(frames)), frames)
        if count is None or len(free.digits) == count:
            return free
        return self._reading(self._network(str(count), free.speakers[:SPEAKERS]), frames)

    def read_each(
        self, frames: npt.NDArray[np.float32], groups: Sequence[frozenset[str]]
    ) -> list[DigitReading] | None:
        """For each group of labels, the best run of its words (any number, in any order) in
        `frames`, all over the same speakers, those nearest the utterance."""
        if len(frames) < 10:
            return None
        speakers = self._likely(frames)
        return [self._reading(self._network("free", speakers, labels), frames) for labels in groups]

    def _likely(self, frames: npt.NDArray[np.float32]) -> tuple[int, ...]:
        """The speakers whose template frames lie nearest the utterance's, frame by frame."""
        x = frames.astype(np.float64) * self._scale
        near = {
            voice: float(_distances(x, theirs).min(axis=1).mean())
            for voice, theirs in self._by_speaker.items()
        }
        return tuple(sorted(near, key=near.__getitem__)[:LIKELY_SPEAKERS])

    def _network(
        self, grammar: str, speakers: Sequence[int], labels: frozenset[str] | None = None
    ) -> "_Grammar":
        """The free grammar or one of `grammar` digits over some speakers' templates (of some
        labels only, if given)."""
        key = (grammar, tuple(sorted(speakers)), tuple(sorted(labels or ())))
        if key in self._networks:
            self._networks.move_to_end(key)
            return self._networks[key]
        chosen = [
            t
            for t in self.templates
            if t.voice in speakers and (labels is None or t.label in labels)
        ]
        network = _free(chosen) if grammar == "free" else _counted(chosen, int(grammar))
        scaled = np.vstack([t.frames for t in chosen]).astype(np.float64) * self._scale
        self._networks[key] = _Grammar(network, chosen, scaled)
        if len(self._networks) > NETWORKS:
            self._networks.popitem(last=False)
        return self._networks[key]

    def _reading(self, grammar: "_Grammar", frames: npt.NDArray[np.float32]) -> DigitReading:
        templates = grammar.templates
        x = frames.astype(np.float64) * self._scale
        dist = _distances(x, grammar.scaled)
        network = grammar.network
        energy = frames[:, ENERGY]
        floor = x[energy <= np.percentile(energy, NOISE_PERCENTILE)].mean(axis=0)
        silence = np.sqrt(((x - floor) ** 2).sum(axis=1))
        path, cost = network.best_path(dist, silence, self.penalty)
        digits, times, english = [], 1, 0
        for index in path:
            label = templates[index].label
            if label in REPEATS:
                times = REPEATS[label]
            elif label in DIGITS:
                digits.append(label * times)
                times = 1
                english += templates[index].english
        used = Counter(templates[i].voice for i in path)
        speakers = tuple(v for v, _ in used.most_common())
        labels = tuple(templates[i].label for i in path)
        share = english / max(1, len(digits))
        return DigitReading("".join(digits), cost, speakers, share, labels)
