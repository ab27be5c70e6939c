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


def _first_digit() -> np.ndarray:
    (x_train, _), _ = _mnist()
    return x_train[0]


def _bright_share() -> float:
    return float(np.mean(_first_digit() > 128))


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
            "What fraction of the pixels in the first MNIST training digit are brighter "
            "than 128 (value > 128)? Give a number between 0 and 1, with three decimals."
        ),
        form=Number("the fraction", atol=1e-3),
        solve=_bright_share,
        reason=lambda f: f"Correct: {f:.1%} of the digit's pixels are above 128.",
        hint=(
            "Compare the digit x_train[0] with 128, which gives a boolean image, and take "
            "its mean: the share of True values."
        ),
        mistakes=[
            Mistake(
                "That is a percentage: give the fraction between 0 and 1 (divide by 100).",
                example=lambda: 100 * _bright_share(),
            ),
            Mistake(
                "That is the number of bright pixels: divide it by the 28 × 28 = 784 pixels "
                "of the image to get a fraction.",
                example=lambda: int(np.sum(_first_digit() > 128)),
            ),
            Mistake(
                "That is the share of pixels at or below 128: compare with > 128, not <= 128.",
                example=lambda: 1 - _bright_share(),
            ),
            Mistake(
                "That is the share of all non-zero pixels, faint ones included; count only "
                "the pixels above 128.",
                example=lambda: float(np.mean(_first_digit() > 0)),
            ),
            Mistake(
                "That is the share of background (zero) pixels; the question asks for the "
                "pixels above 128.",
                example=lambda: float(np.mean(_first_digit() == 0)),
                matches=lambda v: abs(float(v) - float(np.mean(_first_digit() == 0))) < 5e-3,
            ),
            Mistake(
                "Right idea, but rounded too far: give three decimals.",
                example=lambda: round(_bright_share(), 2),
                matches=lambda v: (
                    abs(float(v) - round(float(v), 2)) < 1e-6
                    and abs(float(v) - _bright_share()) < 0.01
                ),
            ),
        ],
        explanation="""
`answer = float(np.mean(x_train[0] > 128))`

`x_train[0] > 128` is a 28×28 boolean image that is `True` on the bright part of the
stroke. The mean of booleans is the share of `True` values, so it is the fraction of
pixels above 128: about a tenth for the shipped subset's first digit. Most of the
image is background, and the stroke's edges are grey, between 1 and 128.
""",
    ),
]
