import numpy as np


def __SLUG__(y_true, y_pred):
    """The mean squared error of y_pred against y_true (1-D arrays
    of one length), a float."""
    # Your code here.
    raise NotImplementedError("__SLUG__ is not written yet")
