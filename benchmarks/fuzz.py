"""Fuzz with a large budget: the properties of tests/test_fuzz.py over many mutated real articles.

Prints inputs tried, read and refused, crashes, lossless violations and invalid outputs per writer,
and the first few failing inputs (article, mutation plan) to reproduce. Seeded: the same -n and
--seed try the same inputs.

    python benchmarks/fuzz.py -n 100000            # the issue-17 run (about 30 min on one core)
    python benchmarks/fuzz.py -n 5000 --slow-every 50   # DOCX and PDF on every 50th input too
"""

import argparse
import logging
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import fuzzing  # noqa: E402  (the shared properties live beside the tests)


def plan(chooser: random.Random) -> tuple:
    """A mutation plan drawn like test_fuzz.py's strategies: a few text operations, an encoding, byte operations."""
    text_ops = []
    for _ in range(chooser.randint(0, 6)):
        op = chooser.choice(fuzzing.TEXT_OPS)
        what = ""
        if op == "insert":
            what = chooser.choice(fuzzing.INSERTS[chooser.choice(sorted(fuzzing.INSERTS))])
        elif op == "line-ends":
            what = chooser.choice(["\r\n", "\r", "\n\n", "\u2028", " \n"])
        text_ops.append((op, chooser.random(), what))
    byte_ops = [(chooser.choice(fuzzing.BYTE_OPS), chooser.random(), chooser.randrange(256))
                for _ in range(chooser.choice((0, 0, 0, 1, 2, 3)))]
    return text_ops, chooser.choice(fuzzing.ENCODINGS), byte_ops


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="inputs to try (default 10,000)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--slow-every", type=int, default=100, help="also write DOCX and PDF for every Nth input (0: never)")
    parser.add_argument("--show", type=int, default=5, help="failing inputs to print")
    args = parser.parse_args()
    texts = fuzzing.texts()
    if not texts:
        print(f"no texts: the dev and bench corpora are not in {fuzzing.SHARED}", file=sys.stderr)
        return 1
    logging.getLogger("convert").setLevel(logging.ERROR)  # stray-byte warnings, one per input
    chooser, counts, invalid, failures = random.Random(args.seed), Counter(), Counter(), []
    start = time.perf_counter()
    for number in range(1, args.n + 1):
        name, text = chooser.choice(texts)
        mutation = plan(chooser)
        slow = args.slow_every and number % args.slow_every == 0
        formats = [f for f in fuzzing.WRITERS if f not in fuzzing.SLOW_FORMATS or slow]
        outcome = fuzzing.check(fuzzing.apply(text, *mutation), formats)
        counts["read" if outcome.read else "refused"] += 1
        counts["crash"] += outcome.crash is not None
        counts["lossless"] += bool(outcome.lossless)
        counts["slow writers"] += bool(slow and outcome.read)
        invalid.update(outcome.invalid.keys())
        if not outcome.ok and len(failures) < args.show:
            failures.append((name, mutation, outcome))
        if number % 1000 == 0:
            print(f"  {number:,} inputs, {time.perf_counter() - start:.0f} s", file=sys.stderr)
    seconds = time.perf_counter() - start
    print(f"inputs tried:          {args.n:,} (seed {args.seed}; {seconds:.0f} s, {1000 * seconds / args.n:.1f} ms each)")
    print(f"read / refused:        {counts['read']:,} / {counts['refused']:,} (refused: a one-line CopydeskError)")
    print(f"crashes:               {counts['crash']}")
    print(f"lossless violations:   {counts['lossless']}")
    print(f"DOCX and PDF written:  for {counts['slow writers']:,} inputs")
    for fmt in fuzzing.WRITERS:
        print(f"invalid {fmt + ':':14} {invalid[fmt]}")
    for name, mutation, outcome in failures:
        print(f"\nFAIL {name} {mutation!r}\n  crash: {outcome.crash and outcome.crash.splitlines()[-1]}\n"
              f"  lossless: {outcome.lossless}\n  invalid: {outcome.invalid}")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
