#!/usr/bin/env python3
"""How often the flow-based rules' questions hit a bound of kmodlint.flow, and in which functions.

    KMODLINT_FLOW_CAPS=/tmp/caps.log kmodlint check --no-cache --select RULES ... drivers/
    python3 benchmarks/flow_caps.py /tmp/caps.log

The log has one line per question (`question RULE MERGE PATH FUNCTION`) and one per question
cut short (`steps`, `paths` or `descent` first); this prints, per rule, the questions, those cut
short by each bound, and the functions where it happened.
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict


def main(path: str, top: int = 40) -> None:
    questions: Counter = Counter()
    capped: dict[str, Counter] = defaultdict(Counter)
    where: dict[tuple, Counter] = defaultdict(Counter)
    with open(path, encoding="utf-8") as log:
        for line in log:
            parts = line.split()
            if len(parts) != 5:
                continue
            what, rule, merge, file, function = parts
            if what == "question":
                questions[rule] += 1
            else:
                capped[rule][what] += 1
                where[(file, function)][f"{rule}:{what}"] += 1
    print(f"{'rule':28} {'questions':>9} {'steps':>6} {'paths':>6} {'descent':>7}")
    for rule in sorted(set(questions) | set(capped)):
        c = capped[rule]
        print(f"{rule:28} {questions[rule]:9} {c['steps']:6} {c['paths']:6} {c['descent']:7}")
    print(f"\nfunctions where a question was cut short ({len(where)}):")
    for (file, function), counts in sorted(where.items(), key=lambda kv: -sum(kv[1].values()))[:top]:
        print(f"  {file}:{function}  " + ", ".join(f"{k} x{v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40)
