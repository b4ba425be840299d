"""The dependency direction, for every app, and no import cycle anywhere.

    notifications, dashboards → certificates → feedback → attendance, assignments, quizzes
    → organisations → courses → content → lms

An app imports only apps to its right. `courses` reaches `Organisation` only through the
string foreign key `Enrollment.organisation` (a migration dependency, not an import). The
apps at the top are told about events by signals (each app's `signals.py`) and never
imported back. `lms` is also the project package: its URLconf, settings and management
commands wire every app together; the rest of `lms` (roles, exports, lookups, …) is the
shared base and imports no app.

Imports are read from the source (AST), function-local ones included: a local import is
still an arrow, and hiding a cycle inside a function does not remove it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = [
    {"notifications", "dashboards"},
    {"certificates"},
    {"feedback"},
    {"attendance", "assignments", "quizzes"},
    {"organisations"},
    {"courses"},
    {"content"},
    {"lms"},
]
APPS = sorted(set().union(*LAYERS))
# The project wiring in lms/, which may import any app (see the docstring).
# The page benchmark drives the whole site (demo data, check-in) like a client would.
PROJECT_MODULES = {"lms.urls", "lms.settings", "lms.settings_test", "lms.page_bench",
                   # The serving view Wagtail routes through (wired in lms.urls).
                   "lms.routing"}
SKIP = {"migrations", "tests", ".venv", "node_modules", "staticfiles"}


def _layer(app: str) -> int:
    return next(index for index, apps in enumerate(LAYERS) if app in apps)


def _modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if set(path.relative_to(ROOT).parts) & SKIP:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _imports(module: str, path: Path) -> set[str]:
    """The project modules `module` imports (the longest known prefix of each name)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base]) if base else ".".join(up)
            names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    found = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


@pytest.mark.parametrize("app", APPS)
def test_app_imports_only_apps_below_it(app):
    offenders = sorted(
        f"{module} → {target}"
        for module, targets in GRAPH.items()
        if module.split(".")[0] == app and module not in PROJECT_MODULES
        and not module.startswith("lms.management")
        for target in targets
        if target.split(".")[0] != app and _layer(target.split(".")[0]) <= _layer(app)
    )
    assert offenders == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, result, counter = {}, {}, set(), [], [], [0]
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    result.append(sorted(component))
    return result


def test_no_import_cycle():
    assert _cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle():
    """The check itself: a loop of three modules is reported, a chain is not."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_every_signal_has_a_receiver():
    from assignments import signals as assignments
    from certificates import signals as certificates
    from organisations import signals as organisations

    signals = [organisations.application_submitted, organisations.application_status_changed,
               organisations.invitation_created, assignments.submission_submitted,
               assignments.review_recorded, certificates.certificate_issued]
    assert all(signal.has_listeners() for signal in signals)
