"""Probes (each the keyword arguments of the function) name a known mistake; sweeps plot the
learner's output against the reference's, so the page shows *where* they part."""
import numpy as np


def probes():
    return [{"x": np.array([-2.0, -0.5, 0.0, 1.5])}, {"x": np.array([[-1.0, 4.0]]), "slope": 0.3}]


def sweeps():
    xs = [round(-3.0 + 0.15 * i, 2) for i in range(41)]
    return [{"name": "x", "title": "The output as x goes from -3 to 3 (slope 0.1)", "x_label": "x",
             "y_label": "output", "xs": xs,
             "call": lambda module, x: float(np.asarray(module.__SLUG__(np.array([x])))[0])}]
