"""Every docstring example in etl runs: they are the shortest spec of each function."""
import doctest
import importlib
from pathlib import Path

import pytest

ETL = Path(__file__).resolve().parents[2] / "etl"
MODULES = sorted(
    ".".join(p.relative_to(ETL.parent).with_suffix("").parts).removesuffix(".__init__")
    for p in ETL.rglob("*.py") if p.name != "make_common_hanzi.py"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_examples_are_counted():
    finder = doctest.DocTestFinder()
    examples = sum(len(t.examples) for name in MODULES for t in finder.find(importlib.import_module(name)))
    assert examples >= 170  # what etl held when this test was written: none may go missing
