"""The package's shape: imports go one way (no cycle anywhere in attribution/), and every
package folder is listed in pyproject.toml (else an installed wheel lacks it)."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "attribution"


def module_names() -> dict[str, Path]:
    """Dotted name -> file, for every module of the package (a package is its __init__)."""
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = ("attribution", *f.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if _type_checking_only(child):
                todo.extend(child.orelse)
            else:
                todo.append(child)


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``name`` imports anywhere in its file (function bodies included:
    a lazy import is still a dependency; ``if TYPE_CHECKING:`` imports are not)."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in known:
                    found.add(sub)
                elif target in known:
                    found.add(target)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = module_names()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_relative_imports_resolve(tmp_path):
    known = {"attribution", "attribution.cli", "attribution.cli.commands", "attribution.errors",
             "attribution.read", "attribution.read.documents", "attribution.research.corpus"}
    f = tmp_path / "commands.py"
    f.write_text("from ..errors import UsageError\nfrom ..read import documents\n"
                 "def f():\n    from . import parser\n    import attribution.read\n"
                 "if TYPE_CHECKING:\n    from ..research import corpus\n")
    assert imports_of("attribution.cli.commands", f, known) == {
        "attribution.errors", "attribution.read.documents", "attribution.cli", "attribution.read"}


def test_no_import_cycle_in_the_package():
    graph = import_graph()
    assert "attribution.cli.commands" in graph and graph["attribution.cli"], "the graph is empty"
    found = cycles(graph)
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_stages_do_not_import_the_command_line():
    """Data flows one way: only the CLI (and __main__) may import attribution.cli."""
    graph = import_graph()
    users = sorted(m for m, deps in graph.items() if any(d == "attribution.cli" or d.startswith("attribution.cli.")
                                                          for d in deps)
                   and not (m == "attribution.__main__" or m.startswith("attribution.cli")))
    assert not users, f"stages importing the CLI: {users}"


def test_every_package_folder_is_installed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {".".join(("attribution", *f.parent.relative_to(PACKAGE).parts))
               for f in PACKAGE.rglob("__init__.py")}
    missing = sorted(folders - listed)
    assert not missing, f"package folders missing from [tool.setuptools] packages: {missing}"
