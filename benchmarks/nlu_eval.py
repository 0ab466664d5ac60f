"""Quality of `helpline.language` on the development sets in tests/data/nlu.

    .venv/bin/python benchmarks/nlu_eval.py [--data tests/data/nlu] [--errors]

Prints, per task, accuracy and macro-F1 (and a confusion table for intents), entity exact
match, and batch throughput on one core. tests/language/test_quality.py asserts the targets
from the same functions.
"""

import argparse
import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# One core: keep NumPy's BLAS from spreading over the machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import yaml

from helpline.language import Understander, get_understander

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "nlu"
# Plan names the entity set is labelled against (the demo operator's catalogue style).
PLANS = ("Smart 249", "Unlimited Pro 599", "Data Saver 149", "Annual Max 2999", "Family Plus 999")


@dataclass(frozen=True)
class Score:
    """Accuracy, macro-F1 over the gold labels, and the (gold, predicted) pairs behind them."""

    accuracy: float
    macro_f1: float
    pairs: tuple[tuple[str, str], ...]
    texts: tuple[str, ...]

    def errors(self) -> list[tuple[str, str, str]]:
        return [(t, g, p) for t, (g, p) in zip(self.texts, self.pairs, strict=True) if g != p]


def score(texts: Sequence[str], gold: Sequence[str], predicted: Sequence[str]) -> Score:
    """Accuracy and macro-F1 (averaged over labels that occur in gold or predictions)."""
    pairs = tuple(zip(gold, predicted, strict=True))
    labels = sorted(set(gold) | set(predicted))
    f1s = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in pairs)
        fp = sum(g != label and p == label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    accuracy = sum(g == p for g, p in pairs) / len(pairs)
    return Score(accuracy, sum(f1s) / len(f1s), pairs, tuple(texts))


def load_intents(data: Path = DATA) -> list[tuple[str, str]]:
    """(text, intent) from one file per intent."""
    out = []
    for path in sorted((data / "intents").glob("*.yaml")):
        for text in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]:
            out.append((str(text), path.stem))
    return out


def load_items(name: str, data: Path = DATA) -> list[dict[str, Any]]:
    """The labelled items of entities.yaml, sentiment.yaml or triage.yaml."""
    items: list[dict[str, Any]] = yaml.safe_load((data / name).read_text(encoding="utf-8"))["items"]
    return items


def intent_score(understander: Understander, data: Path = DATA) -> Score:
    items = load_intents(data)
    texts = [t for t, _ in items]
    predicted = [u.intent.value for u in understander.understand_many(texts)]
    return score(texts, [g for _, g in items], predicted)


def _gold_entities(item: dict[str, Any]) -> set[tuple[str, str, int, int]]:
    text = str(item["text"])
    out = set()
    for entity in item.get("entities") or []:
        span = str(entity["span"])
        start = text.find(span)
        if start < 0:
            raise ValueError(f"span {span!r} not in {text!r}")
        out.add((str(entity["kind"]), str(entity["value"]), start, start + len(span)))
    return out


def entity_score(understander: Understander, data: Path = DATA) -> Score:
    """Per-utterance exact match: same kinds, values and spans as labelled, nothing more."""
    items = load_items("entities.yaml", data)
    texts = [str(i["text"]) for i in items]
    gold, predicted = [], []
    for item, utterance in zip(
        items, understander.understand_many(texts, plan_names=PLANS), strict=True
    ):
        want = _gold_entities(item)
        got = {(e.kind.value, str(e.value), e.start, e.end) for e in utterance.entities}
        gold.append(str(sorted(want)))
        predicted.append(str(sorted(got)))
    return score(texts, gold, predicted)


def label_score(understander: Understander, name: str, field: str, data: Path = DATA) -> Score:
    """Accuracy of one Utterance field (sentiment, department, priority) on a labelled set."""
    items = [i for i in load_items(name, data) if field in i]
    texts = [str(i["text"]) for i in items]
    predicted = []
    for utterance in understander.understand_many(texts):
        value = getattr(utterance, field)
        predicted.append(str(value.value) if value is not None else "none")
    gold = [str(i[field]) if i[field] is not None else "none" for i in items]
    return score(texts, gold, predicted)


def throughput(understander: Understander, texts: Sequence[str], runs: int = 5) -> float:
    """Median utterances per CPU second of understand_many over `texts` (this process only,
    so other work on a shared machine does not count against it)."""
    rates = []
    for _ in range(runs):
        start = time.process_time()
        understander.understand_many(texts)
        rates.append(len(texts) / (time.process_time() - start))
    return sorted(rates)[len(rates) // 2]


def confusion(result: Score) -> str:
    """A confusion table: rows gold, columns predicted (labels abbreviated to 6 letters)."""
    labels = sorted({g for g, _ in result.pairs} | {p for _, p in result.pairs})
    counts = Counter(result.pairs)
    head = "gold \\ pred".ljust(20) + " ".join(lab[:6].rjust(6) for lab in labels)
    rows = [head]
    for g in labels:
        cells = " ".join(str(counts[(g, p)] or ".").rjust(6) for p in labels)
        rows.append(g[:20].ljust(20) + cells)
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--errors", action="store_true", help="List every wrong prediction.")
    args = parser.parse_args()
    start = time.perf_counter()
    understander = get_understander()
    print(f"model ready in {time.perf_counter() - start:.2f} s")
    results = {
        "intent": intent_score(understander, args.data),
        "entities (exact match per utterance)": entity_score(understander, args.data),
        "sentiment": label_score(understander, "sentiment.yaml", "sentiment", args.data),
        "department": label_score(understander, "triage.yaml", "department", args.data),
        "priority": label_score(understander, "triage.yaml", "priority", args.data),
    }
    for name, result in results.items():
        print(
            f"{name:40s} n={len(result.pairs):4d}  accuracy={result.accuracy:.3f}  "
            f"macro-F1={result.macro_f1:.3f}"
        )
    print()
    print(confusion(results["intent"]))
    for name in ("sentiment", "department", "priority"):
        print()
        print(confusion(results[name]))
    texts = [t for t, _ in load_intents(args.data)]
    texts += [str(i["text"]) for i in load_items("sentiment.yaml", args.data)]
    rate = throughput(understander, texts)
    print(
        f"\nthroughput: {rate:,.0f} utterances per CPU second (understand_many, {len(texts)} lines)"
    )
    if args.errors:
        for name, result in results.items():
            for text, gold, got in result.errors():
                print(f"[{name}] {text!r}: gold={gold} got={got}")


if __name__ == "__main__":
    main()
