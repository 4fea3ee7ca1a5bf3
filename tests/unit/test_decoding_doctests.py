"""Every docstring example in etl.decoding (and the word-list build script) runs."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import etl.decoding

MODULES = sorted(f"etl.decoding.{m.name}" for m in pkgutil.iter_modules(etl.decoding.__path__))


@pytest.mark.parametrize("module", MODULES + ["etl.data.make_hanzi_words"])
def test_doctests_pass(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0, f"{module}: {result.failed} doctest(s) failed"
