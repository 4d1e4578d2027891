"""Hidden tests for `vector_quantize`. Nearest codes, losses and gradients are recomputed
here with plain Python loops over rows and codes; the encoder's gradient is also checked
against central finite differences of the surrogate loss whose gradient it is."""
import math

import numpy as np
import pytest
from vector_quantize import vector_quantize

KEYS = ("indices", "z_q", "codebook_loss", "commitment_loss", "grad_z_e", "grad_codebook")


def loop_quantize(z_e, codebook, grad_z_q, beta):
    """Every output, one row and one code at a time (ties: the first code found)."""
    rows, codes, upstream = (np.asarray(a, dtype=float).tolist() for a in (z_e, codebook, grad_z_q))
    n = len(rows)
    indices = []
    for row in rows:
        dists = [math.fsum((a - b) ** 2 for a, b in zip(row, code)) for code in codes]
        indices.append(min(range(len(codes)), key=lambda j: (dists[j], j)))
    z_q = [codes[j] for j in indices]
    mean_sq = math.fsum(math.fsum((a - b) ** 2 for a, b in zip(r, q)) for r, q in zip(rows, z_q)) / n
    grad_z_e = [[g + 2 * beta * (a - b) / n for g, a, b in zip(gr, r, q)] for gr, r, q in zip(upstream, rows, z_q)]
    grad_codebook = [[0.0] * len(codes[0]) for _ in codes]
    for row, j in zip(rows, indices):
        for d, (a, e) in enumerate(zip(row, codes[j])):
            grad_codebook[j][d] += 2 * (e - a) / n
    return {"indices": np.array(indices), "z_q": np.array(z_q), "codebook_loss": mean_sq,
            "commitment_loss": beta * mean_sq, "grad_z_e": np.array(grad_z_e), "grad_codebook": np.array(grad_codebook)}


def run(z_e, codebook, grad_z_q, beta=0.25):
    out = vector_quantize(np.array(z_e, copy=True), np.array(codebook, copy=True), np.array(grad_z_q, copy=True), beta=beta)
    assert isinstance(out, dict), f"expected a dict, got {type(out).__name__}"
    missing = [key for key in KEYS if key not in out]
    assert not missing, f"the result misses {missing}; it needs {list(KEYS)}"
    return out


def assert_array_close(got, want, what, rtol=1e-7):
    got = np.asarray(got, dtype=float)
    assert got.shape == want.shape, f"{what}: expected shape {want.shape}, got {got.shape}"
    assert np.allclose(got, want, rtol=rtol, atol=1e-9), f"{what}: expected {np.round(want, 6).tolist()}, got {np.round(got, 6).tolist()}"


def assert_matches_loops(out, z_e, codebook, grad_z_q, beta, what, rtol=1e-7):
    want = loop_quantize(z_e, codebook, grad_z_q, beta)
    got_indices = np.asarray(out["indices"])
    assert got_indices.shape == want["indices"].shape and np.array_equal(got_indices, want["indices"]), (
        f"{what}: expected nearest codes {want['indices'].tolist()}, got {got_indices.tolist()}")
    for key in ("z_q", "grad_z_e", "grad_codebook"):
        assert_array_close(out[key], want[key], f"{what}: {key}", rtol)
    for key in ("codebook_loss", "commitment_loss"):
        assert math.isclose(float(out[key]), want[key], rel_tol=rtol, abs_tol=1e-12), (
            f"{what}: expected {key} {want[key]:.8g}, got {float(out[key]):.8g}")


def random_case(seed, n, k, d):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=(k, d)), rng.normal(size=(n, d))


