"""Exercises of lecture 02, dropout: porting TF1 keep_prob."""

from __future__ import annotations

from course_utils.exercises._core import Exercise, Function, Mistake, Number
from course_utils.exercises.lecture02._common import (
    _dropout_accept,
    _dropout_always,
    _dropout_keep_as_rate,
    _dropout_keep_prob_keyword,
    _dropout_never,
    _dropout_percent,
    _dropout_solution,
    _dropout_stats,
    _dropout_unscaled,
    _eval_is_identity,
    _is_dropout,
    _raises_keep_prob_type_error,
    _raises_on_rate,
)

EXERCISES = [
    Exercise(
        id="02.7",
        task=(
            "A TF1 script says keep_prob = 0.8 and calls tf.nn.dropout(fc, keep_prob). "
            "Which rate do you pass to TF2's tf.nn.dropout to keep the same behaviour?"
        ),
        form=Number("the rate", atol=1e-6),
        solve=lambda: 1 - 0.8,
        reason="Correct: rate = 1 − keep_prob, so 80% of the units survive.",
        hint="TF2's second argument is the share of units to drop; TF1's was the share to keep.",
        mistakes=[
            Mistake(
                "That is the keep probability: TF2's rate is the share to *drop*, "
                "so this would drop 80% of the units.",
                example=lambda: 0.8,
            ),
            Mistake(
                "Give the rate as a fraction between 0 and 1, not a percentage.",
                example=lambda: 20,
                matches=lambda v: abs(v - 20) < 1e-6,
            ),
        ],
        explanation="""
`answer = 1 - 0.8`, that is 0.2: TF2's `tf.nn.dropout(x, rate)` takes the drop rate,
the share of units to zero. Passing 0.8 would drop 80% of the units instead of 20%.
""",
    ),
    Exercise(
        id="02.8",
        task=(
            "Port TF1 dropout with keep_prob = 0.9: write dropout(fc, training) that "
            "drops units with TF2's tf.nn.dropout while training and returns fc unchanged "
            "otherwise."
        ),
        form=Function("dropout"),
        solve=lambda: _dropout_solution,
        accept=_dropout_accept,
        reason=(
            "Correct: about 90% of the units survive in training, scaled by 1/0.9, and "
            "evaluation leaves fc as it is."
        ),
        hint=(
            "Call your function on tf.ones([1, 1000]) with training=True and False, and "
            "count the survivors and their value."
        ),
        mistakes=[
            Mistake(
                "Only about 10% of the units survive: you passed the keep probability as "
                "the rate. TF2's rate is the share to drop, 1 − keep_prob.",
                example=lambda: _dropout_keep_as_rate,
                matches=_is_dropout(0.1),
            ),
            Mistake(
                "TF2's tf.nn.dropout has no keep_prob argument (calling it raises a "
                "TypeError): pass the drop rate instead, rate=1 - keep_prob.",
                example=lambda: _dropout_keep_prob_keyword,
                matches=_raises_keep_prob_type_error,
            ),
            Mistake(
                "With training=False the function must return fc unchanged: no dropout, and "
                "no TF1-style scaling by keep_prob either (TF2 scales the survivors while "
                "training).",
                example=lambda: _dropout_always,
                matches=lambda f: not _eval_is_identity(f),
            ),
            Mistake(
                "The survivors keep their value 1: dropout must scale them by "
                "1 / (1 − rate) so the expected sum stays the same. tf.nn.dropout does it.",
                example=lambda: _dropout_unscaled,
                matches=lambda f: (
                    abs(_dropout_stats(f, True)[0] - 0.9) < 0.01
                    and abs(_dropout_stats(f, True)[1] - 1) < 1e-6
                ),
            ),
            Mistake(
                "Nothing is dropped when training=True: call tf.nn.dropout in that case.",
                example=lambda: _dropout_never,
                matches=lambda f: _dropout_stats(f, True)[0] == 1,
            ),
            Mistake(
                "tf.nn.dropout raised: the rate must be a fraction in [0, 1), not a percentage.",
                example=lambda: _dropout_percent,
                matches=_raises_on_rate,
            ),
        ],
        explanation="""
```python
def dropout(fc, training):
    return tf.nn.dropout(fc, rate=1 - 0.9) if training else fc

answer = dropout
```
TF2's `rate` is the share to drop, 1 − keep_prob = 0.1. `tf.nn.dropout` zeroes about
10% of the units and scales the others by 1/0.9, so the expected sum stays the same;
at evaluation the layer is the identity, as `ConvNet.__call__` does with `training`.
""",
    ),
]
