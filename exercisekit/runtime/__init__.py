"""The evaluation runtime: what runs learner code against hidden tests, everywhere.

The same files run in the learner's browser (Pyodide in a Web Worker), under Node
(`check`'s Pyodide leg) and in CPython (`check`). They import only the standard library,
pytest and numpy; tests/legs/test_runtime_session.py proves it.

    contract.py      every shape that crosses a boundary, declared once (web/static/contract.mjs: JS)
    results.py       a run's result (rows, stop, diagnosis), shared by all callers
    runner.py        pytest, driven to give one row per test case
    learner_text.py  the one home for turning an exception into the text a learner reads
    probing.py       probe outputs of a function, and the known mistake they match
    sweeps.py        curves of a solution over swept inputs, and where two curves part
    isolation.py     capture and restore the interpreter's state around each run
    session.py       the entry point: Session.evaluate(code), and Session.handle, the one
                     dispatch table of jobs (warm_up, run, try, sweeps) every caller goes through
    snapshot.py      the session a memory snapshot carries to the spares restored from it
    __main__.py      the CPython command line used by `check`
"""
