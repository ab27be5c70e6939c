"""course_utils.sanity_checks: the deletion curve, Spearman's rank correlation and the
randomised-weights copy, on models whose right answer is known."""

import subprocess
import sys

import numpy as np
import pytest

from course_utils.sanity_checks import compute_deletion_curve, randomise_weights, rank_correlation

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")


def _one_pixel_model():
    """Class 1's logit is 4·relu(x[2, 5]): one pixel decides."""
    model = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(2), keras.layers.ReLU()]
    )
    kernel = np.zeros((64, 2), "float32")
    kernel[2 * 8 + 5, 1] = 4.0
    model.set_weights([kernel, np.zeros(2, "float32")])
    return model


def test_deleting_the_deciding_pixel_drops_the_score_most():
    model = _one_pixel_model()
    x = np.random.default_rng(0).uniform(0.5, 1, (4, 8, 8, 1)).astype("float32")
    attribution = np.zeros((4, 8, 8))
    attribution[:, 2, 5] = 1.0  # the right map ranks the pixel first
    counts, scores = compute_deletion_curve(model, x, 1, attribution, counts=[0, 1, 2, 64])
    np.testing.assert_array_equal(counts, [0, 1, 2, 64])
    np.testing.assert_allclose(scores[:, 0], 4 * x[:, 2, 5, 0])
    assert (scores[:, 1:] == 0).all()  # one deletion removes the whole score
    wrong = np.zeros((4, 8, 8))
    wrong[:, 2, 5] = -1.0  # a map that ranks it last keeps the score until the end
    _, late = compute_deletion_curve(model, x, 1, wrong, counts=8)
    assert (late[:, :-1] == scores[:, :1]).all() and (late[:, -1] == 0).all()
    random_order = np.random.default_rng(1).random((4, 8, 8))
    _, rand = compute_deletion_curve(model, x, 1, random_order, counts=[1])
    assert (rand[:, 0] >= scores[:, 1]).all() and (rand[:, 0] > 0).any()


def test_counts_as_a_number_of_steps():
    model = _one_pixel_model()
    counts, scores = compute_deletion_curve(
        model, np.ones((1, 8, 8, 1)), 0, np.zeros((1, 8, 8)), counts=4
    )
    np.testing.assert_array_equal(counts, [0, 16, 32, 48, 64])
    assert scores.shape == (1, 5)


def test_deletion_curve_rejects_bad_input(expect_error):
    model = _one_pixel_model()
    x = np.ones((2, 8, 8, 1), "float32")
    a = np.zeros((2, 8, 8))
    expect_error(lambda: compute_deletion_curve(model, x, 1, a[0]), ValueError, "attribution must")
    expect_error(lambda: compute_deletion_curve(model, x[0], 1, a), ValueError, "rank-4 NHWC")
    expect_error(lambda: compute_deletion_curve(model, x, 2, a), ValueError, "class_index")
    expect_error(lambda: compute_deletion_curve(model, x, 1, a, counts=[65]), ValueError, "counts")
    expect_error(lambda: compute_deletion_curve(model, x, 1, a, counts=0), ValueError, "counts")


def _average_ranks(values):
    """Ranks by counting: (number smaller) + (number equal + 1) / 2."""
    values = np.asarray(values, float).ravel()
    return np.array([(values < v).sum() + ((values == v).sum() + 1) / 2 for v in values])


def test_rank_correlation_is_pearsons_r_of_average_ranks():
    rng = np.random.default_rng(0)
    for _ in range(20):
        a = rng.integers(0, 5, (4, 6)).astype(float)  # many ties
        b = a + rng.integers(-2, 3, a.shape)
        expected = np.corrcoef(_average_ranks(a), _average_ranks(b))[0, 1]
        assert rank_correlation(a, b) == pytest.approx(expected, abs=1e-12)
    a = rng.normal(size=50)
    assert rank_correlation(a, np.exp(a)) == pytest.approx(1.0)  # any increasing map
    assert rank_correlation(a, -(a**3)) == pytest.approx(-1.0)
    assert np.isnan(rank_correlation(np.ones(5), a[:5]))  # a constant map has no ranking


def test_rank_correlation_per_image():
    rng = np.random.default_rng(2)
    a = rng.normal(size=(3, 4, 4))
    b = np.stack([a[0], -a[1], rng.normal(size=(4, 4))])
    r = rank_correlation(a, b, batched=True)
    assert r.shape == (3,) and r[0] == pytest.approx(1) and r[1] == pytest.approx(-1)
    assert abs(r[2]) < 1


def test_rank_correlation_rejects_bad_input(expect_error):
    expect_error(lambda: rank_correlation([1, 2], [1, 2, 3]), ValueError, "same shape")
    expect_error(lambda: rank_correlation([1], [1]), ValueError, "at least 2")


def test_randomise_weights_keeps_the_scale_and_leaves_the_model_alone():
    model = keras.Sequential(
        [
            keras.Input((6, 6, 1)),
            keras.layers.Conv2D(8, 3),
            keras.layers.Flatten(),
            keras.layers.Dense(3),
        ]
    )
    rng = np.random.default_rng(5)  # seeded "trained" weights: the test never varies
    model.set_weights(
        [rng.normal(0.1, 0.2, w.shape).astype("float32") for w in model.get_weights()]
    )
    model.layers[0].bias.assign(np.zeros(8, "float32"))
    before = [w.copy() for w in model.get_weights()]
    copy = randomise_weights(model, seed=3)
    for old, new, now in zip(before, copy.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, now)  # the original is untouched
        assert new.shape == old.shape
        if old.size >= 50:  # the kernels: structure gone, scale kept
            assert abs(rank_correlation(old, new)) < 0.5
            assert new.std() == pytest.approx(old.std(), rel=0.3)
            assert new.mean() == pytest.approx(old.mean(), abs=0.1)
        elif old.std() > 0:
            assert not np.array_equal(new, old)
        else:
            np.testing.assert_array_equal(new, old)  # zero biases stay zero
    again = randomise_weights(model, seed=3)
    for a, b in zip(copy.get_weights(), again.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)  # the seed decides


def test_imports_without_tensorflow():
    code = "import sys, course_utils.sanity_checks; assert 'tensorflow' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
