"""The shape of etl: sub-packages import only downwards, no module imports in a circle, no Dagster."""
import ast
import subprocess
import sys
from pathlib import Path

ETL = Path(__file__).resolve().parents[2] / "etl"

# What each sub-package may import besides itself (etl/__init__.py says why).
ALLOWED = {
    "data": set(),
    "positions": {"data"},
    "decoding": {"positions", "data"},
    "text": {"positions", "data"},
    "facts": {"data"},
    "pages": {"positions", "text", "facts", "data"},
    "store": {"positions", "text", "data"},
    "flow": {"positions", "decoding", "text", "facts", "pages", "store", "data"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ETL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every etl module or package ``path`` imports, at any depth of the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {name for name in found if name == "etl" or name.startswith("etl.")}


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in ETL.rglob("*.py")}
    return {name: {i for i in _imports(path) if i in modules and i != name} for name, path in modules.items()}


def test_sub_packages_import_only_what_their_layer_allows():
    wrong = []
    for module, imported in _graph().items():
        package = module.split(".")[1] if module.count(".") else None
        if package is None:
            continue
        for target in imported:
            other = target.split(".")[1] if target.count(".") else None
            if other not in (package, None) and other not in ALLOWED[package]:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))


def test_every_sub_package_is_placed_in_a_layer():
    packages = {p.name for p in ETL.iterdir() if (p / "__init__.py").exists() and p.name != "__pycache__"}
    assert packages - set(ALLOWED) == set(), "a sub-package with no place in ALLOWED"


def test_no_module_imports_in_a_circle():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import circle: " + " → ".join(stack[stack.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_etl_never_imports_dagster():
    for path in ETL.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import dagster" not in source and "from dagster" not in source, path


def test_importing_the_store_loads_no_opencc():
    code = "import sys, etl.store.warehouse; print('opencc' in sys.modules, 'etl.text.normalize' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
