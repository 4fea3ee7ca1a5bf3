"""etl.pages takes no more of facts than its dates (test_layers checks the layers as a whole,
and that only etl.flow imports etl.pages)."""
from __future__ import annotations

import ast
from pathlib import Path

ETL = Path(__file__).resolve().parents[2] / "etl"
ALLOWED = ("etl.pages", "etl.positions", "etl.text", "etl.facts.dates", "etl.data")


def _etl_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("etl"):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("etl"))
    return names


def test_pages_imports_only_the_layers_below():
    for path in (ETL / "pages").glob("*.py"):
        bad = [m for m in _etl_imports(path) if not m.startswith(ALLOWED)]
        assert not bad, (path.name, bad)
