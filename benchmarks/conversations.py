"""The share of conversation turns the engine handles right, per class of behaviour.

Usage: .venv/bin/python benchmarks/conversations.py [--failures] [--only CLASS]

Every conversation in tests/conversations runs through the real engine (template writer) on its
own copy of the seeded demo SQLite database; a turn passes when its intent, reply facts,
language and database changes are all as the set expects. Prints the pass rate per class and
overall; --failures lists each failed turn with the reply and what was wrong.
"""

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "engine"), str(ROOT / "tests" / "conversations")]

from conversation_kit import load_set, run  # noqa: E402
from engine_kit import seeded_template  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every failed turn")
    parser.add_argument("--only", help="run one class")
    args = parser.parse_args()
    conversations = [c for c in load_set() if args.only in (None, c.cls)]
    passed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        template = seeded_template(Path(tmp))
        for i, conversation in enumerate(conversations):
            workdir = Path(tmp) / str(i)
            workdir.mkdir()
            for result in run(conversation, template, workdir):
                total[conversation.cls] += 1
                passed[conversation.cls] += result.passed
                if not result.passed:
                    failed.append(result)
    print(f"{'class':<16} {'turns':>6} {'right':>6} {'share':>7}")
    for cls in sorted(total):
        print(f"{cls:<16} {total[cls]:>6} {passed[cls]:>6} {passed[cls] / total[cls]:>7.1%}")
    all_turns, all_right = sum(total.values()), sum(passed.values())
    print(f"{'all':<16} {all_turns:>6} {all_right:>6} {all_right / all_turns:>7.1%}")
    print(f"{len(conversations)} conversations")
    if args.failures:
        for r in failed:
            print(f"\n{r.conversation} turn {r.number}: {r.said!r}\n  -> {r.reply}")
            print("  " + "; ".join(r.failures))


if __name__ == "__main__":
    main()
