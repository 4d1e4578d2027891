"""Multiplies the noise by logvar itself.

Explanation: Your code uses logvar directly as the standard deviation. It is a logarithm
(and can be negative); the standard deviation is exp(logvar / 2).
Hint: exponentiate half of logvar before scaling eps.
"""


def reparameterize(mu, logvar, eps):
    return mu + logvar * eps
