"""schemas.validate's quick path gives what the model's own validate gives, and its errors."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from etl.store import schemas

FILE_A = "a" * 64


def _articles() -> pd.DataFrame:
    # Types to coerce: int32 offsets, object text, dates as Python objects, an all-None column.
    return pd.DataFrame({
        "article_id": ["a-0", "a-1"], "file_id": [FILE_A, FILE_A], "seq": np.array([0, 1], dtype=np.int32),
        "title": ["标题", None], "source": [None, "新华网"], "editor": [None, None], "photographer": [None, None],
        "published_date": [dt.date(2024, 5, 1), None], "published_date_method": ["date_line", None],
        "text": pd.Series(["正文。", "又一篇。"], dtype=object), "doc_char_start": np.array([0, 4], dtype=np.int32),
        "doc_char_end": [3, 8], "raw_byte_start": [0, 12], "raw_byte_end": [9, 24], "url": [None, "https://x.cn/1"],
        "author": [None, None], "published_time": ["10:20:00", None], "container": ["text", "text"],
        "content_spans": ["0-3", "4-8"], "region": [None, "cn"], "cut_short": [False, True], "salvaged": [False, True],
    })


def _by_model(table: str, df: pd.DataFrame) -> pd.DataFrame:
    return schemas.MODELS[table].validate(df, lazy=True)


def test_quick_path_matches_the_model():
    df = _articles()
    assert schemas._checked_quickly("articles", df) is not None  # the quick path is the one taken
    ours, model = schemas.validate("articles", df), _by_model("articles", df)
    pd.testing.assert_frame_equal(ours, model, check_exact=True)
    assert list(ours.dtypes) == list(model.dtypes)


@pytest.mark.parametrize("change", [
    {"seq": [0, -1]},  # a column check
    {"container": ["text", "pdf"]},  # isin
    {"doc_char_end": [3, 2]},  # a frame check: offsets out of order
    {"article_id": ["a-0", "a-0"]},  # unique
    {"text": ["正文。", None]},  # not nullable
])
def test_quick_path_leaves_failures_to_the_model(change):
    df = _articles().assign(**change)
    assert schemas._checked_quickly("articles", df) is None
    with pytest.raises(schemas.ContractViolation) as caught:
        schemas.validate("articles", df)
    with pytest.raises(Exception) as by_model:
        _by_model("articles", df.astype({c: schemas.TEXT_DTYPE for c in schemas._text_columns("articles")}))
    pd.testing.assert_frame_equal(caught.value.failures, by_model.value.failure_cases)


def test_missing_or_extra_column_is_refused():
    assert schemas._checked_quickly("articles", _articles().drop(columns=["region"])) is None
    assert schemas._checked_quickly("articles", _articles().assign(extra=1)) is None
