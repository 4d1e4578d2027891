"""A prepared session carried through a memory snapshot of Pyodide (issue 33).

A snapshot is the interpreter's memory: the `Session` a trusted maker prepared (tests
written, warm-up run, pytest configured) is in it, but no JavaScript handle to it survives.
So the maker hands the session to `keep` before the snapshot is taken, and each restored
spare takes it back with `restored`, which also gives the spare what must differ per run:
a snapshot copies one interpreter many times, and every copy would otherwise draw the same
`random` and numpy numbers. The hash seed stays the snapshot's (README, "What a verdict
guarantees", says why that is safe).
"""
from __future__ import annotations

from .session import Session

# The one object a snapshot must carry across: the session the maker prepared. Module state
# on purpose, since linear memory is all that survives; set once, before any learner code.
_KEPT: list[Session] = []


def keep(session: Session) -> None:
    """Hold `session` for the spares restored from the snapshot about to be taken."""
    if _KEPT:
        raise RuntimeError("a session is already kept for the snapshot: a maker prepares one problem")
    _KEPT.append(session)


def restored() -> Session:
    """The kept session, in a spare just restored from the snapshot, with `random` and numpy's
    legacy global generator seeded afresh (Session.reseed)."""
    if not _KEPT:
        raise RuntimeError("no session was kept in this snapshot (exercisekit.runtime.snapshot.keep)")
    session = _KEPT[0]
    session.reseed()
    return session