def test_worked_example():
    z_e, codebook, grad = np.array([[1.5, 0.5], [0.2, 0.1]]), np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0]]), np.eye(2)
    out = run(z_e, codebook, grad, beta=0.25)
    assert np.array_equal(np.asarray(out["indices"]), [1, 0]), f"worked example: expected indices [1, 0], got {out['indices']}"
    assert_array_close(out["z_q"], np.array([[2.0, 0.0], [0.0, 0.0]]), "worked example: z_q")
    assert math.isclose(float(out["codebook_loss"]), 0.275, rel_tol=1e-9), f"worked example: expected codebook_loss 0.275, got {out['codebook_loss']}"
    assert math.isclose(float(out["commitment_loss"]), 0.06875, rel_tol=1e-9), (
        f"worked example: expected commitment_loss 0.25 * 0.275 = 0.06875, got {out['commitment_loss']}")
    assert_array_close(out["grad_z_e"], np.array([[0.875, 0.125], [0.05, 1.025]]), "worked example: grad_z_e")
    assert_array_close(out["grad_codebook"], np.array([[-0.2, -0.1], [0.5, -0.5], [0.0, 0.0]]), "worked example: grad_codebook")


def test_output_types_and_shapes():
    out = run(*random_case(1, 6, 4, 3))
    indices = out["indices"]
    assert isinstance(indices, np.ndarray) and indices.shape == (6,) and np.issubdtype(indices.dtype, np.integer), (
        f"indices: expected an integer array of shape (6,), got {type(indices).__name__} {np.shape(indices)} "
        f"{getattr(indices, 'dtype', '')}")
    for key in ("codebook_loss", "commitment_loss"):
        assert isinstance(out[key], float), f"{key}: expected a Python float, got {type(out[key]).__name__}; use float(...)"
    for key, shape in (("z_q", (6, 3)), ("grad_z_e", (6, 3)), ("grad_codebook", (4, 3))):
        assert np.shape(out[key]) == shape, f"{key}: expected shape {shape}, got {np.shape(out[key])}"


def test_nearest_by_squared_distance_not_l1():
    # From the origin, code (2, 0) is nearer in L1 (2 against 2.4) but (1.2, 1.2) in squared distance (2.88 against 4).
    out = run(np.array([[0.0, 0.0]]), np.array([[2.0, 0.0], [1.2, 1.2]]), np.zeros((1, 2)))
    assert int(np.asarray(out["indices"])[0]) == 1, (
        f"z_e = (0, 0), codes (2, 0) and (1.2, 1.2): squared distances 4 and 2.88, so code 1; got {out['indices']}")


def test_nearest_not_largest_dot_product():
    out = run(np.array([[1.1, 0.0], [2.9, 0.1]]), np.array([[1.0, 0.0], [3.0, 0.0]]), np.zeros((2, 2)))
    assert np.array_equal(np.asarray(out["indices"]), [0, 1]), (
        f"z_e = (1.1, 0) sits next to code (1, 0), not the longer (3, 0): expected [0, 1], got {np.asarray(out['indices']).tolist()}")


def test_ties_go_to_the_lowest_index():
    out = run(np.array([[1.0, 0.0], [0.0, 0.0]]), np.array([[2.0, 0.0], [0.0, 0.0], [0.0, 0.0]]), np.zeros((2, 2)))
    assert np.array_equal(np.asarray(out["indices"]), [0, 1]), (
        "row 0 is equally far from codes 0 and 1, row 1 sits on the equal codes 1 and 2: expected [0, 1], "
        f"got {np.asarray(out['indices']).tolist()}")


def test_quantised_rows_are_codes():
    z_e, codebook, grad = random_case(2, 12, 5, 3)
    out = run(z_e, codebook, grad)
    assert_matches_loops(out, z_e, codebook, grad, 0.25, "seeded batch N=12, K=5, D=3")


@pytest.mark.parametrize("beta", [0.25, 1.0, 2.0])
def test_losses_and_beta(beta):
    z_e, codebook, grad = random_case(3, 8, 4, 2)
    out = run(z_e, codebook, grad, beta=beta)
    assert_matches_loops(out, z_e, codebook, grad, beta, f"beta = {beta}")


def test_straight_through_with_beta_zero():
    z_e, codebook, grad = random_case(4, 5, 3, 2)
    out = run(z_e, codebook, grad, beta=0.0)
    assert_array_close(out["grad_z_e"], grad, "beta = 0: the encoder's gradient must be grad_z_q, copied straight through")


