"""Probes for the class: `observe` drives the learner's object with a probe's batches and
reports plain numbers, so a known mistake can be named."""


def probes():
    return [{"batches": [[1.0, 2.0, 3.0], [4.0, 5.0]]}, {"batches": [[10.0], [0.0, 0.0, 0.0]]}]


def observe(module, probe):
    m = module.RunningMean()
    for batch in probe["batches"]:
        m.update(list(batch))
    return {"count": float(m.count), "mean": float(m.mean)}
