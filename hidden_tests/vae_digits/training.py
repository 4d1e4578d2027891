"""The training loop the learner's `vae_loss_and_grads` is trained with, and the held-out
negative ELBO it is judged by (computed here, so a wrong loss cannot flatter itself)."""
import math
from pathlib import Path

import numpy as np

NAMES = ("W_enc", "b_enc", "W_mu", "b_mu", "W_lv", "b_lv", "W_hid", "b_hid", "W_out", "b_out")
HIDDEN, LATENT = 32, 4
HELD_OUT = 297
BATCH = 50
EPOCHS = 20
# Adam: the step of each weight is scaled by its own gradient's running size, so the small
# decoder and the encoder behind it learn at a like pace; plain SGD at a rate that stays
# stable (0.02) left the reconstructions grey blobs within the same time.
LEARNING_RATE = 0.01
BETA1, BETA2, ADAM_EPS = 0.9, 0.999, 1e-8
# How far (nats per digit) the learner's held-out curve may be from the reference's at any
# epoch: correct gradients written other ways stay within 0.0001, wrong ones leave by 0.09 or more.
CURVE_TOLERANCE = 0.05


def load_digits():
    """Binary pixels (1 where the ink count is 8 or more of 16) as (1797, 64) floats, and
    labels, from digits.npz beside this file. Binary pixels are what a Bernoulli decoder
    models exactly: a grey pixel costs nats that no code can save, which left the latent code
    with too little to tell and the reconstructions blurred."""
    with np.load(Path(__file__).parent / "digits.npz") as data:
        images, labels = data["images"], data["labels"]
    return (images.reshape(len(images), 64) >= 8).astype(np.float64), labels.astype(np.int64)


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
    """The encoder's mean mu(x) of each image: where the model puts it in the latent space."""
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


def mean_image_score():
    """The held-out negative log-likelihood of the training set's mean image, drawn for every
    digit: what a decoder that ignores its code (posterior collapse) scores at best."""
    x_train, _, x_test, _ = split()
    p = np.clip(x_train.mean(axis=0), 1e-6, 1.0 - 1e-6)
    return float(np.mean(-np.sum(x_test * np.log(p) + (1.0 - x_test) * np.log(1.0 - p), axis=1)))


class FlatParams:
    """Every parameter as a slice of one vector, so that an optimiser step is a few numpy
    operations on that vector, not a few per parameter: in Pyodide each numpy call costs."""

    def __init__(self, params):
        self.shapes, views, start = [], [], 0
        for name in NAMES:
            shape = np.shape(params[name])
            size = int(np.prod(shape))
            self.shapes.append((name, shape))
            views.append((start, start + size))
            start += size
        self.vector = np.concatenate([np.ravel(params[name]) for name in NAMES]).astype(np.float64)
        # What the learner's function gets: views into a buffer that each step refills from
        # the vector, so what it changes in place is overwritten, never trained.
        self.buffer = np.empty_like(self.vector)
        self.views = [(name, self.buffer[a:b].reshape(shape)) for (name, shape), (a, b) in zip(self.shapes, views)]

    def handed_out(self):
        """The parameters as of the vector, in the buffer: valid until the next call."""
        np.copyto(self.buffer, self.vector)
        return dict(self.views)

    def as_dict(self):
        """Every parameter in a copy of its own: the trained model, to keep."""
        return {name: view.copy() for name, view in self.handed_out().items()}

    def flatten(self, grads):
        """The gradients in the vector's order; a gradient of the wrong shape is an error."""
        for name, shape in self.shapes:
            if np.shape(grads[name]) != shape:
                raise ValueError(f"the gradient of {name} has shape {np.shape(grads[name])}; the parameter's is {shape}")
        return np.concatenate([grads[name] for name in NAMES], axis=None, dtype=np.float64)


def held_out_noise(count, seed=0):
    """The one fixed noise sample the held-out negative ELBO is computed with."""
    return np.random.default_rng(seed + 1).normal(size=(count, LATENT))


def train(step, epochs=EPOCHS, seed=0):
    """Adam on minibatches of 50, with `step(params, x, eps) -> (loss, grads)`.

    Returns the final parameters and, per epoch (0 = before training), the held-out negative
    ELBO on one fixed noise sample. A step whose gradients are not finite stops training: the
    remaining epochs report inf, as a diverged model deserves."""
    x_train, _, x_test, _ = split()
    rng = np.random.default_rng(seed)
    flat = FlatParams(init_params(seed))
    first, second = np.zeros_like(flat.vector), np.zeros_like(flat.vector)
    test_eps = held_out_noise(len(x_test), seed)
    history = [negative_elbo(flat.handed_out(), x_test, test_eps)]
    steps = 0
    for _ in range(int(epochs)):
        if not np.isfinite(history[-1]):
            history.append(float("inf"))
            continue
        order = rng.permutation(len(x_train))
        for start in range(0, len(order), BATCH):
            batch = x_train[order[start:start + BATCH]]
            eps = rng.normal(size=(len(batch), LATENT))
            g = flat.flatten(step(flat.handed_out(), batch, eps)[1])
            steps += 1
            rate = LEARNING_RATE * math.sqrt(1.0 - BETA2**steps) / (1.0 - BETA1**steps)
            with np.errstate(all="ignore"):
                first = BETA1 * first + (1.0 - BETA1) * g
                second = BETA2 * second + (1.0 - BETA2) * (g * g)
                flat.vector = flat.vector - rate * first / (np.sqrt(second) + ADAM_EPS)
        finite = bool(np.all(np.isfinite(flat.vector)))
        loss = negative_elbo(flat.handed_out(), x_test, test_eps) if finite else float("inf")
        history.append(loss if np.isfinite(loss) else float("inf"))
    return flat.as_dict(), history
