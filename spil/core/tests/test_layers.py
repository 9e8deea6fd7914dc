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
