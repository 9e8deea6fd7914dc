"""The layers are a contract that fails the build (issue 13 §5): `lint-imports` passes on
the tree as it is, and fails as soon as one import points up — also one inside a function."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "tree"
    shutil.copytree(ROOT / "spil", target / "spil", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_an_upward_import_breaks_the_build_also_inside_a_function(tmp_path):
    """`make lint` runs lint-imports on the real tree; this copy shows it can fail."""
    tree = _copy(tmp_path)
    models = tree / "spil" / "families" / "models.py"
    models.write_text(models.read_text() + "\nimport spil.notifications.rules  # noqa\n")
    access = tree / "spil" / "core" / "access.py"
    access.write_text(
        access.read_text()
        + "\n\ndef _sneaky():\n    from spil.families.models import Family\n\n    return Family\n"
    )
    result = _lint_imports(tree)
    assert result.returncode != 0
    assert "spil.families is not allowed to import spil.notifications" in result.stdout
    assert "spil.core is not allowed to import spil.families" in result.stdout


def _function_level_spil_imports(root: Path) -> list[str]:
    """Imports of another spil app inside a function (an app's own modules may be imported
    late, e.g. to keep start-up light; that hides no edge between apps)."""
    import ast

    found = []
    for path in sorted((root / "spil").rglob("*.py")):
        parts = path.relative_to(root).parts
        if "migrations" in parts or "tests" in parts or path.name == "conftest.py":
            continue
        own_app = f"spil.{parts[1]}" if len(parts) > 2 else "spil"
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if function.name == "ready":
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue  # a relative import stays inside its own app
                for name in names:
                    if not name.startswith("spil."):
                        continue
                    app = ".".join(name.split(".")[:2])
                    if app != own_app:
                        where = f"{path.relative_to(root)}:{node.lineno} in {function.name}()"
                        found.append(f"{where} imports {app}")
    return found


def test_no_spil_app_import_hides_inside_a_function():
    """Issue 13 §5: imports inside functions hid the old import circle. Outside
    `AppConfig.ready()`, migrations and tests, every import of another spil app is at the
    top of its file, where lint-imports and a reader see it."""
    assert _function_level_spil_imports(ROOT) == []


def test_the_function_level_check_finds_a_hidden_import(tmp_path):
    tree = _copy(tmp_path)
    access = tree / "spil" / "core" / "access.py"
    text = access.read_text() + "\n\ndef _hidden():\n    from spil.families import models\n"
    access.write_text(text)
    line = text.count("\n")
    assert _function_level_spil_imports(tree) == [
        f"spil/core/access.py:{line} in _hidden() imports spil.families"
    ]
