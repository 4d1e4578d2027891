"""Every run starts clean: capture the interpreter's state once, restore it after each run.

Learner code runs in the same interpreter as the tests, pytest and this runtime, and can
change any of them: `np.sum = ...`, `math.isclose = ...`, `sys.setrecursionlimit(40)`,
a patched pytest class, an extra entry on `sys.path`. Left alone, such a change would
decide the verdict of every later run. `capture` records, after a trusted warm-up run,
the attributes of every loaded module and of the classes they define, and the process
state Python keeps outside modules; `restore` puts all of it back and reports what it
could not, so the caller can replace a tainted interpreter with a fresh one.
"""
from __future__ import annotations

import dataclasses
import gc
import os
import random
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from types import CodeType, FunctionType, ModuleType
from typing import Any

# A class whose attributes learner code can change: a heap type that is not immutable.
_HEAPTYPE = 1 << 9
_IMMUTABLETYPE = 1 << 8


@dataclass
class Baseline:
    """The state of an interpreter between runs, as `capture` found it."""

    modules: dict[str, ModuleType]
    module_dicts: dict[str, dict[str, Any]]
    classes: list[tuple[type, dict[str, Any]]]
    # Python functions keep their defaults and code in attributes of their own, which learner
    # code can replace in place (`np.allclose.__defaults__ = (1.0, 1.0, False)`).
    functions: list[tuple[FunctionType, CodeType, tuple[Any, ...] | None, dict[str, Any] | None]]
    sys_lists: dict[str, list[Any]]
    environ: dict[str, str]
    cwd: str
    recursion_limit: int
    int_max_str_digits: int | None
    warning_filters: list[Any]
    random_state: tuple[Any, ...]
    numpy_state: tuple[Any, Any, Any] | None


def _patchable_classes(module: ModuleType, members: dict[str, Any]) -> list[type]:
    name = module.__name__
    return [value for value in members.values()
            if isinstance(value, type) and value.__flags__ & _HEAPTYPE and not value.__flags__ & _IMMUTABLETYPE
            and getattr(value, "__module__", None) == name]


def _numpy_state() -> tuple[Any, Any, Any] | None:
    numpy = sys.modules.get("numpy")
    if numpy is None:
        return None
    return numpy.geterr(), numpy.get_printoptions(), numpy.random.get_state()


def reseed(baseline: Baseline | None) -> Baseline | None:
    """Seed `random` and numpy's legacy global generator afresh from the operating system's
    entropy, and return `baseline` with those seeds as the state a restore returns to: for an
    interpreter copied from a memory snapshot, whose copies would otherwise all draw the same
    numbers (exercisekit/runtime/snapshot.py)."""
    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()
    if baseline is None:
        return None
    return dataclasses.replace(baseline, random_state=random.getstate(), numpy_state=_numpy_state())


def capture() -> Baseline:
    """Record the state `restore` returns to. Call it between runs, after a trusted run has
    imported what runs need (pytest's plugins, numpy's submodules)."""
    # `__main__` is the host program's own namespace (a script, Pyodide's globals): not ours to roll back.
    modules = {name: module for name, module in sys.modules.items()
               if isinstance(module, ModuleType) and name != "__main__"}
    dicts = {name: dict(vars(module)) for name, module in modules.items()}
    classes = [(cls, dict(vars(cls))) for name, module in modules.items()
               for cls in _patchable_classes(module, dicts[name])]
    namespaces = [*dicts.values(), *(saved for _, saved in classes)]
    functions = {id(f): f for namespace in namespaces for f in namespace.values() if isinstance(f, FunctionType)}
    function_state = [(f, f.__code__, f.__defaults__, f.__kwdefaults__) for f in functions.values()]
    digits = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None
    return Baseline(modules, dicts, classes, function_state,
                    {name: list(getattr(sys, name)) for name in ("path", "meta_path", "path_hooks")},
                    dict(os.environ), os.getcwd(), sys.getrecursionlimit(), digits, list(warnings.filters),
                    random.getstate(), _numpy_state())


