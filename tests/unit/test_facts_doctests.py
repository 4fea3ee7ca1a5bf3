"""Every doctest in etl/facts (and the lexicon package it reads) runs in the suite."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import etl.facts

MODULES = ["etl.data"] + sorted(f"etl.facts.{m.name}" for m in pkgutil.iter_modules(etl.facts.__path__))


def test_every_facts_module_is_listed() -> None:
    assert {"etl.facts.extract", "etl.facts.numerals", "etl.facts.fold", "etl.facts.identifiers"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{module}: {result.failed} of {result.attempted} doctests failed"
