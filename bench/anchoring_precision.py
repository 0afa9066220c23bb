"""Anchoring precision on the seeded newsroom generator (issue 10): right / wrong / orphaned.

Runs ``corrections.anchoring.reanchor`` on every generated case (tests/corrections/
anchoring_cases.py) and prints, per kind of edit, how often the passage was re-found at the
right place, anchored somewhere wrong, or orphaned although it was still there (for a
passage that is gone, orphaned counts as right), with the time per case.

    .venv/bin/python bench/anchoring_precision.py [--held-out] [--per-kind N] [--seed S]

CPU only: no database, no server. Times are CPU time of this process (``process_time``),
so a busy shared machine does not inflate them. ``bench/run.py`` calls ``rows()`` for
``make bench``.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corrections.anchoring import reanchor  # noqa: E402
from tests.corrections.anchoring_cases import HELD_OUT, KINDS, MAIN, generate, outcome  # noqa: E402


def measure(cases):
    """Per kind: counts of right/wrong/orphaned and the per-case times in ms.

    As in production, the diff keeps its wall-clock deadline (DIFF_TIMEOUT); on a very
    busy machine a few diffs may be cut short, which the test avoids (see its ``run``).
    """
    table = {kind: {"right": 0, "wrong": 0, "orphaned": 0, "ms": []} for kind in KINDS}
    for case in cases:
        started = time.process_time()
        anchor = reanchor(case.old, case.new, **case.arguments())
        table[case.kind]["ms"].append((time.process_time() - started) * 1000)
        table[case.kind][outcome(case, anchor.start, anchor.end)] += 1
    return table


def markdown(table, title):
    lines = [
        f"### {title}",
        "",
        "| kind | cases | right | wrong | orphaned although there "
        "| CPU ms per case (median / p95) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    total = {"right": 0, "wrong": 0, "orphaned": 0, "ms": []}
    for kind, row in table.items():
        n = row["right"] + row["wrong"] + row["orphaned"]
        for key in total:
            total[key] += row[key]
        lines.append(line(kind, row, n))
    n = total["right"] + total["wrong"] + total["orphaned"]
    lines.append(line("**all**", total, n))
    return "\n".join(lines)


def line(kind, row, n):
    ms = row["ms"]
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) > 1 else ms[0]
    return (
        f"| {kind} | {n} | {pct(row['right'], n)} | {pct(row['wrong'], n)} | "
        f"{pct(row['orphaned'], n)} | {statistics.median(ms):.2f} / {p95:.2f} |"
    )


def pct(count, n):
    return f"{count} ({100 * count / max(1, n):.1f} %)"


def summary(table):
    right = sum(r["right"] for r in table.values())
    wrong = sum(r["wrong"] for r in table.values())
    orphaned = sum(r["orphaned"] for r in table.values())
    ms = [t for r in table.values() for t in r["ms"]]
    n = right + wrong + orphaned
    return right, wrong, orphaned, n, ms


def rows(per_kind=60):
    """(label, value, target) rows for bench/run.py's table: both corpora, all kinds."""
    out = []
    for title, templates, seed in (("generator", MAIN, 10), ("held-out", HELD_OUT, 7_777)):
        table = measure(generate(templates, seed=seed, per_kind=per_kind))
        print(markdown(table, f"Anchoring precision, {title} corpus"), file=sys.stderr)
        right, wrong, orphaned, n, ms = summary(table)
        out.append(
            (
                f"anchoring precision ({title}, {n} cases): right / wrong / orphaned; "
                "p95 CPU ms per case",
                f"{100 * right / n:.1f} / {100 * wrong / n:.1f} / {100 * orphaned / n:.1f} %; "
                f"{statistics.quantiles(ms, n=20)[-1]:.2f} ms",
                "wrong 0 %, right ≥ 96 %",
            )
        )
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="the held-out templates")
    parser.add_argument("--per-kind", type=int, default=60)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--show", help="print the wrong/orphaned cases of this kind")
    args = parser.parse_args()
    templates = HELD_OUT if args.held_out else MAIN
    seed = args.seed if args.seed is not None else (7_777 if args.held_out else 10)
    cases = generate(templates, seed=seed, per_kind=args.per_kind)
    table = measure(cases)
    title = "held-out" if args.held_out else "generator"
    print(markdown(table, f"Anchoring precision, {title} corpus (seed {seed})"))
    if args.show:
        for case in cases:
            if case.kind != args.show and args.show != "all":
                continue
            anchor = reanchor(case.old, case.new, **case.arguments())
            result = outcome(case, anchor.start, anchor.end)
            if result == "right":
                continue
            got = None if anchor.start is None else case.new[anchor.start : anchor.end]
            want = None if case.expected is None else case.new[slice(*case.expected)]
            print(f"\n--- {case.kind} {result} {case.note!r} state={anchor.state}")
            print(f"quote={case.quote!r}\n  got={got!r} at {anchor.start}")
            print(f" want={want!r} at {case.expected}")


if __name__ == "__main__":
    main()
