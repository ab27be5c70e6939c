"""Exercises of ``00_start_here``: count images and pixels in the data.

The expected values come from the same loaders the notebook calls, so they follow
whichever source (full data set or shipped subset) this machine provides.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from course_utils.exercises._core import Exercise, Int, Mistake, Number


@cache
def _fashion():
    from course_utils.data import load_fashion_mnist

    return load_fashion_mnist(verbose=False)


@cache
def _mnist():
    from course_utils.data import load_mnist

    return load_mnist(verbose=False)


def _count(labels: np.ndarray, name: str) -> int:
    from course_utils.data import FASHION_CLASSES

    return int(np.sum(labels == FASHION_CLASSES.index(name)))


def _sneakers_in_test() -> int:
    (_, _), (_, y_test) = _fashion()
    return _count(y_test, "Sneaker")


def _zero_share() -> float:
    (x_train, _), _ = _mnist()
    return float(np.mean(x_train[0] == 0))


EXERCISES = [
    Exercise(
        id="00.1",
        task="How many Fashion-MNIST test images show a sneaker?",
        form=Int("the count"),
        solve=_sneakers_in_test,
        reason=lambda n: f"Correct: {n:,} test images show a sneaker.",
        hint=(
            "Compare the test labels yf_test with the sneaker's class index, "
            'cu.FASHION_CLASSES.index("Sneaker"), and count the matches with np.sum.'
        ),
        mistakes=[
            Mistake(
                "That is the number of sneakers in the *training* set: use yf_test, not yf_train.",
                example=lambda: _count(_fashion()[0][1], "Sneaker"),
            ),
            Mistake(
                "That is the size of the whole test set: keep only the labels equal to the "
                "sneaker's class index before you count.",
                example=lambda: len(_fashion()[1][1]),
            ),
            Mistake(
                "That is the sneakers' *share* of the test set; the question asks for a count "
                "of images.",
                example=lambda: _sneakers_in_test() / len(_fashion()[1][1]),
                matches=lambda v: np.isclose(float(v), _sneakers_in_test() / len(_fashion()[1][1])),
                raw=True,
            ),
        ],
        explanation="""
`answer = int(np.sum(yf_test == cu.FASHION_CLASSES.index("Sneaker")))`

`cu.FASHION_CLASSES.index("Sneaker")` is the sneaker's label (7). Comparing every test
label with it gives a boolean array, and `np.sum` counts its `True` values. The full
test set has 1,000 images of each class; the shipped subset has 200.
""",
    ),
    Exercise(
        id="00.2",
        task=(
            "What fraction of the pixels in the first MNIST training digit are zero? "
            "Give a number between 0 and 1."
        ),
        form=Number("the fraction", atol=1e-4),
        solve=_zero_share,
        reason=lambda f: f"Correct: {f:.1%} of the digit's pixels are background (0).",
        hint=(
            "Compare the digit x_train[0] with 0, which gives a boolean image, and take "
            "its mean: the share of True values."
        ),
        mistakes=[
            Mistake(
                "That is a percentage: give the fraction between 0 and 1 (divide by 100).",
                example=lambda: 100 * _zero_share(),
            ),
            Mistake(
                "That is the number of zero pixels: divide it by the 28 × 28 = 784 pixels "
                "of the image to get a fraction.",
                example=lambda: int(np.sum(_mnist()[0][0][0] == 0)),
            ),
            Mistake(
                "That is the share of *non-zero* pixels (the stroke): compare with == 0, "
                "not != 0 or > 0.",
                example=lambda: 1 - _zero_share(),
            ),
        ],
        explanation="""
`answer = float(np.mean(x_train[0] == 0))`

`x_train[0] == 0` is a 28×28 boolean image that is `True` on the background. The mean
of booleans is the share of `True` values, so it is the fraction of zero pixels
(about 0.82 for the shipped subset's first digit: most of an MNIST image is background).
""",
    ),
]