def test_encoder_gradient_matches_finite_differences():
    # The surrogate the encoder's gradient belongs to, with the codes held fixed (sg[z_q]):
    # <grad_z_q, z_e> (the straight-through copy) + beta * mean_i |z_e_i - z_q_i|^2.
    z_e, codebook, grad = random_case(5, 4, 3, 2)
    beta, h = 0.6, 1e-6
    z_q = loop_quantize(z_e, codebook, grad, beta)["z_q"]

    def surrogate(z):
        return float(np.sum(grad * z) + beta * np.sum((z - z_q) ** 2) / len(z))

    want = np.zeros_like(z_e)
    for index in np.ndindex(z_e.shape):
        up, down = z_e.copy(), z_e.copy()
        up[index] += h
        down[index] -= h
        want[index] = (surrogate(up) - surrogate(down)) / (2 * h)
    assert_array_close(run(z_e, codebook, grad, beta=beta)["grad_z_e"], want,
                       "grad_z_e against finite differences of <grad_z_q, z_e> + beta * mean |z_e - sg(z_q)|^2", rtol=1e-5)


def test_codebook_gradient_accumulates_shared_codes():
    z_e = np.array([[0.1, 0.0], [0.3, 0.0], [-0.2, 0.4], [2.1, 0.0]])
    codebook = np.array([[0.0, 0.0], [2.0, 0.0]])
    out = run(z_e, codebook, np.zeros((4, 2)))
    # Code 0 is chosen three times: 2/4 * ((0 - 0.1) + (0 - 0.3) + (0 + 0.2), 0 + 0 - 0.4) = (-0.1, -0.2).
    assert_array_close(out["grad_codebook"], np.array([[-0.1, -0.2], [-0.05, 0.0]]),
                       "three rows share code 0: their contributions must add up")


def test_unused_codes_get_no_gradient():
    z_e = np.array([[0.1, 0.1], [0.2, -0.1]])
    codebook = np.array([[5.0, 5.0], [0.0, 0.0], [-5.0, 3.0]])
    grad = np.asarray(run(z_e, codebook, np.ones((2, 2)))["grad_codebook"], dtype=float)
    assert np.array_equal(grad[[0, 2]], np.zeros((2, 2))), f"codes 0 and 2 are never chosen: expected zero gradients, got {grad[[0, 2]].tolist()}"


def test_far_from_the_origin():
    offset = 1e8
    z_e = offset + np.array([[0.1, 0.0], [0.3, 0.0], [0.7, 0.0], [0.9, 0.0]])
    codebook = offset + np.array([[0.0, 0.0], [1.0, 0.0]])
    out = run(z_e, codebook, np.zeros((4, 2)))
    assert np.array_equal(np.asarray(out["indices"]), [0, 0, 1, 1]), (
        f"vectors near 1e8, rows 0.1, 0.3, 0.7 and 0.9 past code 0 (code 1 is 1 past it): expected [0, 0, 1, 1], "
        f"got {np.asarray(out['indices']).tolist()}; |z|^2 - 2 z.e + |e|^2 cancels there: subtract before squaring")
    assert math.isclose(float(out["codebook_loss"]), (0.01 + 0.09 + 0.09 + 0.01) / 4, rel_tol=1e-6), (
        f"vectors near 1e8: expected codebook_loss 0.05, got {out['codebook_loss']}")


def test_float32_inputs():
    z_e, codebook, grad = (a.astype(np.float32) for a in random_case(6, 6, 4, 3))
    out = run(z_e, codebook, grad)
    assert_matches_loops(out, z_e, codebook, grad, 0.25, "float32 inputs", rtol=1e-5)


def test_inputs_not_modified():
    z_e, codebook, grad = random_case(7, 5, 3, 2)
    before = z_e.copy(), codebook.copy(), grad.copy()
    vector_quantize(z_e, codebook, grad)
    changed = [name for name, a, b in zip(("z_e", "codebook", "grad_z_q"), (z_e, codebook, grad), before) if not np.array_equal(a, b)]
    assert not changed, f"the function changed its inputs {changed}"
