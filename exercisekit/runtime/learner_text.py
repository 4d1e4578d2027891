"""The one home for turning an exception into what a learner (or an author) reads.

A test's failure, code that cannot be loaded, a snippet's error, a sweep point or a probe
that raised: every runtime module words the exception here, so the page, `check` and the
author's probes say the same thing the same way. Learner code may define exceptions whose
__str__ raises; nothing here lets that escape.
"""
from __future__ import annotations

import linecache
import os
import re
import traceback

# The longest message a learner reads for one exception.
MESSAGE_LIMIT = 2_000


def clip(text: str, limit: int = MESSAGE_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit] + f"... [{len(text) - limit} more characters]"


def safe_str(value: object) -> str:
    """str(value), even for an object whose __str__ raises (learner code may define one)."""
    try:
        return str(value)
    except BaseException:
        try:
            return object.__repr__(value)
        except BaseException:
            return "<unprintable>"


UNITTEST_PREFIX = re.compile(r"^(False is not true|True is not false) : (?=\S)")


def describe(exc: BaseException) -> str:
    """The one-line message a learner reads for an exception."""
    text = safe_str(exc)
    if isinstance(exc, AssertionError):
        # unittest's assertTrue(x, msg) says "False is not true : msg": the learner needs the msg.
        text = UNITTEST_PREFIX.sub("", text, count=1)
        return clip(text) or "assertion failed"
    if isinstance(exc, SystemExit):
        return clip(f"your code called sys.exit() or exit() (SystemExit: {text})" if text else
                    "your code called sys.exit() or exit() (SystemExit)")
    name = type(exc).__name__
    return clip(f"{name}: {text}" if text else name)


def learner_frames(exc: BaseException, module_file: str) -> tuple[list[str], int | None]:
    """Traceback lines that point into the code under test (never into the tests), and the
    line number of the last of them."""
    target = os.path.realpath(module_file)
    lines, last = [], None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        # Most frames are pytest's or the tests': skip them before touching the file system.
        if os.path.basename(filename) != os.path.basename(target) or os.path.realpath(filename) != target:
            continue
        linecache.checkcache(filename)  # the learner's file changes between runs
        source = linecache.getline(filename, lineno).strip()
        lines.append(f"line {lineno}, in {frame.f_code.co_name}" + (f": {source}" if source else ""))
        last = lineno
    if isinstance(exc, SyntaxError) and exc.filename and os.path.realpath(exc.filename) == target:
        lines.append(f"line {exc.lineno}: {(exc.text or '').strip()}")
        last = exc.lineno
    return lines[-8:], last


def exception_text(exc: BaseException) -> str:
    """`Name: message`, or the name alone when the message is empty or cannot be made:
    how a sweep point, a probe or probes.py reports what it raised (unclipped)."""
    try:
        text = str(exc)
    except BaseException:
        text = ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
