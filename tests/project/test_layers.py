"""The import layers: every app of settings.PROJECT_APPS is in the import-linter contract of
pyproject.toml exactly once, and the contract holds (no app imports an app above it)."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def importlinter():
    with open(ROOT / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["tool"]["importlinter"]


def layers_contract():
    (contract,) = [c for c in importlinter()["contracts"] if c["type"] == "layers"]
    return contract


def apps_in(layer):
    """``"reports | search | ops"`` (independent) or ``"a : b"`` (not independent) → names."""
    return [name.strip() for name in re.split(r"[|:]", layer) if name.strip()]


def test_the_linted_packages_are_the_project_apps():
    assert set(importlinter()["root_packages"]) == set(settings.PROJECT_APPS)
    assert len(importlinter()["root_packages"]) == len(settings.PROJECT_APPS)


def test_every_project_app_has_exactly_one_layer():
    named = [app for layer in layers_contract()["layers"] for app in apps_in(layer)]
    assert sorted(named) == sorted(settings.PROJECT_APPS)


def test_the_base_domain_is_the_bottom_layer_and_the_project_the_top():
    layers = layers_contract()["layers"]
    assert apps_in(layers[-1]) == ["library"]
    assert apps_in(layers[0]) == ["project"]


def test_no_app_imports_an_app_above_it():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is in the dev extra (make install)"
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
