"""Tune the intent decision numbers (classifier.yaml) on held-out training utterances.

    nice .venv/bin/python benchmarks/nlu_tune.py [--folds 3]

Splits the package's training utterances into folds, fits on the rest, and grid-searches
scale, threshold and keyword_boost for macro-F1 on the held-out fold. The development set in
tests/data/nlu is never used here. Template-expanded utterances share phrasing across folds,
so the held-out score is optimistic; the grid is only used to pick the numbers.
"""

import argparse
import itertools
import os
import random
from collections import defaultdict

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from helpline.language.intents import build_detector, training_set
from nlu_eval import score

SCALES = (2.0, 3.0, 4.0, 6.0)
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
BOOSTS = (0.0, 0.3, 0.6, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    texts, labels = training_set()
    order = list(range(len(texts)))
    random.Random(7).shuffle(order)
    results: dict[tuple[float, float, float], list[float]] = defaultdict(list)
    for fold in range(args.folds):
        held = set(order[fold :: args.folds])
        train_idx = [i for i in range(len(texts)) if i not in held]
        test_idx = sorted(held)
        detector = build_detector([texts[i] for i in train_idx], [labels[i] for i in train_idx])
        test_texts = [texts[i] for i in test_idx]
        gold = [labels[i] for i in test_idx]
        for scale, threshold, boost in itertools.product(SCALES, THRESHOLDS, BOOSTS):
            detector.scale, detector.threshold, detector.keyword_boost = scale, threshold, boost
            predicted = [i.value for i, _ in detector.detect_many(test_texts)]
            results[(scale, threshold, boost)].append(score(test_texts, gold, predicted).macro_f1)
    ranked = sorted(results.items(), key=lambda kv: -float(np.mean(kv[1])))
    print("scale threshold boost  macro-F1 (mean over folds)")
    for (scale, threshold, boost), f1s in ranked[:10]:
        print(f"{scale:5.1f} {threshold:9.2f} {boost:5.1f}  {np.mean(f1s):.4f}")


if __name__ == "__main__":
    main()
