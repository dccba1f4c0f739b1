"""The shape of the code, read from its imports with plain ``ast``: no import circles, a domain
that depends on nothing of ours outside it, commands that reach storage only through the
services, and a start-up path free of heavy imports."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "resoc_cli"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Each module of the package -> the modules of the package it imports (at the top or
    inside a function: a circle closed at run time is a circle)."""
    modules = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    found.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_circle_finder_finds_a_circle(tmp_path):
    """The check itself can fail: a package where a -> b -> c -> a."""
    pkg = tmp_path / "resoc_cli"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from resoc_cli import b\n")
    (pkg / "b.py").write_text("def f():\n    from resoc_cli.c import g\n")
    (pkg / "c.py").write_text("import resoc_cli.a\n")
    (pkg / "d.py").write_text("from resoc_cli.a import x\n")
    assert circles(import_graph(pkg)) == [["resoc_cli.a", "resoc_cli.b", "resoc_cli.c"]]


def test_no_module_imports_a_module_that_imports_it_back():
    assert circles(import_graph()) == []


def test_the_domain_imports_nothing_of_ours_outside_it_but_i18n():
    graph = import_graph()
    outside = {
        (m, dep)
        for m, deps in graph.items()
        if m.startswith("resoc_cli.domain")
        for dep in deps
        if not dep.startswith("resoc_cli.domain") and dep != "resoc_cli.i18n"
    }
    assert outside == set()
    assert not [d for d in graph["resoc_cli.i18n"] if d.startswith("resoc_cli.domain")]


def test_services_and_storage_know_nothing_of_the_command_line():
    graph = import_graph()
    ui = ("resoc_cli.cli", "resoc_cli.commands", "resoc_cli.render", "resoc_cli.main")
    leaks = {
        (m, dep)
        for m, deps in graph.items()
        if m.startswith(("resoc_cli.services", "resoc_cli.storage", "resoc_cli.domain"))
        for dep in deps
        if dep.startswith(ui)
    }
    assert leaks == set()


def test_commands_reach_storage_only_for_the_connection():
    """A command parses, calls a service and renders: the rules and the SQL behind them are
    reached through the services; only the unit of work (storage.db) is opened here."""
    graph = import_graph()
    found = {
        (m, dep)
        for m, deps in graph.items()
        if m.startswith(("resoc_cli.commands", "resoc_cli.cli", "resoc_cli.main"))
        for dep in deps
        if dep.startswith("resoc_cli.storage") and dep != "resoc_cli.storage.db"
    }
    assert found == set()


def test_a_write_loads_neither_pydantic_nor_rich_nor_the_other_commands(tmp_path):
    code = (
        "import sys\n"
        "from resoc_cli import main\n"
        "db = sys.argv[1]\n"
        "main.run(['--db', db, 'client', 'add', 'Ferda Mravenec', '--born', '1988-04-12',"
        " '--sex', 'm'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('pydantic', 'rich', 'sqlite_utils', 'xlsxwriter')"
        " or m.startswith('resoc_cli.commands.') and m not in"
        " ('resoc_cli.commands.clients', 'resoc_cli.commands.common',"
        " 'resoc_cli.commands.privacy', 'resoc_cli.commands.team'))\n"  # client's subcommands
        "print(heavy, file=sys.stderr)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "x.db")], capture_output=True, text=True
    )
    assert r.stdout == "K0001\n"
    # a write on a new path creates the database and says so, on stderr
    assert r.stderr.splitlines() == [f"resoc: new database created at {tmp_path / 'x.db'}", "[]"]


def test_the_collector_is_paused_only_while_modules_load(tmp_path):
    """The entry point pauses the cyclic collector for start-up; by the time a command runs
    (a long import, an export) it collects as usual again."""
    code = (
        "import gc, sys\n"
        "from resoc_cli import main, startup\n"
        "startup.pause()\n"
        "import resoc_cli.services.sessions as s\n"
        "seen = []\n"
        "s.list_sessions = lambda *args: seen.append(gc.isenabled()) or []\n"
        "main.run(['--db', sys.argv[1], 'session', 'list'])\n"
        "print(seen, gc.isenabled())\n"
    )
    from resoc_cli.storage.db import connect

    connect(tmp_path / "x.db").close()  # a read needs a database
    r = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "x.db")], capture_output=True, text=True
    )
    assert r.stdout.strip().endswith("[True] True"), r.stderr


def test_a_mistyped_command_is_suggested_though_no_command_is_loaded_yet():
    """Found in review: the lazy root had lost Typer's "Did you mean" (it looks only at the
    commands loaded so far)."""
    r = subprocess.run(
        [sys.executable, "-m", "resoc_cli", "sesion", "add"], capture_output=True, text=True
    )
    assert r.returncode == 2
    assert "No such command 'sesion'. Did you mean 'session'?" in r.stderr
