"""Hidden tests for `vae_training_step`. The loss is recomputed here with plain Python loops,
and every gradient is checked against central finite differences of that loss."""
import math

import numpy as np
import pytest
from vae_training_step import vae_training_step

NAMES = ("W_mu", "b_mu", "W_lv", "b_lv", "W_dec", "b_dec")
H = 1e-5


def loop_loss(params, x, eps):
    """The batch mean of (summed squared error + KL to N(0, I)), one number at a time."""
    p = {name: np.asarray(value, dtype=np.float64).tolist() for name, value in params.items()}
    xs, es = np.asarray(x, dtype=np.float64).tolist(), np.asarray(eps, dtype=np.float64).tolist()
    d, k = len(p["b_dec"]), len(p["b_mu"])
    total = 0.0
    for row, noise in zip(xs, es):
        mu = [p["b_mu"][j] + sum(row[i] * p["W_mu"][i][j] for i in range(d)) for j in range(k)]
        lv = [p["b_lv"][j] + sum(row[i] * p["W_lv"][i][j] for i in range(d)) for j in range(k)]
        z = [mu[j] + math.exp(lv[j] / 2) * noise[j] for j in range(k)]
        x_hat = [p["b_dec"][i] + sum(z[j] * p["W_dec"][j][i] for j in range(k)) for i in range(d)]
        recon = sum((row[i] - x_hat[i]) ** 2 for i in range(d))
        kl = 0.5 * sum(math.exp(lv[j]) + mu[j] ** 2 - 1.0 - lv[j] for j in range(k))
        total += recon + kl
    return total / len(xs)


def finite_difference(params, x, eps, name):
    """Central differences of `loop_loss` with respect to every entry of params[name]."""
    grad = np.zeros(np.shape(params[name]))
    for index in np.ndindex(grad.shape):
        shifted = {n: np.array(v, dtype=np.float64) for n, v in params.items()}
        shifted[name][index] += H
        up = loop_loss(shifted, x, eps)
        shifted[name][index] -= 2 * H
        down = loop_loss(shifted, x, eps)
        grad[index] = (up - down) / (2 * H)
    return grad


def random_case(seed, n, k, d=2, scale=0.5):
    rng = np.random.default_rng(seed)
    params = {"W_mu": scale * rng.normal(size=(d, k)), "b_mu": scale * rng.normal(size=k),
              "W_lv": scale * rng.normal(size=(d, k)), "b_lv": scale * rng.normal(size=k),
              "W_dec": scale * rng.normal(size=(k, d)), "b_dec": scale * rng.normal(size=d)}
    return params, rng.normal(size=(n, d)), rng.normal(size=(n, k))


def run(params, x, eps):
    copies = {name: np.array(value, copy=True) for name, value in params.items()}
    result = vae_training_step(copies, np.array(x, copy=True), np.array(eps, copy=True))
    assert isinstance(result, tuple) and len(result) == 2, (
        f"expected a pair (loss, grads), got {type(result).__name__}")
    loss, grads = result
    assert isinstance(grads, dict), f"the gradients should be a dict name -> array, got {type(grads).__name__}"
    missing = [name for name in NAMES if name not in grads]
    assert not missing, f"the gradients dict misses {missing}; it needs one entry per parameter: {list(NAMES)}"
    return loss, grads


def assert_grad_close(got, want, what):
    got = np.asarray(got, dtype=np.float64)
    assert got.shape == want.shape, f"{what}: expected shape {want.shape} (the parameter's shape), got {got.shape}"
    assert np.allclose(got, want, rtol=1e-5, atol=1e-7), (
        f"{what}: expected {np.round(want, 6).tolist()}, got {np.round(got, 6).tolist()}")


def worked_example():
    params = {"W_mu": np.array([[0.5], [0.0]]), "b_mu": np.zeros(1), "W_lv": np.zeros((2, 1)), "b_lv": np.zeros(1),
              "W_dec": np.array([[1.0, 0.0]]), "b_dec": np.zeros(2)}
    return params, np.array([[1.0, 2.0]]), np.array([[1.0]])


def test_worked_example():
    loss, grads = run(*worked_example())
    assert math.isclose(float(loss), 4.375, rel_tol=1e-9), f"worked example: expected loss 4.375 (4.25 + 0.125), got {loss}"
    want = {"W_mu": [[1.5], [3.0]], "b_mu": [1.5], "W_lv": [[0.5], [1.0]], "b_lv": [0.5],
            "W_dec": [[1.5, -6.0]], "b_dec": [1.0, -4.0]}
    for name in NAMES:
        assert_grad_close(grads[name], np.array(want[name]), f"worked example, gradient of {name}")


