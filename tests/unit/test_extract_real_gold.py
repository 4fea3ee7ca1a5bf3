"""Score extract_facts against the real-text gold (tests/gold/real/*.gold), apart from the
written gold: precision and recall per kind, and subject accuracy, printed as a table.

Real text is harder than the written gold, so its gate is lower: overall precision and
recall at least ``MIN_REAL``.
"""
from __future__ import annotations

import pytest

from tests.unit.test_extract_gold import GOLD_DIR, load_gold, score, _ratio

REAL_DIR = GOLD_DIR / "real"
MIN_REAL = 0.90


def test_real_gold_is_large_enough() -> None:
    sentences = load_gold(REAL_DIR)
    assert len(sentences) >= 200
    assert sum(bool(s.facts) for s in sentences) >= 150


def test_real_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    result = score(load_gold(REAL_DIR))
    report = result.table()
    with capsys.disabled():
        print("\nreal sentences\n" + report)
    precision = _ratio(sum(result.correct_pred.values()), sum(result.predicted.values()))
    recall = _ratio(sum(result.true_pos.values()), sum(result.gold.values()))
    detail = "\n".join(result.errors[:80])
    assert precision >= MIN_REAL and recall >= MIN_REAL, f"{report}\nerrors:\n{detail}"
