"""Speed of `helpline.language`: single-utterance latency and batch throughput, one core.

    nice .venv/bin/python benchmarks/nlu_speed.py [--runs 5]

Utterances are the development sets (tests/data/nlu). Latency is measured after a warm-up
pass over the same lines (the model is trained and word caches are filled, as in a running
server); throughput is understand_many over all lines, and `helpline nlu` reading them (repeated
to --cli-lines) from a pipe, counted in CPU seconds of that one process minus its start-up
(imports and training, measured with empty input). Figures are medians of --runs runs.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from helpline.language import get_understander
from nlu_eval import DATA, load_intents, load_items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cli-lines", type=int, default=20_000)
    args = parser.parse_args()
    texts = [t for t, _ in load_intents(DATA)]
    for name in ("sentiment.yaml", "triage.yaml", "entities.yaml"):
        texts += [str(i["text"]) for i in load_items(name, DATA)]
    start = time.perf_counter()
    understander = get_understander()
    print(f"model ready (training included) in {time.perf_counter() - start:.2f} s")
    understander.understand_many(texts)  # warm-up
    p50s, p99s, rates, cpu_rates = [], [], [], []
    for _ in range(args.runs):
        latencies = []
        for text in texts:
            t0 = time.perf_counter()
            understander.understand(text)
            latencies.append(time.perf_counter() - t0)
        latencies.sort()
        p50s.append(latencies[len(latencies) // 2] * 1000)
        p99s.append(latencies[int(len(latencies) * 0.99)] * 1000)
        t0, c0 = time.perf_counter(), time.process_time()
        understander.understand_many(texts)
        rates.append(len(texts) / (time.perf_counter() - t0))
        cpu_rates.append(len(texts) / (time.process_time() - c0))
    print(f"lines: {len(texts)}, runs: {args.runs}")
    print(
        f"single utterance: p50 {statistics.median(p50s):.3f} ms, "
        f"p99 {statistics.median(p99s):.3f} ms"
    )
    print(
        f"batch: {statistics.median(rates):,.0f} utterances/s wall clock, "
        f"{statistics.median(cpu_rates):,.0f} per CPU second"
    )
    lines = (texts * (args.cli_lines // len(texts) + 1))[: args.cli_lines]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    cli_rates = []
    for _ in range(args.runs):
        startup = _cli_cpu_seconds(b"")
        cli_rates.append(len(lines) / (_cli_cpu_seconds(data) - startup))
    print(
        f"helpline nlu: {statistics.median(cli_rates):,.0f} utterances/s per CPU second "
        f"({len(lines)} piped lines, start-up excluded)"
    )


def _cli_cpu_seconds(stdin: bytes) -> float:
    """CPU seconds (user + system) one `helpline nlu` process spends on `stdin`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-c", "from helpline.cli import main; main()", "nlu"],
        input=stdin,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


if __name__ == "__main__":
    main()
