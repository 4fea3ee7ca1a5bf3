"""Issue 17, point 8: no quadratic path. Each pathological input is 1 MB; the bounds are
generous (a quadratic step took minutes at a tenth of this size), they guard the shape,
not the speed."""
import time

import pytest

from etl.text.normalize import normalize_text

MB = 1 << 20
BOUND_S = 10.0

PATHOLOGICAL = {
    "question marks after Han": "中" + "?" * MB,  # 30,000 took 21 s, one mark per pass
    "commas after Han": "中" + "," * MB,  # 100,000 took over 120 s
    "brackets after Han": "中" + "()" * (MB // 2),
    "marks and brackets chained": "中(a)?" * (MB // 5),
    "comments with no end": "<!--" * (MB // 4),  # 50,000 took 47.6 s
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_normalize_is_linear_on_pathological_input(name):
    text = PATHOLOGICAL[name]
    started = time.perf_counter()
    normalized = normalize_text(text)
    assert time.perf_counter() - started < BOUND_S, name
    assert len(normalized.source_offsets) == len(normalized.text) + 1


def test_marks_touching_chinese_convert_as_a_run_and_brackets_as_pairs():
    assert normalize_text("中??").text == "中？？"
    assert normalize_text("中,(AI)").text == "中，（AI）"
    assert normalize_text("1,024 and (AI) 3:2").text == "1,024 and (AI) 3:2"
    assert normalize_text("<!--注释-->正文<!--未完").text == "正文<!--未完"
