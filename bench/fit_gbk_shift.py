"""Fit the weights of GBK frame-shift fill evidence (``etl/decoding/shift_score.py``).

Runs the damage of ``bench/bench_gbk_shift.py`` on the tuning split, and for each cluster
of holes the repair weighs, records the evidence rows of every joint assignment and which
one is the original. The weights are then fitted as a conditional logit (the softmax over
assignments, by Newton's method with a little L2 towards the current weights), so a
posterior means what it says. The held split is never read.

Run: ``.venv/bin/python bench/fit_gbk_shift.py [--trials 200] [--seed 1]``; prints the
weights to copy into ``WEIGHTS``, and the log loss and top-1 share before and after.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_gbk_shift as bench  # noqa: E402
from etl.decoding import gbk_shift, shift_fill, shift_score  # noqa: E402
from etl.decoding.mojibake import find_fixes  # noqa: E402
from etl.decoding.shift_span import Hole  # noqa: E402

L2 = 1.0


class Recorder:
    """Wraps ``gbk_shift.fill`` and ``shift_fill.features``: for the first cluster
    decision of each fill, the evidence rows and the index of the original's assignment."""

    def __init__(self) -> None:
        self.examples: list[tuple[np.ndarray, int]] = []
        self.original = ""
        self.folded = False
        self.truth: dict[int, str] | None = None
        self.slots: list[tuple[str, ...]] = []
        self._fill, self._features = gbk_shift.fill, shift_fill.features
        gbk_shift.fill, shift_fill.features = self.fill, self.features

    def fill(self, model, text, reading, total):  # noqa: ANN001, ANN201
        slots, holes = shift_fill._slots(text, reading)
        positions = [reading.start + i for i, p in enumerate(reading.parts) if isinstance(p, Hole)]
        known = [(reading.start + i, p) for i, p in enumerate(reading.parts) if not isinstance(p, Hole)]
        fold = bench._fold if self.folded else (lambda s: s)
        right = all(fold(self.original[i:i + 1]) == fold(p) for i, p in known)
        self.truth = {s: self.original[p:p + 1] for s, p in zip(holes, positions)} if right else None
        self.slots = slots  # the reading as it stands, not the one supposing an eaten line end
        try:
            return self._fill(model, text, reading, total)
        finally:
            self.truth = None

    def features(self, model, slots, holes, choices, line, *args):  # noqa: ANN001, ANN201
        rows = self._features(model, slots, holes, choices, line, *args)
        if self.truth is not None and slots == self.slots and len(rows) > 1:
            fold = bench._fold if self.folded else (lambda s: s)
            want = [self.truth.get(h) for h in holes]
            match = np.ones(len(rows), dtype=bool)
            for h, choice, char in zip(holes, choices, want):
                options = np.array([fold(c) == fold(char or "") for c in slots[h]])
                match &= options[choice]
            if match.sum() == 1 and len(holes) > 1 or len(holes) == 1:
                self.examples.append((rows, int(np.argmax(match)) if match.any() else -1))
        return rows


def loss(weights: np.ndarray, examples: list[tuple[np.ndarray, int]]) -> tuple[float, np.ndarray, np.ndarray, float]:
    """Mean negative log likelihood, its gradient and Hessian, and the top-1 share."""
    k = len(weights)
    total, grad, hess, top = 0.0, np.zeros(k), np.zeros((k, k)), 0
    for rows, truth in examples:
        scores = rows @ weights
        scores -= scores.max()
        prob = np.exp(scores)
        prob /= prob.sum()
        mean = prob @ rows
        total -= np.log(max(prob[truth], 1e-300))
        grad -= rows[truth] - mean
        centred = rows - mean
        hess += (centred * prob[:, None]).T @ centred
        top += int(np.argmax(scores) == truth)
    n = len(examples)
    return total / n, grad / n, hess / n, top / n


def fit(examples: list[tuple[np.ndarray, int]], start: np.ndarray) -> np.ndarray:
    weights = start.copy()
    for _ in range(30):
        value, grad, hess, _ = loss(weights, examples)
        grad = grad + L2 * (weights - start) / len(examples)
        hess = hess + L2 * np.eye(len(weights)) / len(examples)
        step = np.linalg.solve(hess + 1e-9 * np.eye(len(weights)), grad)
        weights -= step
        if np.abs(step).max() < 1e-6:
            break
    return weights


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    shift_fill.MIN_POSTERIOR, shift_fill.MIN_ODDS = 0.0, 1.0  # see every decision
    recorder = Recorder()
    rng = random.Random(args.seed)
    for docs in bench.sources("tune").values():
        for reader in bench.READERS:
            recorder.folded = reader == "folded"
            for _ in range(args.trials):
                pair = bench.damage(rng.choice(docs), rng, reader)
                if pair is not None:
                    recorder.original = pair[0]
                    find_fixes(pair[1])
    examples = [(rows, truth) for rows, truth in recorder.examples if truth >= 0]
    print(f"{len(recorder.examples)} decisions, {len(examples)} with the original among the options")
    before = loss(shift_score.WEIGHTS, examples)
    weights = fit(examples, shift_score.WEIGHTS.astype(float))
    after = loss(weights, examples)
    print(f"before: log loss {before[0]:.4f}, top-1 {before[3]:.1%}")
    print(f"after:  log loss {after[0]:.4f}, top-1 {after[3]:.1%}")
    print("WEIGHTS = np.array([" + ", ".join(f"{w:.3f}" for w in weights) + "])  # " + ", ".join(shift_score.FEATURES))


if __name__ == "__main__":
    main()
