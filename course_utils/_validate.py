"""Argument checks shared by the package (private: only course_utils modules import it).

One rule for the error type: a value of the wrong *type* (a float or a bool where an int is
needed, ``None`` or a number where a padding name is needed) raises ``TypeError``; a value of
the right type that is out of range or otherwise wrong raises ``ValueError``. Every message
names the argument, says what it must be, and shows what it got.

Examples
--------
>>> integer("stride", 2, 1)
2
>>> integer("stride", 0, 1)
Traceback (most recent call last):
...
ValueError: stride must be an int >= 1, got 0
>>> pair("strides", (2, 1))
(2, 1)
>>> padding_name("SAME")
'same'
"""

from __future__ import annotations

from numbers import Integral

__all__ = [
    "KernelTooLargeError",
    "integer",
    "is_int",
    "pad_spec",
    "padding_name",
    "pair",
]


class KernelTooLargeError(ValueError):
    """The (dilated) kernel or pooling window does not fit in the (padded) input.

    A ``ValueError``, so ``except ValueError`` still catches it; code that shows this case
    instead of raising it (the explorers, ``pool_output_size``) catches this class.
    """


def is_int(value: object) -> bool:
    """True for Python and NumPy integers, False for bools (which Python counts as ints)."""
    return isinstance(value, Integral) and not isinstance(value, bool)


def integer(
    name: str,
    value: object,
    minimum: int | None = None,
    *,
    below: int | None = None,
    what: str | None = None,
) -> int:
    """Return ``value`` as an int in ``[minimum, below)``, or raise naming the argument.

    ``what`` replaces the default description, "an int >= {minimum}" (or "an int").
    """
    what = what or ("an int" if minimum is None else f"an int >= {minimum}")
    if not is_int(value):
        raise TypeError(f"{name} must be {what}, got {value!r} of type {type(value).__name__}")
    if (minimum is not None and value < minimum) or (below is not None and value >= below):
        raise ValueError(f"{name} must be {what}, got {value}")
    return int(value)


def pair(name: str, value: object, minimum: int = 1) -> tuple[int, int]:
    """Return an int or a (height, width) pair of ints ``>= minimum`` as a pair, as Keras does."""
    what = f"an int >= {minimum} or a (height, width) pair"
    items = tuple(value) if isinstance(value, tuple | list) else (value, value)
    if len(items) != 2:
        raise ValueError(f"{name} must be {what}, got {value!r}")
    for item in items:
        if not is_int(item):
            raise TypeError(f"{name} must be {what}, got {value!r}")
        if item < minimum:
            raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(items[0]), int(items[1])


def padding_name(value: object, *, name: str = "padding", note: str = "any case") -> str:
    """Return "valid" or "same" for either name in any case, or raise naming the argument."""
    message = f"{name} must be 'valid' or 'same' ({note}), got {value!r}"
    if not isinstance(value, str):
        raise TypeError(message)
    if value.lower() not in ("valid", "same"):
        raise ValueError(message)
    return value.lower()


def pad_spec(value: object) -> str | tuple[int, int]:
    """Turn every spelling ``conv_output_size`` accepts into "valid", "same" or (before, after).

    Examples
    --------
    >>> pad_spec("Valid"), pad_spec(2), pad_spec([0, 1])
    ('valid', (2, 2), (0, 1))
    """
    accepted = "'valid', 'same', an int >= 0 or a (before, after) pair"
    if isinstance(value, str):
        if value.lower() not in ("valid", "same"):
            raise ValueError(f"padding must be {accepted}, got {value!r}")
        return value.lower()
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ValueError(
                f"padding as a sequence must be a (before, after) pair, got {len(value)} items"
            )
        return integer("padding[0] (before)", value[0], 0), integer(
            "padding[1] (after)", value[1], 0
        )
    if not is_int(value):
        raise TypeError(f"padding must be {accepted}, got {value!r} of type {type(value).__name__}")
    pad = integer("padding", value, 0)
    return pad, pad
