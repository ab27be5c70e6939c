"""course_utils._validate: one rule for TypeError (wrong type) and ValueError (wrong value)."""

import numpy as np
import pytest

from course_utils import conv, shapes
from course_utils._validate import KernelTooLargeError, integer, pad_spec, padding_name, pair


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: integer("stride", 1.0, 1), TypeError, "stride must be an int >= 1, got 1.0"),
        (lambda: integer("stride", True, 1), TypeError, "got True of type bool"),
        (lambda: integer("stride", 0, 1), ValueError, "stride must be an int >= 1, got 0"),
        (lambda: integer("seed", 9, 0, below=9, what="an int in [0, 9)"), ValueError, "[0, 9)"),
        (lambda: pair("strides", (1, 2, 3)), ValueError, "(height, width) pair"),
        (lambda: pair("strides", (1, 1.5)), TypeError, "strides must be an int >= 1"),
        (lambda: pair("strides", 0), ValueError, "strides must be an int >= 1"),
        (lambda: padding_name(None), TypeError, "padding must be 'valid' or 'same' (any case)"),
        (lambda: padding_name("full"), ValueError, "got 'full'"),
        (lambda: pad_spec(None), TypeError, "padding must be 'valid', 'same', an int >= 0"),
        (lambda: pad_spec(-1), ValueError, "padding must be an int >= 0"),
        (lambda: pad_spec((1, 2, 3)), ValueError, "(before, after) pair, got 3 items"),
    ],
)
def test_wrong_types_raise_type_error_and_wrong_values_value_error(
    call, error, message, expect_error
):
    expect_error(call, error, message)


def test_checks_return_plain_python_values():
    assert type(integer("n", np.int64(3), 1)) is int
    assert pair("strides", 2) == (2, 2) and pair("strides", [3, 1]) == (3, 1)
    assert padding_name("Same") == "same"
    assert pad_spec(1) == (1, 1) and pad_spec("VALID") == "valid"


@pytest.mark.parametrize(
    "call",
    [
        lambda: shapes.conv_output_size(2, 3),
        lambda: shapes.pool_output_size(3, 4),
        lambda: conv.corr2d(np.ones((2, 2)), np.ones((3, 3))),
        lambda: conv.conv2d(np.ones((1, 2, 2, 1)), np.ones((3, 3, 1, 1))),
        lambda: conv.conv_matrix((2, 2), np.ones((3, 3))),
    ],
)
def test_a_kernel_too_large_raises_the_typed_error(call):
    with pytest.raises(KernelTooLargeError, match="larger than"):
        call()
    assert issubclass(KernelTooLargeError, ValueError)
    assert shapes.KernelTooLargeError is KernelTooLargeError
