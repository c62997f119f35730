"""The apps form a ladder, and imports run only downward (docs/architecture.md).

core is the ground floor and imports no app, at any depth of any module under it. Above it each
app may import the apps below, never one above or beside it; a page of a lower app shows what a
higher one holds through a signal instead (`core.sections`). Imports sit at the top of a module:
an import inside a function is how a cycle hides, so only `AppConfig.ready` (connecting signal
receivers) and optional, heavy third-party libraries may be imported late.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "samverkan"
# Floor by floor, from the ground up; apps on one floor do not import each other.
LADDER = [
    {"core"},
    {"structure"},
    {"meetings", "statements"},
    {"cases"},
    {"funding"},
    {"followup"},
    {"home", "demo"},
]
FLOOR = {app: floor for floor, apps in enumerate(LADDER) for app in apps}
# Loaded only by the code that needs them (PDF, spreadsheet and PDF-merging exports), so that a
# page that makes none does not pay for importing them.
LATE_IMPORTS_ALLOWED = {"weasyprint", "openpyxl", "pypdf"}


def modules(app, *, with_tests=False):
    for path in sorted((PACKAGE / app).rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts or (not with_tests and "tests" in parts):
            continue
        yield path


def imported(node):
    """The module names an import statement imports, whole (`samverkan.cases.models`)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: always within the same package
        return []
    base = node.module or ""
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def app_of(module):
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "samverkan" and parts[1] in FLOOR else None


def imports_in(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for module in imported(node):
                yield node, module
        elif isinstance(node, ast.Call):
            # import_module("samverkan.x") and apps.get_model("x", …) are imports too.
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in {"import_module", "__import__", "get_model"} and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    target = first.value
                    yield node, target if "." in target else f"samverkan.{target}"


def test_every_app_is_on_the_ladder():
    apps = {path.name for path in PACKAGE.iterdir() if (path / "apps.py").exists()}
    assert apps == set(FLOOR)


@pytest.mark.parametrize("path", list(modules("core", with_tests=True)), ids=str)
def test_core_imports_no_app(path):
    offending = [
        f"line {node.lineno}: {module}"
        for node, module in imports_in(path)
        if app_of(module) not in (None, "core")
    ]
    assert not offending, f"{path} imports an app above core: {offending}"


@pytest.mark.parametrize("app", sorted(FLOOR))
def test_an_app_imports_only_the_apps_below_it(app):
    offending = sorted(
        {
            f"{path.relative_to(PACKAGE)}:{node.lineno} imports {module}"
            for path in modules(app)
            for node, module in imports_in(path)
            if (other := app_of(module)) not in (None, app) and FLOOR[other] >= FLOOR[app]
        }
    )
    assert not offending, offending


def late_imports(path, root=PACKAGE):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if path.name == "apps.py" and function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                top = imported(node)[0].split(".")[0] if imported(node) else ""
                if top not in LATE_IMPORTS_ALLOWED:
                    yield f"{path.relative_to(root)}:{node.lineno} in {function.name}()"


@pytest.mark.parametrize("app", sorted(FLOOR))
def test_imports_sit_at_the_top_of_the_module(app):
    offending = [line for path in modules(app) for line in late_imports(path)]
    assert not offending, offending


def test_the_checks_see_an_upward_import(tmp_path):
    """The checks above would catch the imports they forbid: a hidden one, and a late one."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n"
        "    if True:\n"
        "        from samverkan.cases.models import Case\n"
        "    return import_module('samverkan.funding.models')\n"
    )
    found = [module for _node, module in imports_in(sample)]
    assert "samverkan.cases.models" in found and "samverkan.funding.models" in found
    assert app_of("samverkan.cases.models") == "cases"
    assert list(late_imports(sample, root=tmp_path)) == ["sample.py:3 in f()"]
