"""The CPython leg runs the hidden tests as the page does, whatever the caller's environment
says: a setting that would change what pytest runs or how asserts behave never reaches it."""
from __future__ import annotations

import os
from pathlib import Path

from exercisekit.check.cpython import leg_environment

CALLER = {
    "PATH": "/usr/bin", "HOME": "/root", "LANG": "C.UTF-8",
    "PYTEST_ADDOPTS": "-k nothing", "PYTEST_PLUGINS": "evil", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    "PYTHONOPTIMIZE": "1", "PYTHONPATH": "/elsewhere", "PYTHONWARNINGS": "ignore", "PYTHONSTARTUP": "/x.py",
    "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1", "PYTHONHASHSEED": "random",
}


def test_pytest_and_python_settings_of_the_caller_are_dropped():
    env = leg_environment(CALLER, [Path("/tool"), Path("/wheels/a.whl")], hash_seed=7)
    assert not [name for name in env if name.startswith("PYTEST_")]
    for name in ("PYTHONOPTIMIZE", "PYTHONWARNINGS", "PYTHONSTARTUP"):
        assert name not in env, name


def test_the_leg_sets_its_own_path_and_hash_seed_and_keeps_the_rest():
    env = leg_environment(CALLER, [Path("/tool"), Path("/wheels/a.whl")], hash_seed=7)
    assert env["PYTHONPATH"] == os.pathsep.join(["/tool", "/wheels/a.whl"]), "the caller's path is not added"
    assert env["PYTHONHASHSEED"] == "7"
    assert {name: env[name] for name in ("PATH", "HOME", "LANG", "PYTHONIOENCODING", "PYTHONUTF8")} == {
        "PATH": "/usr/bin", "HOME": "/root", "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
