"""`check` runs the hidden tests under the same numpy and pytest as the learner's page."""
from __future__ import annotations

import importlib.metadata
import re
import tomllib

from projects import ROOT


def pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = {}
    for requirement in project["dependencies"]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^;\s]+)", requirement.strip())
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def vendored() -> dict[str, str]:
    return {wheel["name"]: wheel["version"] for wheel in tomllib.loads((ROOT / "vendor.toml").read_text())["wheels"]}


def test_pyproject_pins_numpy_and_pytest_to_the_browsers_versions():
    browser = vendored()
    pinned = pins()
    for package in ("numpy", "pytest"):
        assert pinned.get(package) == browser[package], (
            f"pyproject.toml pins {package}=={pinned.get(package)}, the browser runs {browser[package]} "
            "(vendor.toml): change them together")


def test_the_installed_versions_are_the_pinned_ones():
    for package, version in pins().items():
        if package in vendored():
            assert importlib.metadata.version(package) == version, f"reinstall: `make setup` ({package})"

