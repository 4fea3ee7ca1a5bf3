"""Issue 17, point 12, the storage side: a value that overflowed to inf is never written."""
import math

import pandas as pd
import pytest

from etl.store import schemas


def _fact(value, value_high=None):
    return pd.DataFrame([{
        "fact_id": "x-a0-s0-f0", "sentence_id": "x-a0-s0", "article_id": "x-a0", "file_id": "a" * 64,
        "surface": "一万万元", "char_start": 0, "char_end": 4, "raw_byte_start": 0, "raw_byte_end": 12,
        "kind": "money", "value": value, "value_high": value_high, "unit": "CNY", "qualifier": "exact",
        "subject": None, "direction": None, "year": None, "month": None, "day": None, "date_start": None, "date_end": None,
        "date_method": None, "per_unit": None,
    }])


@pytest.mark.parametrize("value, high", [(math.inf, None), (1.0, math.inf), (-math.inf, None), (math.nan, math.inf)])
def test_a_non_finite_value_breaks_the_contract(value, high):
    with pytest.raises(schemas.ContractViolation, match="not finite"):
        schemas.validate("numeric_facts", _fact(value, high))


def test_finite_and_null_values_pass():
    schemas.validate("numeric_facts", _fact(1e8, 2e8))
    schemas.validate("numeric_facts", _fact(None))
