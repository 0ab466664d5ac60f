"""Sentiment quality on every labelled set: macro-F1, per-class recall and a confusion table.

    .venv/bin/python benchmarks/sentiment_eval.py [--sets sentiment.yaml ...] [--errors NAME]

Sets are read from tests/data/nlu (holdout folders included). sentiment_wild.yaml is the
evaluation set written apart from the data; tune on sentiment_dev.yaml, never on it.
tests/language/test_sentiment_wild.py asserts the targets from the same functions.
"""

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from helpline.language import Understander, get_understander
from nlu_eval import DATA, Score, confusion, label_score, load_items  # noqa: F401 (tests use it)

SETS = (
    "sentiment.yaml",
    "holdout/sentiment.yaml",
    "holdout2/sentiment.yaml",
    "holdout3/sentiment.yaml",
    "sentiment_dev.yaml",
    "sentiment_wild.yaml",
)
LABELS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class SentimentScore:
    """Macro-F1 over the three classes, recall per class, and the raw pairs."""

    macro_f1: float
    recall: dict[str, float]
    score: Score


def evaluate(understander: Understander, name: str, data: Path = DATA) -> SentimentScore:
    """Scores of the `sentiment` field on one labelled set (path relative to `data`)."""
    path = data / name
    result = label_score(understander, path.name, "sentiment", path.parent)
    recall = {}
    for label in LABELS:
        gold = [p for g, p in result.pairs if g == label]
        recall[label] = sum(p == label for p in gold) / len(gold) if gold else 1.0
    return SentimentScore(result.macro_f1, recall, result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--errors", action="append", default=[], help="List errors of a set.")
    args = parser.parse_args()
    understander = get_understander()
    for name in args.sets:
        result = evaluate(understander, name)
        recalls = "  ".join(f"{k[:3]}={v:.2f}" for k, v in result.recall.items())
        print(
            f"{name:26s} n={len(result.score.pairs):4d}  accuracy={result.score.accuracy:.3f}  "
            f"macro-F1={result.macro_f1:.3f}  recall {recalls}"
        )
        print(confusion(result.score), end="\n\n")
        if name in args.errors:
            for text, gold, got in result.score.errors():
                print(f"  {gold:>8s} -> {got:8s} {text}")
            print()


if __name__ == "__main__":
    main()
