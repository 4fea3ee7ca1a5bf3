"""What caps GBK frame-shift repair (issue 16): the model, or the rule that decides a fill?

Runs ``bench_gbk_shift``'s trials (same sources, damage and outcomes) twice on the same
damage: as the repair stands, and with its confidence rule switched off (every hole takes
the model's top choice: ``MIN_POSTERIOR`` and ``MIN_ODDS`` at 0, digits and letters
fillable; the other rules stay). The second row is what a perfect confidence rule could
reach at best with today's model, and how many characters the model then invents.

Run: ``.venv/bin/python bench/gbk_shift_ceiling.py [--trials 150] [--seed 1] [--split tune]``
(keep ``--split held`` for a one-off score: it is the held-out half).
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_gbk_shift as trials  # noqa: E402
from etl.decoding import shift_fill  # noqa: E402


@contextmanager
def top_choice_always() -> object:
    """Every hole filled with the model's top choice (the module's own constants, restored after)."""
    saved = shift_fill.MIN_POSTERIOR, shift_fill.MIN_ODDS, shift_fill.fillable
    shift_fill.MIN_POSTERIOR, shift_fill.MIN_ODDS, shift_fill.fillable = 0.0, 0.0, lambda char: True
    try:
        yield
    finally:
        shift_fill.MIN_POSTERIOR, shift_fill.MIN_ODDS, shift_fill.fillable = saved


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=150, help="per source and reader")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--split", default="tune", choices=("tune", "held", "all"))
    parser.add_argument("--readers", default="python,fffd")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = []
    for docs in trials.sources(args.split).values():
        for reader in args.readers.split(","):
            for _ in range(args.trials):
                pair = trials.damage(rng.choice(docs), rng, reader)
                if pair is not None:
                    cases.append((*pair, reader == "folded"))
    as_is = Counter(trials.outcome(original, damaged, folded) for original, damaged, folded in cases)
    with top_choice_always():
        ceiling = Counter(trials.outcome(original, damaged, folded) for original, damaged, folded in cases)
    print(f"{len(cases)} trials ({args.split}, seed {args.seed}, readers {args.readers})")
    print(f"{'rule':22} {'exact':>7} {'lost':>7} {'untouched':>9} {'worse':>7}")
    for name, counts in (("as it stands", as_is), ("top choice always", ceiling)):
        shares = [f"{counts[k] / len(cases):.1%}" for k in ("exact", "lost", "untouched", "worse")]
        print(f"{name:22} {shares[0]:>7} {shares[1]:>7} {shares[2]:>9} {shares[3]:>7}")


if __name__ == "__main__":
    main()
