"""Probes and sweeps for `vae_training_step`. `observe` runs one step and reports the loss,
every gradient and how many input entries the call changed. The sweeps train a tiny model
with the learner's gradients, and trace one gradient as its parameter moves."""
import numpy as np

NAMES = ("W_mu", "b_mu", "W_lv", "b_lv", "W_dec", "b_dec")


def init_params(rng, d, k, scale=0.5):
    return {"W_mu": scale * rng.normal(size=(d, k)), "b_mu": scale * rng.normal(size=k),
            "W_lv": scale * rng.normal(size=(d, k)), "b_lv": scale * rng.normal(size=k),
            "W_dec": scale * rng.normal(size=(k, d)), "b_dec": scale * rng.normal(size=d)}


def probes():
    rng = np.random.default_rng(2718)
    cases = []
    for n, k in ((4, 2), (3, 1)):
        cases.append({"params": init_params(rng, 2, k), "x": rng.normal(size=(n, 2)), "eps": rng.normal(size=(n, k))})
    return cases


def changed_entries(before, after):
    count = 0
    for name in ("x", "eps"):
        count += int(np.sum(np.asarray(before[name]) != np.asarray(after[name])))
    for name in before["params"]:
        count += int(np.sum(np.asarray(before["params"][name]) != np.asarray(after["params"][name])))
    return count


def snapshot(probe):
    return {"x": np.array(probe["x"], copy=True), "eps": np.array(probe["eps"], copy=True),
            "params": {name: np.array(value, copy=True) for name, value in probe["params"].items()}}


def observe(module, probe):
    before = snapshot(probe)
    loss, grads = module.vae_training_step(probe["params"], probe["x"], probe["eps"])
    return {"loss": loss, "grads": {name: grads[name] for name in NAMES},
            "inputs_changed": changed_entries(before, probe)}


def sweeps():
    """Training: 32 points near a line in 2-D, a 1-D latent code, plain gradient descent with
    learning rate 0.05 and a fresh seeded noise sample each step; the y value is the loss after
    x steps on one fixed evaluation noise sample. Gradient: d loss / d b_lv as b_lv moves, on a
    fixed batch (the reference's curve is the true derivative)."""
    rng = np.random.default_rng(7)
    t = rng.normal(size=(32, 1))
    data = t * np.array([1.5, -1.0]) + 0.1 * rng.normal(size=(32, 2)) + np.array([0.5, 0.2])
    noise = rng.normal(size=(300, 32, 1))
    eval_noise = rng.normal(size=(32, 1))
    init = {"W_mu": 0.1 * rng.normal(size=(2, 1)), "b_mu": np.zeros(1), "W_lv": 0.1 * rng.normal(size=(2, 1)),
            "b_lv": np.zeros(1), "W_dec": 0.1 * rng.normal(size=(1, 2)), "b_dec": np.zeros(2)}

    runs = {}

    def losses(module):
        """The evaluation loss every 10 steps of one 300-step run, cached per module: one
        training per plot rather than one per point (31), which took seconds in Pyodide."""
        x = data.copy()
        params = {name: value.copy() for name, value in init.items()}
        found = []
        for step in range(301):
            if step % 10 == 0:
                # On copies: a solution that changes its inputs must not steer the training.
                snapshot = {name: np.array(value, copy=True) for name, value in params.items()}
                found.append(float(module.vae_training_step(snapshot, data.copy(), eval_noise.copy())[0]))
            if step == 300:
                break
            _, grads = module.vae_training_step(params, x, noise[step].copy())
            params = {name: params[name] - 0.05 * np.asarray(grads[name], dtype=float) for name in NAMES}
        return found

    def train(module, steps):
        if id(module) not in runs or runs[id(module)][0] is not module:
            runs[id(module)] = (module, losses(module))
        return runs[id(module)][1][int(steps) // 10]

    grad_rng = np.random.default_rng(11)
    batch_params = init_params(grad_rng, 2, 1)
    batch_x, batch_eps = grad_rng.normal(size=(6, 2)), grad_rng.normal(size=(6, 1))

    def grad_b_lv(module, b):
        params = {name: value.copy() for name, value in batch_params.items()}
        params["b_lv"] = np.array([b])
        _, grads = module.vae_training_step(params, batch_x.copy(), batch_eps.copy())
        return float(np.ravel(grads["b_lv"])[0])

    return [
        {"name": "training", "title": "Training loss over gradient steps with your gradients (learning rate 0.05)",
         "x_label": "gradient steps", "y_label": "loss", "xs": list(range(0, 301, 10)), "call": train},
        {"name": "grad_b_lv", "title": "d loss / d b_lv as b_lv moves (one fixed batch)",
         "x_label": "b_lv", "y_label": "d loss / d b_lv", "xs": [round(-2.0 + 0.1 * i, 2) for i in range(41)],
         "call": grad_b_lv},
    ]
