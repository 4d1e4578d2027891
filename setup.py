"""Packaging hook: the wheel carries the tool's own files that live outside the package in
this repository -- web/ (templates, static files, editor, Node scripts), vendor.toml,
package.json / package-lock.json and the authoring guide (AUTHORING.md) -- under exercisekit/_data/, where exercisekit/toolhome.py
finds them. The rest of the configuration is in pyproject.toml."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA_FILES = ("vendor.toml", "package.json", "package-lock.json", "AUTHORING.md")   # the guide: `exercisekit docs`
DATA_DIRS = ("web",)


class BuildWithData(build_py):
    """build_py, then a copy of the tool's data files into the built package."""

    def run(self):
        super().run()
        target = Path(self.build_lib) / "exercisekit" / "_data"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in DATA_FILES:
            shutil.copyfile(HERE / name, target / name)
        for name in DATA_DIRS:
            shutil.copytree(HERE / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))


setup(cmdclass={"build_py": BuildWithData})
