"""exercisekit: browser-runnable coding exercises whose hidden tests run in the learner's browser (Pyodide)."""

__version__ = "0.1.0"
