"""The output-size explorer of lecture 4: sliders for W, F, S, D and the padding.

The arithmetic lives in :mod:`course_utils.windows` and the picture in
:func:`course_utils.plotting.show_windows`; this module only wires ipywidgets controls to
them. Setting a control's ``.value`` fires its callbacks at once, in a notebook or a test.
"""

from __future__ import annotations

from course_utils import shapes
from course_utils._validate import KernelTooLargeError, integer
from course_utils.plotting import show_windows
from course_utils.windows import compute_windows, describe_windows, padding_mode

__all__ = ["SLIDERS", "OutputSizeExplorer", "make_output_size_explorer"]

#: How the error messages name the explicit pads (as ``course_utils.shapes`` does).
_ARGUMENT_NAMES = {"pad_before": "padding[0] (before)", "pad_after": "padding[1] (after)"}

#: The one table of slider limits: argument -> (lowest, highest, slider label).
SLIDERS = {
    "input_size": (1, 20, "W (input)"),
    "kernel_size": (1, 7, "F (kernel)"),
    "stride": (1, 4, "S (stride)"),
    "dilation": (1, 4, "D (dilation)"),
    "pad_before": (0, 4, "P before"),
    "pad_after": (0, 4, "P after"),
}


class OutputSizeExplorer:
    """Sliders for W, F, S, D and the padding, with the formula and the window picture below.

    Build it with :func:`make_output_size_explorer`. After each change ``windows`` holds the
    :class:`~course_utils.windows.Windows` (None when the kernel does not fit) and
    ``status`` the filled-in formula.
    """

    def __init__(self, input_size=7, kernel_size=3, stride=1, padding="valid", dilation=1, *,
                 draw: bool = True):  # fmt: skip
        import ipywidgets as w

        try:  # check every argument
            compute_windows(input_size, kernel_size, stride, padding, dilation)
        except KernelTooLargeError:
            pass  # shown in the status line, not raised
        mode, pads = padding_mode(padding)
        values = {"input_size": input_size, "kernel_size": kernel_size, "stride": stride,
                  "dilation": dilation, "pad_before": pads[0], "pad_after": pads[1]}  # fmt: skip
        for key, value in values.items():
            top = SLIDERS[key][1]
            what = f"at most {top} in the explorer"
            integer(_ARGUMENT_NAMES.get(key, key), value, below=top + 1, what=what)
        if not isinstance(draw, bool):
            raise TypeError(f"draw must be True or False, got {draw!r}")
        self.draw, self.windows = draw, None
        for key, value in values.items():
            low, high, label = SLIDERS[key]
            setattr(self, key, w.IntSlider(value=value, min=low, max=high, description=label))
        self.padding = w.ToggleButtons(options=["valid", "same", "explicit"], value=mode,
                                       description="padding")  # fmt: skip
        self.status = w.HTML()
        self.output = w.Output()
        controls = [self.input_size, self.kernel_size, self.stride, self.dilation, self.padding,
                    self.pad_before, self.pad_after]  # fmt: skip
        for control in controls:
            control.observe(lambda _change: self.update(), names="value")
        self.widget = w.VBox([w.VBox(controls), self.status, self.output])
        self.update()

    def update(self) -> None:
        """Recompute ``windows`` and ``status`` from the controls, and redraw."""
        explicit = self.padding.value == "explicit"
        self.pad_before.disabled = self.pad_after.disabled = not explicit
        padding = (self.pad_before.value, self.pad_after.value) if explicit else self.padding.value
        args = (self.input_size.value, self.kernel_size.value, self.stride.value)
        try:
            self.windows = compute_windows(*args, padding, self.dilation.value)
        except KernelTooLargeError as err:  # the sliders allow nothing else that fails
            self.windows = None
            self.status.value = f"<b>The window does not fit:</b> {err}"
            self.output.clear_output()
            return
        self.status.value = "<pre>" + describe_windows(self.windows) + "</pre>"
        if self.draw:
            import matplotlib.pyplot as plt

            with self.output:
                self.output.clear_output(wait=True)
                fig = show_windows(self.windows)
                plt.show()
                plt.close(fig)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def make_output_size_explorer(
    input_size: int = 7,
    kernel_size: int = 3,
    stride: int = 1,
    padding: shapes.Padding = "valid",
    dilation: int = 1,
    *,
    draw: bool = True,
) -> OutputSizeExplorer:
    """Build the output-size explorer with these starting values; display the returned object.

    Sliders cover W 1–20, F 1–7, S 1–4, D 1–4 and explicit pads 0–4 (:data:`SLIDERS`);
    ``padding`` is "valid", "same", an int or a (before, after) pair. ``draw=False`` skips
    the picture (for tests).

    Examples
    --------
    >>> explorer = make_output_size_explorer(7, 3, draw=False)
    >>> explorer.stride.value = 2  # fires the callback, as dragging the slider would
    >>> explorer.windows.output_size
    3
    """
    return OutputSizeExplorer(input_size, kernel_size, stride, padding, dilation, draw=draw)
