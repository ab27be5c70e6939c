"""course_utils.evaluation: confusion matrix, confused pairs and learning curves."""

import numpy as np
import pytest

from course_utils import evaluation

pytestmark = pytest.mark.usefixtures("close_figures")


def test_confusion_matrix_counts_true_by_predicted():
    m = evaluation.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], num_classes=3)
    assert m.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert m.sum() == 6 and np.trace(m) == 4


def test_confusion_matrix_bad_input():
    with pytest.raises(ValueError, match="y_true has 2 labels but y_pred has 1"):
        evaluation.confusion_matrix([0, 1], [0])
    with pytest.raises(ValueError, match=r"labels must lie in \[0, num_classes=2\)"):
        evaluation.confusion_matrix([0, 2], [0, 1], num_classes=2)


def test_show_confusion_matrix_labels_axes_and_cells():
    fig = evaluation.show_confusion_matrix([0, 1, 1], [0, 1, 0], ["cat", "dog"], title="t")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog"]
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "1", "1"]
    assert ax.images[0].get_cmap().name == "viridis"  # perceptually uniform (issue 20)
    assert ax.images[0].colorbar is not None and len(fig.axes) == 2  # a heat map has its bar


def test_confusion_matrix_matches_tensorflow():
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 10, 500), rng.integers(0, 10, 500)
    expected = tf.math.confusion_matrix(y_true, y_pred, num_classes=10).numpy()
    np.testing.assert_array_equal(evaluation.confusion_matrix(y_true, y_pred), expected)


def test_show_history_plots_training_and_validation_per_metric():
    logs = {"loss": [0.9, 0.5, 0.4], "val_loss": [1.0, 0.7, 0.6], "accuracy": [0.7, 0.8, 0.9]}
    fig = evaluation.show_history(logs, title="curves")
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss", "accuracy"]
    loss_lines = fig.axes[0].lines
    assert [line.get_label() for line in loss_lines] == ["training", "validation"]
    assert list(loss_lines[1].get_xdata()) == [1, 2, 3]  # epochs count from 1
    assert fig._suptitle.get_text() == "curves"


def test_show_history_reads_a_keras_history_object():
    class History:
        def __init__(self):
            self.history = {"loss": [1.0, 0.5]}

    fig = evaluation.show_history(History(), metrics=["loss"])
    assert len(fig.axes) == 1


@pytest.mark.parametrize(
    ("history", "metrics", "error", "message"),
    [
        ([0.5], ("loss",), TypeError, "history must be a keras History or a dict, got list"),
        ({"loss": [1.0]}, "loss", ValueError, "metrics must be a non-empty sequence"),
        ({"loss": [1.0]}, (), ValueError, "metrics must be a non-empty sequence"),
        ({"loss": [1.0]}, ("acc",), ValueError, r"history has no 'acc'; it has \['loss'\]"),
    ],
)
def test_show_history_bad_input(history, metrics, error, message):
    with pytest.raises(error, match=message):
        evaluation.show_history(history, metrics)


def test_find_confused_pairs_orders_by_count_then_position():
    matrix = np.array([[50, 3, 7], [3, 40, 0], [9, 1, 30]])
    pairs = evaluation.find_confused_pairs(matrix, ["a", "b", "c"], top=3)
    assert pairs == [("c", "a", 9), ("a", "c", 7), ("a", "b", 3)]  # (a, b) before (b, a) on ties
    assert evaluation.find_confused_pairs(matrix, top=1) == [(2, 0, 9)]
    assert len(evaluation.find_confused_pairs(matrix, top=100)) == 6  # only off-diagonal cells


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"matrix": np.zeros((2, 3))}, r"matrix must be a square \(k, k\) array"),
        ({"matrix": np.zeros(4)}, r"matrix must be a square \(k, k\) array"),
        ({"matrix": np.eye(3), "class_names": "ab"}, "class_names has 2 names for 3 classes"),
        ({"matrix": np.eye(3), "top": 0}, "top must be an int >= 1"),
    ],
)
def test_find_confused_pairs_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        evaluation.find_confused_pairs(**kwargs)


def test_find_confused_pairs_wrong_type_of_top():
    with pytest.raises(TypeError, match="top must be an int >= 1"):
        evaluation.find_confused_pairs(np.eye(3), top=True)
