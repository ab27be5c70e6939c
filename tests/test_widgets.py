"""course_utils.widgets re-exports the explorers, so the notebooks' imports keep working."""

from course_utils import kernel_explorer, output_size_explorer, plotting, shapes, widgets, windows


def test_widgets_reexports_every_name_from_its_module():
    for name in widgets.__all__:
        home = next(
            m
            for m in (kernel_explorer, output_size_explorer, plotting, windows)
            if name in m.__all__
        )
        assert getattr(widgets, name) is getattr(home, name), name


def test_shapes_reaches_the_window_arithmetic():
    assert shapes.compute_windows is windows.compute_windows
    assert shapes.describe_windows is windows.describe_windows
