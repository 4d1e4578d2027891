"""Probes and sweeps for `vae_digits`. `observe` reports the loss and every gradient on small
seeded batches. The sweeps train on the digits with the learner's gradients and show what
the model learnt: the held-out negative ELBO per epoch (computed by training.py), its
reconstructions of held-out digits, samples from the prior, the latent means coloured by
digit; and the loss as b_lv moves."""
import importlib.util
from pathlib import Path

import numpy as np


def load_training():
    """training.py from beside this file: probes are loaded by path, not from the tests' folder."""
    spec = importlib.util.spec_from_file_location("vae_digits_training", Path(__file__).parent / "training.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


training = load_training()

NAMES = training.NAMES
EPOCHS = training.EPOCHS


def small_case(seed, n, d=3, hidden=3, k=2):
    rng = np.random.default_rng(seed)
    shapes = {"W_enc": (d, hidden), "b_enc": (hidden,), "W_mu": (hidden, k), "b_mu": (k,),
              "W_lv": (hidden, k), "b_lv": (k,), "W_hid": (k, hidden), "b_hid": (hidden,),
              "W_out": (hidden, d), "b_out": (d,)}
    params = {name: 0.7 * rng.normal(size=shape) for name, shape in shapes.items()}
    params["b_lv"] = np.linspace(-1.0, 1.0, k)   # variances away from 1: std and variance differ
    return {"params": params, "x": rng.uniform(size=(n, d)), "eps": rng.normal(size=(n, k))}


def probes():
    return [small_case(2718, 4), small_case(3141, 2)]


def observe(module, probe):
    params = {name: np.array(value, copy=True) for name, value in probe["params"].items()}
    loss, grads = module.vae_loss_and_grads(params, np.array(probe["x"], copy=True), np.array(probe["eps"], copy=True))
    return {"loss": loss, "grads": {name: grads[name] for name in NAMES}}


def typical_digits(x_train, labels_train, x_test, labels_test):
    """For each digit, the held-out image nearest its digit's mean training image: a typical
    one, chosen from the data alone (not by any model), so that the reconstructions show how
    the model draws a digit, not how it copes with an odd hand."""
    shown = []
    for digit in range(10):
        mean = x_train[labels_train == digit].mean(axis=0)
        candidates = np.flatnonzero(labels_test == digit)
        shown.append(int(candidates[np.argmin(np.sum((x_test[candidates] - mean) ** 2, axis=1))]))
    return shown


def two_most_used(means):
    """The latent means on the two dimensions whose means vary most across the digits (the
    ones the model uses most), the more varied first: a 2-D view of a 4-D code."""
    order = np.argsort(-np.var(means, axis=0), kind="stable")[:2]
    return means[:, order]


def sweeps():
    """One training run of EPOCHS epochs per module, with its gradients, cached: every sweep
    below but the last reads the same trained model, so a plot run costs one training.

    held_out: the held-out negative ELBO after each epoch. reconstructions: a typical held-out image
    of each digit through the encoder's mean and the decoder, under the inputs and the same
    model's reconstructions before training. samples: the decoder on ten fixed draws from the
    prior N(0, I). latent: the encoder's means of the 297 held-out digits on the two latent
    dimensions it uses most, coloured by digit. loss_b_lv: the loss on one fixed batch of 20
    digits as b_lv (every latent dimension) moves, no training at all."""
    runs = {}

    def trained(module):
        key = id(module)
        if key not in runs or runs[key][0] is not module:
            runs[key] = (module, *training.train(module.vae_loss_and_grads, EPOCHS))
        return runs[key][1], runs[key][2]

    x_train, labels_train, x_test, labels_test = training.split()
    batch = x_train[:20]
    params = training.init_params(5)
    eps = np.random.default_rng(6).normal(size=(20, training.LATENT))
    shown = typical_digits(x_train, labels_train, x_test, labels_test)
    prior = np.random.default_rng(7).normal(size=(10, training.LATENT))
    untrained = training.init_params(0)   # where train() starts: the same for every module
    start = training.negative_elbo(untrained, x_test, training.held_out_noise(len(x_test)))

    def loss_at(module, b):
        shifted = {name: value.copy() for name, value in params.items()}
        shifted["b_lv"] = np.full(training.LATENT, float(b))
        return float(module.vae_loss_and_grads(shifted, batch.copy(), eps.copy())[0])

    def reconstruct(module):
        model = trained(module)[0]
        return training.decode(model, training.latent_means(model, x_test[shown]))

    return [
        # From epoch 1: the untrained model's score (46.7) would squeeze the rest of the curve
        # into a band where the departures the training test fails are too thin to see.
        {"name": "held_out", "title": "Held-out negative ELBO after each epoch of training with your gradients "
                                      f"({start:.1f} nats per digit before training)",
         "x_label": "epoch", "y_label": "nats per digit", "xs": list(range(1, EPOCHS + 1)),
         "call": lambda module, epoch: trained(module)[1][int(epoch)]},
        {"name": "reconstructions", "kind": "images", "shape": [8, 8], "count": 10,
         "title": "A typical held-out image of each digit and its reconstruction, after training with your gradients",
         "inputs": x_test[shown], "captions": [f"digit {digit}" for digit in range(10)],
         "before": training.decode(untrained, training.latent_means(untrained, x_test[shown])),
         "call": reconstruct},
        {"name": "samples", "kind": "images", "shape": [8, 8], "count": 10,
         "title": "Ten samples from the prior N(0, I), drawn by the decoder you trained",
         "call": lambda module: training.decode(trained(module)[0], prior)},
        {"name": "latent", "kind": "scatter",
         "title": "Where the encoder puts the 297 held-out digits: the means mu on its two most used dimensions",
         "x_label": "most used mu", "y_label": "next most used mu", "labels": labels_test, "label_name": "digit",
         "call": lambda module: two_most_used(training.latent_means(trained(module)[0], x_test))},
        {"name": "loss_b_lv", "title": "Your loss on 20 digits as b_lv moves",
         "x_label": "b_lv", "y_label": "loss", "xs": [round(-3.0 + 0.15 * i, 2) for i in range(41)],
         "call": loss_at},
    ]
