"""Probes and sweeps for `vector_quantize`. The probes hold rows that L1 distance and dot
products would send to other codes, codes shared by several rows, and vectors near 1e8
where the expanded distance cancels."""
import numpy as np

KEYS = ("indices", "z_q", "codebook_loss", "commitment_loss", "grad_z_e", "grad_codebook")
CODEBOOK = np.array([[-1.5, 0.0], [2.0, 0.0], [1.2, 1.2], [3.0, 2.5]])


def probes():
    rng = np.random.default_rng(404)
    offset = 1e8
    return [
        {"z_e": np.array([[0.0, 0.0], [0.2, 0.1], [1.0, 0.3], [2.2, -0.1], [-1.0, 0.2]]), "codebook": CODEBOOK,
         "grad_z_q": rng.normal(size=(5, 2)), "beta": 0.25},
        {"z_e": rng.normal(size=(6, 3)), "codebook": rng.normal(size=(3, 3)), "grad_z_q": rng.normal(size=(6, 3)), "beta": 0.5},
        {"z_e": offset + np.array([[0.1, 0.0], [0.3, 0.0], [0.7, 0.0], [0.9, 0.0]]),
         "codebook": offset + np.array([[0.0, 0.0], [1.0, 0.0]]), "grad_z_q": np.zeros((4, 2)), "beta": 0.25},
    ]


def observe(module, probe):
    out = module.vector_quantize(*(np.array(probe[name], copy=True) for name in ("z_e", "codebook", "grad_z_q")),
                                 beta=probe["beta"])
    return {key: np.asarray(out[key], dtype=float) for key in KEYS}


def along_path(module, t, pick, beta=0.25):
    """One row z_e = (t, 0) against CODEBOOK, with the decoder's gradient (1, 0)."""
    out = module.vector_quantize(np.array([[t, 0.0]]), CODEBOOK.copy(), np.array([[1.0, 0.0]]), beta=beta)
    return float(pick(out))


def shared_code(module, copies):
    """`copies` rows at (0.5, 0) all choose code (0, 0): its gradient must not depend on how many."""
    n = int(copies)
    out = module.vector_quantize(np.tile([0.5, 0.0], (n, 1)), np.array([[0.0, 0.0], [5.0, 0.0]]), np.zeros((n, 2)))
    return float(np.asarray(out["grad_codebook"])[0, 0])


def far_away(module, exponent):
    offset = 10.0 ** exponent
    out = module.vector_quantize(offset + np.array([[0.7, 0.0]]), offset + np.array([[0.0, 0.0], [1.0, 0.0]]), np.zeros((1, 2)))
    return float(np.asarray(out["indices"])[0])


def sweeps():
    """Along the path z_e = (t, 0): the chosen code (steps at the squared-distance
    boundaries), the commitment loss (beta times the squared distance to that code) and
    the encoder's gradient (1 + 2 beta (t - code), straight through plus commitment). Then
    the codebook gradient of a code chosen by n identical rows (constant -1), and the code
    chosen for a row 0.7 past code 0 as both sit 10^p from the origin (always code 1)."""
    ts = [round(-2.0 + 0.125 * i, 3) for i in range(41)]
    return [
        {"name": "index", "title": "Nearest code as z_e moves along (t, 0)", "x_label": "t", "y_label": "code index",
         "xs": ts, "call": lambda module, t: along_path(module, t, lambda out: np.asarray(out["indices"])[0])},
        {"name": "commitment", "title": "Commitment loss along (t, 0), beta = 0.25", "x_label": "t",
         "y_label": "commitment loss", "xs": ts, "call": lambda module, t: along_path(module, t, lambda out: out["commitment_loss"])},
        {"name": "grad_z_e", "title": "Encoder gradient (first coordinate) along (t, 0), decoder gradient (1, 0)",
         "x_label": "t", "y_label": "d L / d z_e[0]", "xs": ts,
         "call": lambda module, t: along_path(module, t, lambda out: np.asarray(out["grad_z_e"])[0, 0])},
        {"name": "shared_code", "title": "Gradient of a code chosen by n identical rows", "x_label": "rows sharing the code",
         "y_label": "d L / d e[0]", "xs": list(range(1, 13)), "call": shared_code},
        {"name": "far_away", "title": "Code chosen for a row 0.7 past code 0, both 10^p from the origin",
         "x_label": "p", "y_label": "code index", "xs": list(range(0, 11)), "call": far_away},
    ]
