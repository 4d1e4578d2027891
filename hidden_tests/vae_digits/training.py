"""The training loop the learner's `vae_loss_and_grads` is trained with, and the held-out
negative ELBO it is judged by (computed here, so a wrong loss cannot flatter itself)."""
from pathlib import Path

import numpy as np

NAMES = ("W_enc", "b_enc", "W_mu", "b_mu", "W_lv", "b_lv", "W_hid", "b_hid", "W_out", "b_out")
HIDDEN, LATENT = 32, 2
HELD_OUT = 297
BATCH = 50
LEARNING_RATE = 0.02
MOMENTUM = 0.9


def load_digits():
    """Pixels scaled to [0, 1] as (1797, 64) floats, and labels, from digits.npz beside this file."""
    with np.load(Path(__file__).parent / "digits.npz") as data:
        images, labels = data["images"], data["labels"]
    return images.reshape(len(images), 64).astype(np.float64) / 16.0, labels.astype(np.int64)


def split(seed=0):
    """A fixed shuffle into 1,500 training and 297 held-out digits."""
    x, labels = load_digits()
    order = np.random.default_rng(seed).permutation(len(x))
    test, train = order[:HELD_OUT], order[HELD_OUT:]
    return x[train], labels[train], x[test], labels[test]


def init_params(seed, d=64, hidden=HIDDEN, latent=LATENT):
    """Scaled-normal weights (1/sqrt(fan-in)), zero biases; logvar starts near 0."""
    rng = np.random.default_rng(seed)

    def weight(rows, cols, scale=1.0):
        return scale * rng.normal(size=(rows, cols)) / np.sqrt(rows)

    return {"W_enc": weight(d, hidden), "b_enc": np.zeros(hidden),
            "W_mu": weight(hidden, latent), "b_mu": np.zeros(latent),
            "W_lv": weight(hidden, latent, 0.1), "b_lv": np.zeros(latent),
            "W_hid": weight(latent, hidden), "b_hid": np.zeros(hidden),
            "W_out": weight(hidden, d), "b_out": np.zeros(d)}


def latent_means(params, x):
    """The encoder's mean mu(x) of each image: where the model puts it in the 2-D latent space."""
    return np.tanh(x @ params["W_enc"] + params["b_enc"]) @ params["W_mu"] + params["b_mu"]


def decode(params, z):
    """Each pixel's Bernoulli probability sigmoid(logits) for latent codes z: the images the
    decoder draws (not a sample of 0s and 1s, which would be noisier to read)."""
    logits = np.tanh(z @ params["W_hid"] + params["b_hid"]) @ params["W_out"] + params["b_out"]
    return 0.5 * (1.0 + np.tanh(0.5 * logits))


def negative_elbo(params, x, eps):
    """Batch mean of Bernoulli negative log-likelihood + KL(q(z|x) || N(0, I)): the true loss."""
    h1 = np.tanh(x @ params["W_enc"] + params["b_enc"])
    mu = h1 @ params["W_mu"] + params["b_mu"]
    logvar = h1 @ params["W_lv"] + params["b_lv"]
    z = mu + np.exp(0.5 * logvar) * eps
    logits = np.tanh(z @ params["W_hid"] + params["b_hid"]) @ params["W_out"] + params["b_out"]
    recon = np.sum(np.logaddexp(0.0, logits) - x * logits, axis=1)
    kl = 0.5 * np.sum(np.exp(logvar) + mu**2 - 1.0 - logvar, axis=1)
    with np.errstate(all="ignore"):
        return float(np.mean(recon + kl))


def train(step, epochs, seed=0):
    """SGD with momentum on minibatches of 50, with `step(params, x, eps) -> (loss, grads)`.

    Returns the final parameters and, per epoch (0 = before training), the held-out negative
    ELBO on one fixed noise sample. A step whose gradients are not finite stops training: the
    remaining epochs report inf, as a diverged model deserves."""
    x_train, _, x_test, _ = split()
    rng = np.random.default_rng(seed)
    params = init_params(seed)
    velocity = {name: np.zeros_like(value) for name, value in params.items()}
    test_eps = np.random.default_rng(seed + 1).normal(size=(len(x_test), LATENT))
    history = [negative_elbo(params, x_test, test_eps)]
    diverged = False
    for _ in range(int(epochs)):
        if diverged:
            history.append(float("inf"))
            continue
        order = rng.permutation(len(x_train))
        for start in range(0, len(order), BATCH):
            batch = x_train[order[start:start + BATCH]]
            eps = rng.normal(size=(len(batch), LATENT))
            _, grads = step({name: value.copy() for name, value in params.items()}, batch, eps)
            for name in NAMES:
                g = np.asarray(grads[name], dtype=np.float64)
                velocity[name] = MOMENTUM * velocity[name] - LEARNING_RATE * g
                params[name] = params[name] + velocity[name]
        finite = all(np.all(np.isfinite(value)) for value in params.values())
        loss = negative_elbo(params, x_test, test_eps) if finite else float("inf")
        diverged = not np.isfinite(loss)
        history.append(loss if not diverged else float("inf"))
    return params, history
