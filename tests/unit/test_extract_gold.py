"""Score extract_facts against the hand-annotated gold set (tests/gold/*.gold).

Prints precision and recall per kind and overall (with or without ``-s``), and fails
when an overall figure is below 0.95 or a kind's below 0.90.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from etl.facts.extract import Fact, extract_facts

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold"
KINDS = ("quantity", "percent", "pp", "ratio", "money", "date", "duration", "ordinal", "name")
MIN_OVERALL, MIN_KIND = 0.95, 0.90
_DATE_KEYS = {"y": "year", "m": "month", "d": "day", "start": "date_start", "end": "date_end"}


@dataclass
class GoldFact:
    start: int
    end: int
    surface: str
    kind: str
    value: float | None
    value_high: float | None
    unit: str | None
    qualifier: str
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class GoldSentence:
    source: str
    text: str
    published: dt.date | None
    facts: list[GoldFact] = field(default_factory=list)


def _value(field_text: str) -> tuple[float | None, float | None]:
    if field_text == "-":
        return None, None
    low, _, high = field_text.partition("~")
    return float(low), float(high) if high else None


def _fact_line(sentence: GoldSentence, line: str, where: str) -> GoldFact:
    parts = [p.strip() for p in line.split(" | ")]
    cut = next((i for i, p in enumerate(parts) if re.match(r"[a-z]+=", p)), len(parts))
    positional = parts[:cut]
    extra = dict(p.split("=", 1) for p in parts[cut:])
    surface, kind, value = positional[:3]
    unit = positional[3] if len(positional) > 3 and positional[3] != "-" else None
    qualifier = positional[4] if len(positional) > 4 else "exact"
    after = sentence.facts[-1].end if sentence.facts else 0
    start = sentence.text.find(surface, after)
    if start < 0:
        raise ValueError(f"{where}: surface {surface!r} not found in {sentence.text!r} after {after}")
    if kind not in KINDS:
        raise ValueError(f"{where}: unknown kind {kind!r}")
    low, high = _value(value)
    return GoldFact(start, start + len(surface), surface, kind, low, high, unit, qualifier, extra)


def load_gold(directory: Path = GOLD_DIR) -> list[GoldSentence]:
    """All gold sentences with their facts, positions resolved."""
    sentences: list[GoldSentence] = []
    for path in sorted(directory.glob("*.gold")):
        published: dt.date | None = None
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{n}"
            if not raw.strip() or raw.startswith("#"):
                continue
            if raw.startswith("@published"):
                arg = raw.split()[1]
                published = None if arg == "none" else dt.date.fromisoformat(arg)
            elif raw.startswith("> "):
                sentences.append(GoldSentence(where, raw[2:], published))
            elif raw.startswith("  "):
                sentences[-1].facts.append(_fact_line(sentences[-1], raw.strip(), where))
            else:
                raise ValueError(f"{where}: cannot read line {raw!r}")
    return sentences


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def matches(gold: GoldFact, fact: Fact) -> bool:
    """Same span, kind, value, value_high, unit, qualifier and the given date fields."""
    if (gold.start, gold.end, gold.kind, gold.unit, gold.qualifier) != (
            fact.char_start, fact.char_end, fact.kind, fact.unit, fact.qualifier):
        return False
    if not (_close(gold.value, fact.value) and _close(gold.value_high, fact.value_high)):
        return False
    for key, attr in _DATE_KEYS.items():
        if key in gold.extra and str(getattr(fact, attr)) != gold.extra[key]:
            return False
    return "dir" not in gold.extra or gold.extra["dir"] == fact.direction


@dataclass
class Score:
    true_pos: Counter = field(default_factory=Counter)      # by gold kind
    predicted: Counter = field(default_factory=Counter)     # by predicted kind
    correct_pred: Counter = field(default_factory=Counter)  # by predicted kind
    gold: Counter = field(default_factory=Counter)          # by gold kind
    errors: list[str] = field(default_factory=list)
    subjects: Counter = field(default_factory=Counter)

    def table(self) -> str:
        rows = ["kind        gold  pred  precision  recall"]
        for kind in (*KINDS, "overall"):
            g = sum(self.gold.values()) if kind == "overall" else self.gold[kind]
            p = sum(self.predicted.values()) if kind == "overall" else self.predicted[kind]
            tp = sum(self.true_pos.values()) if kind == "overall" else self.true_pos[kind]
            cp = sum(self.correct_pred.values()) if kind == "overall" else self.correct_pred[kind]
            rows.append(f"{kind:<10} {g:>5} {p:>5} {_ratio(cp, p):>10.3f} {_ratio(tp, g):>7.3f}")
        s = self.subjects
        rows.append(f"subject accuracy (not gated): {s['right']}/{s['annotated']}")
        return "\n".join(rows)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(sentences: list[GoldSentence]) -> Score:
    result = Score()
    for sentence in sentences:
        predicted = extract_facts(sentence.text, published_date=sentence.published)
        by_span = {(f.char_start, f.char_end): f for f in predicted}
        matched: set[tuple[int, int]] = set()
        for gold in sentence.facts:
            result.gold[gold.kind] += 1
            fact = by_span.get((gold.start, gold.end))
            if fact is not None and matches(gold, fact):
                result.true_pos[gold.kind] += 1
                matched.add((gold.start, gold.end))
            else:
                result.errors.append(f"{sentence.source} missed {gold.surface} {gold.kind} {gold.value}~"
                                     f"{gold.value_high} {gold.unit} {gold.qualifier}; got {fact}")
            if "subject" in gold.extra:
                result.subjects["annotated"] += 1
                result.subjects["right"] += bool(fact and fact.subject == gold.extra["subject"])
        for fact in predicted:
            result.predicted[fact.kind] += 1
            if (fact.char_start, fact.char_end) in matched:
                result.correct_pred[fact.kind] += 1
            elif not any((g.start, g.end) == (fact.char_start, fact.char_end) for g in sentence.facts):
                result.errors.append(f"{sentence.source} spurious {fact.surface!r} {fact.kind} "
                                     f"in {sentence.text}")
    return result


def test_gold_set_is_large_enough() -> None:
    sentences = load_gold()
    assert len(sentences) >= 270
    assert sum(not s.facts for s in sentences) >= 40, "need negatives: sentences with no facts"


def test_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    result = score(load_gold())
    report = result.table()
    with capsys.disabled():
        print("\n" + report)
    failures = []
    overall_p = _ratio(sum(result.correct_pred.values()), sum(result.predicted.values()))
    overall_r = _ratio(sum(result.true_pos.values()), sum(result.gold.values()))
    if overall_p < MIN_OVERALL or overall_r < MIN_OVERALL:
        failures.append(f"overall precision {overall_p:.3f} / recall {overall_r:.3f} < {MIN_OVERALL}")
    for kind in KINDS:
        p = _ratio(result.correct_pred[kind], result.predicted[kind])
        r = _ratio(result.true_pos[kind], result.gold[kind])
        if p < MIN_KIND or r < MIN_KIND:
            failures.append(f"{kind}: precision {p:.3f} / recall {r:.3f} < {MIN_KIND}")
    detail = "\n".join(result.errors[:60])
    assert not failures, f"{report}\n" + "\n".join(failures) + f"\nerrors:\n{detail}"