def _restore_namespace(target: Any, saved: dict[str, Any], current: dict[str, Any],
                       set_item: Callable[[Any, str, Any], None], del_item: Callable[[Any, str], None],
                       problems: list[str], what: str) -> None:
    """Make `current` (a live namespace) hold exactly `saved`'s objects again."""
    for key in [key for key in current if key not in saved]:
        try:
            del_item(target, key)
        except BaseException:
            problems.append(f"{what}.{key} could not be removed")
    for key, value in saved.items():
        if current.get(key, _MISSING) is not value:
            try:
                set_item(target, key, value)
            except BaseException:
                problems.append(f"{what}.{key} could not be restored")


_MISSING = object()


def _set_module_item(namespace: dict[str, Any], key: str, value: Any) -> None:
    namespace[key] = value


def _del_module_item(namespace: dict[str, Any], key: str) -> None:
    del namespace[key]


def restore(baseline: Baseline, keep_new: bool = True) -> list[str]:
    """Return the interpreter to `baseline`. Modules imported since are dropped (they are
    imported afresh when next needed), except extension modules, which cannot be loaded
    twice: those are kept and added to the baseline. Returns what could not be restored;
    empty when the interpreter is as clean as `capture` left it."""
    problems: list[str] = []
    sys.settrace(None)
    sys.setprofile(None)
    if not gc.isenabled():
        gc.enable()
    # sys first: learner code may have replaced sys.modules or sys.path themselves.
    _restore_namespace(vars(sys), baseline.module_dicts["sys"], vars(sys), _set_module_item, _del_module_item,
                       problems, "sys")
    _restore_sys_modules(baseline, problems)
    for name, module in baseline.modules.items():
        _restore_namespace(vars(module), baseline.module_dicts[name], vars(module), _set_module_item,
                           _del_module_item, problems, name)
    for cls, saved_attributes in baseline.classes:
        _restore_namespace(cls, saved_attributes, dict(vars(cls)), setattr, delattr, problems, cls.__qualname__)
    for function, code, defaults, kwdefaults in baseline.functions:
        try:
            if function.__code__ is not code:
                function.__code__ = code
            if function.__defaults__ is not defaults:
                function.__defaults__ = defaults
            if function.__kwdefaults__ is not kwdefaults:
                function.__kwdefaults__ = kwdefaults
        except BaseException:
            problems.append(f"{function.__qualname__}'s code or defaults could not be restored")
    for name, saved_list in baseline.sys_lists.items():
        getattr(sys, name)[:] = saved_list
    sys.path_importer_cache.clear()
    if dict(os.environ) != baseline.environ:
        os.environ.clear()
        os.environ.update(baseline.environ)
    try:
        os.chdir(baseline.cwd)
    except OSError:
        problems.append(f"the working folder {baseline.cwd} is gone")
    sys.setrecursionlimit(baseline.recursion_limit)
    if baseline.int_max_str_digits is not None:
        sys.set_int_max_str_digits(baseline.int_max_str_digits)
    # typeshed declares warnings.filters a Sequence and omits _filters_mutated (which
    # invalidates the warnings cache): reach both through Any.
    warnings_module: Any = warnings
    warnings_module.filters[:] = baseline.warning_filters
    warnings_module._filters_mutated()
    random.setstate(baseline.random_state)
    if baseline.numpy_state is not None:
        numpy = sys.modules["numpy"]
        errors, printing, state = baseline.numpy_state
        numpy.seterr(**errors)
        numpy.set_printoptions(**printing)
        numpy.random.set_state(state)
    for attribute in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, attribute):
            delattr(sys, attribute)
    gc.collect()
    return problems


def _restore_sys_modules(baseline: Baseline, problems: list[str]) -> None:
    for name in [name for name in sys.modules if name not in baseline.modules and name != "__main__"]:
        module = sys.modules[name]
        if _is_extension(module):
            baseline.modules[name] = module
            baseline.module_dicts[name] = dict(vars(module))
        else:
            del sys.modules[name]
    for name, module in baseline.modules.items():
        if sys.modules.get(name) is not module:
            sys.modules[name] = module


def _is_extension(module: object) -> bool:
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) or getattr(module, "__file__", None) or ""
    return isinstance(module, ModuleType) and origin.endswith((".so", ".pyd"))