def test_loss_and_shapes():
    params, x, eps = random_case(3, 5, 2)
    loss, grads = run(params, x, eps)
    assert isinstance(loss, float), f"the loss should be a Python float, got {type(loss).__name__}; use float(...)"
    assert math.isclose(loss, loop_loss(params, x, eps), rel_tol=1e-9), (
        f"seeded batch N=5, k=2: expected loss {loop_loss(params, x, eps):.10g}, got {loss:.10g}")
    for name in NAMES:
        got = np.asarray(grads[name])
        assert got.shape == params[name].shape, f"gradient of {name}: expected shape {params[name].shape}, got {got.shape}"


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_finite_differences(name):
    params, x, eps = random_case(17, 5, 2)
    _, grads = run(params, x, eps)
    assert_grad_close(grads[name], finite_difference(params, x, eps, name),
                      f"seeded batch N=5, d=2, k=2: d loss / d {name} against central finite differences")


def test_encoder_gets_gradient_through_z():
    # Encoder at the prior (mu = 0, logvar = 0 for every x): the KL's gradient is 0, so every
    # encoder gradient comes from the reconstruction, through z = mu + exp(logvar / 2) * eps.
    params, x, eps = random_case(23, 4, 1)
    for name in ("W_mu", "b_mu", "W_lv", "b_lv"):
        params[name] = np.zeros_like(params[name])
    _, grads = run(params, x, eps)
    for name in ("W_mu", "b_mu", "W_lv", "b_lv"):
        want = finite_difference(params, x, eps, name)
        assert_grad_close(grads[name], want, f"encoder at the prior (KL gradient 0): d loss / d {name} comes only "
                                             "through the sampled z")


def test_kl_gradient_pulls_toward_the_prior():
    # A decoder that ignores z (W_dec = 0): the encoder's gradients are the KL's alone.
    params, x, eps = random_case(29, 4, 2)
    params["W_dec"] = np.zeros_like(params["W_dec"])
    params["b_mu"], params["b_lv"] = np.array([1.0, -0.5]), np.array([0.8, -1.2])
    _, grads = run(params, x, eps)
    mu = x @ params["W_mu"] + params["b_mu"]
    logvar = x @ params["W_lv"] + params["b_lv"]
    want_mu = mu.mean(axis=0)
    want_lv = (0.5 * (np.exp(logvar) - 1.0)).mean(axis=0)
    assert_grad_close(grads["b_mu"], want_mu, "W_dec = 0, so d loss / d b_mu is the KL's: the mean of mu")
    assert_grad_close(grads["b_lv"], want_lv, "W_dec = 0, so d loss / d b_lv is the KL's: the mean of (exp(logvar) - 1) / 2")


def test_gradients_are_those_of_the_batch_mean():
    params, x, eps = random_case(31, 1, 2)
    _, one = run(params, x, eps)
    _, three = run(params, np.repeat(x, 3, axis=0), np.repeat(eps, 3, axis=0))
    for name in NAMES:
        assert_grad_close(three[name], np.asarray(one[name], dtype=np.float64),
                          f"the same example three times: the gradient of {name} must equal that of one example")


@pytest.mark.parametrize("n,k", [(1, 1), (1, 2), (8, 1)])
def test_every_gradient_small_batches(n, k):
    params, x, eps = random_case(40 + 3 * n + k, n, k)
    _, grads = run(params, x, eps)
    for name in NAMES:
        assert_grad_close(grads[name], finite_difference(params, x, eps, name),
                          f"N={n}, k={k}: d loss / d {name} against central finite differences")


def test_inputs_not_modified():
    params, x, eps = random_case(37, 4, 2)
    copies = {name: value.copy() for name, value in params.items()}
    x_copy, eps_copy = x.copy(), eps.copy()
    vae_training_step(params, x, eps)
    assert np.array_equal(x, x_copy), "the function changed its input `x` (compute x_hat - x as a new array)"
    assert np.array_equal(eps, eps_copy), "the function changed its input `eps`"
    for name in NAMES:
        assert np.array_equal(params[name], copies[name]), f"the function changed params['{name}']; return gradients, do not update"
