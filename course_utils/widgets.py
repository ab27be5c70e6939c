"""The kernel explorer of lecture 1: pure functions, plus a thin ipywidgets layer on top.

Everything the widget computes lives in plain functions (:func:`parse_weights`,
:func:`format_weights`, :func:`apply_kernel`, :func:`describe_output`), so pytest tests
the logic without a browser. :class:`KernelExplorer` only wires controls to them: setting
a control's ``.value`` fires its callbacks at once, in a notebook or in a test.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

import numpy as np

from course_utils import conv, kernels, shapes

__all__ = [
    "CUSTOM",
    "KernelExplorer",
    "OutputSizeExplorer",
    "Windows",
    "apply_kernel",
    "compute_windows",
    "describe_output",
    "describe_windows",
    "format_weights",
    "make_kernel_explorer",
    "make_output_size_explorer",
    "parse_weights",
    "show_windows",
]

#: The kernel-menu entry shown when the typed weights match no named kernel.
CUSTOM = "custom"

# ITU-R BT.601 luma weights: how bright each colour channel looks to the eye.
_LUMA = np.array([0.299, 0.587, 0.114])


def parse_weights(text: str, size: int = 3) -> np.ndarray:
    """Read a ``size``×``size`` kernel typed as rows of numbers.

    Rows are separated by new lines or ``;``, numbers by spaces or commas. Numbers may be
    written as fractions such as ``1/9``.

    Examples
    --------
    >>> parse_weights("1 0 -1; 2 0 -2; 1 0 -1")[1]
    array([ 2.,  0., -2.])
    >>> float(parse_weights("1/9 1/9 1/9\\n1/9 1/9 1/9\\n1/9 1/9 1/9").sum())
    1.0
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str of {size} rows of {size} numbers, got {text!r}")
    rows = [r for r in text.replace(";", "\n").splitlines() if r.strip()]
    if not rows:
        raise ValueError(f"the weights are empty: type {size} rows of {size} numbers")
    if len(rows) != size:
        raise ValueError(f"the weights need {size} rows, got {len(rows)}")
    kernel = np.zeros((size, size))
    for i, row in enumerate(rows):
        tokens = row.replace(",", " ").split()
        if len(tokens) != size:
            raise ValueError(f"row {i + 1} has {len(tokens)} numbers; each row needs {size}")
        for j, token in enumerate(tokens):
            try:
                kernel[i, j] = float(Fraction(token))
            except (ValueError, ZeroDivisionError):
                raise ValueError(
                    f"could not read {token!r} in row {i + 1} as a number "
                    "(write numbers like 2, -0.5 or 1/9)"
                ) from None
    return kernel


def format_weights(kernel) -> str:
    """Write a 2-D kernel as rows of numbers that :func:`parse_weights` reads back.

    Weights that are simple fractions are written as fractions.

    Examples
    --------
    >>> print(format_weights(kernels.get_kernel("gaussian_blur")))
    1/16 1/8 1/16
    1/8 1/4 1/8
    1/16 1/8 1/16
    """
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array, got shape {kernel.shape}")

    def number(value: float) -> str:
        fraction = Fraction(value).limit_denominator(64)
        if abs(float(fraction) - value) < 1e-6:
            return str(fraction)
        return f"{value:.4g}"

    return "\n".join(" ".join(number(v) for v in row) for row in kernel)


def _grey(image) -> np.ndarray:
    """Return a 2-D float image: grey as it is, colour (h, w, 3) through the luma weights."""
    array = np.asarray(image)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"image must hold numbers, got dtype {array.dtype}")
    if array.ndim == 3 and array.shape[-1] in (1, 3):
        array = array[..., 0] if array.shape[-1] == 1 else array @ _LUMA
    if array.ndim != 2 or array.size == 0:
        raise ValueError(
            f"image must be a non-empty (h, w) grey or (h, w, 3) colour array, got shape "
            f"{np.shape(image)}"
        )
    return array.astype(np.float64)


def apply_kernel(image, kernel, strides: int = 1, padding: str = "valid") -> np.ndarray:
    """Filter one image with one 2-D kernel as ``tf.nn.conv2d`` would; return a 2-D map.

    A colour image is turned grey first, so one kernel gives one output channel.

    Examples
    --------
    >>> apply_kernel(np.ones((5, 5)), kernels.get_kernel("box_blur")).round(6)
    array([[1., 1., 1.],
           [1., 1., 1.],
           [1., 1., 1.]])
    >>> apply_kernel(np.ones((5, 5)), np.ones((3, 3)), strides=2, padding="same").shape
    (3, 3)
    """
    grey = _grey(image)
    kernel = np.asarray(kernel)
    if kernel.ndim != 2:
        raise ValueError(f"kernel must be a 2-D (kh, kw) array, got shape {kernel.shape}")
    result = conv.conv2d(grey[None, :, :, None], kernel[:, :, None, None], strides, padding)
    return result[0, :, :, 0]


def describe_output(image_shape, kernel, strides: int = 1, padding: str = "valid") -> str:
    """Say what shape the filtered image gets, and what the weights sum to.

    Examples
    --------
    >>> describe_output((600, 512), np.ones((3, 3)) / 9, strides=2)
    'input 600×512 → output 299×255 (3×3 kernel, strides 2, padding valid; weights sum to 1)'
    """
    if len(image_shape) < 2:
        raise ValueError(f"image_shape needs (height, width), got {image_shape!r}")
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2:
        raise ValueError(f"kernel must be a 2-D (kh, kw) array, got shape {kernel.shape}")
    (h, w), (kh, kw) = image_shape[:2], kernel.shape
    out_h = shapes.conv_output_size(h, kh, strides, padding)
    out_w = shapes.conv_output_size(w, kw, strides, padding)
    total = round(float(kernel.sum()), 6) + 0.0  # + 0.0 turns -0.0 into 0.0
    return (
        f"input {h}×{w} → output {out_h}×{out_w} ({kh}×{kw} kernel, strides {strides}, "
        f"padding {padding}; weights sum to {total:g})"
    )


class KernelExplorer:
    """Controls for kernel, weights, strides, padding and image, with the result below.

    Build it with :func:`make_kernel_explorer`. After each change ``result`` holds the
    output map and ``status`` its description (or why the typed weights are invalid).
    """

    def __init__(self, images: dict, kernel: str = "edge", *, draw: bool = True):
        import ipywidgets as w

        if not isinstance(images, dict) or not images:
            raise ValueError("images must be a non-empty dict of name -> image array")
        self.images = {str(name): _grey(image) for name, image in images.items()}
        first_weights = kernels.get_kernel(kernel)  # an unknown name fails here, clearly
        self.draw = draw
        self.result: np.ndarray | None = None
        self._syncing = False
        self.kernel = w.Dropdown(
            options=[*kernels.KERNEL_NAMES, CUSTOM],
            value=kernel,
            description="kernel",
        )
        self.weights = w.Textarea(
            value=format_weights(first_weights),
            description="weights",
            layout={"height": "5em"},
        )
        self.strides = w.IntSlider(value=1, min=1, max=4, description="strides")
        self.padding = w.ToggleButtons(options=["valid", "same"], description="padding")
        self.image = w.Dropdown(options=list(self.images), description="image")
        self.status = w.HTML()
        self.output = w.Output()
        self.kernel.observe(self._on_kernel, names="value")
        self.weights.observe(self._on_weights, names="value")
        for control in (self.strides, self.padding, self.image):
            control.observe(lambda _change: self.update(), names="value")
        controls = w.VBox([self.kernel, self.weights, self.strides, self.padding, self.image])
        self.widget = w.VBox([controls, self.status, self.output])
        self.update()

    def _on_kernel(self, change) -> None:
        if self._syncing or change["new"] == CUSTOM:
            return
        self._syncing = True
        try:
            self.weights.value = format_weights(kernels.get_kernel(change["new"]))
        finally:
            self._syncing = False
        self.update()

    def _on_weights(self, change) -> None:
        if self._syncing:
            return
        self._syncing = True  # typed weights that differ from the menu's kernel are "custom"
        try:
            typed = parse_weights(change["new"])
            named = self.kernel.value
            if named != CUSTOM and not np.allclose(typed, kernels.get_kernel(named), atol=1e-6):
                self.kernel.value = CUSTOM
        except ValueError:
            self.kernel.value = CUSTOM
        finally:
            self._syncing = False
        self.update()

    def update(self) -> None:
        """Recompute ``result`` and ``status`` from the controls, and redraw."""
        image = self.images[self.image.value]
        try:
            kernel = parse_weights(self.weights.value)
            self.result = apply_kernel(image, kernel, self.strides.value, self.padding.value)
        except ValueError as err:
            self.status.value = f"<b>Cannot filter:</b> {err}"
            return
        self.status.value = describe_output(
            image.shape, kernel, self.strides.value, self.padding.value
        )
        if self.draw:
            self._draw(image)

    def _draw(self, image: np.ndarray) -> None:
        import matplotlib.pyplot as plt

        with self.output:
            self.output.clear_output(wait=True)
            fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), sharex=True, sharey=True)
            for ax, picture, title in [(axes[0], image, "input"), (axes[1], self.result, "output")]:
                ax.imshow(picture, cmap="gray")
                ax.set_title(f"{title} {picture.shape[0]}×{picture.shape[1]}")
            plt.show()
            plt.close(fig)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def make_kernel_explorer(images: dict, kernel: str = "edge", *, draw: bool = True):
    """Build the kernel explorer for the named images; display the returned object.

    Parameters
    ----------
    images : dict
        ``name -> image``: grey ``(h, w)`` or colour ``(h, w, 3)`` arrays (shown in grey).
    kernel : str, default "edge"
        The kernel selected at the start, one of ``course_utils.kernels.KERNEL_NAMES``.
    draw : bool, default True
        Draw input and output with matplotlib after each change (off for tests).

    Examples
    --------
    >>> explorer = make_kernel_explorer({"ramp": np.tile(np.arange(8.0), (8, 1))}, draw=False)
    >>> explorer.strides.value = 2  # fires the callback, as a click would
    >>> explorer.result.shape
    (3, 3)
    """
    return KernelExplorer(images, kernel, draw=draw)


# --- lecture 4: the output-size explorer --------------------------------------------------


class Windows(NamedTuple):
    """Where a sliding window lands along one dimension; built by :func:`compute_windows`."""

    input_size: int
    kernel_size: int
    stride: int
    dilation: int
    padding: str  # "valid", "same" or "explicit"
    pads: tuple[int, int]  # (before, after)
    effective_kernel_size: int
    starts: tuple[int, ...]  # index in the padded row where each window begins
    output_size: int
    unused: tuple[int, ...]  # input pixels (unpadded index) that no kernel tap reads


def _split_padding(padding) -> tuple[str, tuple[int, int]]:
    """Return (mode, explicit pads) for a ``padding`` that ``conv_output_size`` accepted."""
    if isinstance(padding, str):
        return padding.lower(), (0, 0)
    pair = tuple(padding) if isinstance(padding, tuple | list) else (padding, padding)
    return "explicit", (int(pair[0]), int(pair[1]))


def compute_windows(
    input_size: int,
    kernel_size: int,
    stride: int = 1,
    padding: shapes.Padding = "valid",
    dilation: int = 1,
) -> Windows:
    """Return the window positions, padding and output size of a convolution along one axis.

    The arguments are those of :func:`course_utils.shapes.conv_output_size`, which checks them.

    Examples
    --------
    >>> w = compute_windows(8, 3, stride=2)
    >>> w.starts, w.output_size, w.unused
    ((0, 2, 4), 3, (7,))
    >>> compute_windows(6, 3, stride=2, padding="SAME").pads
    (0, 1)
    """
    output_size = shapes.conv_output_size(input_size, kernel_size, stride, padding, dilation)
    mode, pads = _split_padding(padding)
    if mode == "same":
        pads = shapes.same_padding(input_size, kernel_size, stride, dilation)
    eff = shapes.effective_kernel_size(kernel_size, dilation)
    starts = tuple(range(0, input_size + sum(pads) - eff + 1, stride))
    read = {start + tap * dilation - pads[0] for start in starts for tap in range(kernel_size)}
    unused = tuple(i for i in range(input_size) if i not in read)
    return Windows(
        *(int(v) for v in (input_size, kernel_size, stride, dilation)),
        mode, pads, eff, starts, output_size, unused,
    )  # fmt: skip


def describe_windows(windows: Windows) -> str:
    """Write the output-size formula with the numbers of ``windows`` filled in, one step a line.

    Examples
    --------
    >>> print(describe_windows(compute_windows(8, 3, stride=2)))
    F' = F + (F − 1)(D − 1) = 3 + 2·0 = 3
    output = floor((W + P_before + P_after − F')/S) + 1 = floor((8 + 0 + 0 − 3)/2) + 1 = 2 + 1 = 3
    input pixels never read: 7
    """
    if not isinstance(windows, Windows):
        raise TypeError(f"windows must come from compute_windows(), got {type(windows).__name__}")
    w, (before, after) = windows, windows.pads
    f, d, eff, size, s = w.kernel_size, w.dilation, w.effective_kernel_size, w.input_size, w.stride
    lines = [f"F' = F + (F − 1)(D − 1) = {f} + {f - 1}·{d - 1} = {eff}"]
    if w.padding == "same":
        lines.append(
            f"'same': output = ceil(W/S) = ceil({size}/{s}) = {w.output_size}; padding = "
            f"max(({w.output_size} − 1)·{s} + {eff} − {size}, 0) = {before + after} "
            f"→ ({before}, {after})"
        )
    span = size + before + after - eff
    lines.append(
        f"output = floor((W + P_before + P_after − F')/S) + 1 = "
        f"floor(({size} + {before} + {after} − {eff})/{s}) + 1 = {span // s} + 1 = {w.output_size}"
    )
    if windows.unused:
        lines.append("input pixels never read: " + ", ".join(map(str, windows.unused)))
    return "\n".join(lines)


def show_windows(windows: Windows, *, ax=None):
    """Draw one row of the input (padding hatched, pixels never read in red), then each window.

    Returns the matplotlib Figure (8×3.6 inches when ``ax`` is None, whatever the sizes).

    Examples
    --------
    >>> fig = show_windows(compute_windows(7, 3, padding="same"))
    >>> len(fig.axes[0].patches)  # 9 padded pixels + 7 windows of 3 taps
    30
    """
    import matplotlib.pyplot as plt

    if not isinstance(windows, Windows):
        raise TypeError(f"windows must come from compute_windows(), got {type(windows).__name__}")
    if ax is not None and not hasattr(ax, "add_patch"):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    w, (before, after) = windows, windows.pads
    padded = before + w.input_size + after
    for col in range(padded):
        pad = not before <= col < before + w.input_size
        ax.add_patch(plt.Rectangle((col, 0), 1, 1, fc="0.85" if pad else "white", ec="k",
                                   hatch="//" if pad else None))  # fmt: skip
        label = "0" if pad else str(col - before)
        colour = "0.4" if pad else ("red" if col - before in w.unused else "k")
        ax.text(col + 0.5, 0.5, label, ha="center", va="center", fontsize=8, color=colour)
    for row, start in enumerate(w.starts, 1):
        for tap in range(w.kernel_size):
            x = start + tap * w.dilation + 0.1
            ax.add_patch(plt.Rectangle((x, -row), 0.8, 0.7, color=f"C{(row - 1) % 10}"))
        ax.text(-0.3, -row + 0.35, f"out {row - 1}", ha="right", va="center", fontsize=8)
    ax.set_xlim(-2.6, padded + 0.2)
    ax.set_ylim(-len(w.starts) - 0.2, 1.1)
    ax.axis("off")
    ax.set_title(
        f"W={w.input_size}, F={w.kernel_size}, S={w.stride}, D={w.dilation}, "
        f"pads ({before}, {after}) → {w.output_size} output pixels",
        fontsize=10,
    )
    return ax.figure


class OutputSizeExplorer:
    """Sliders for W, F, S, D and the padding, with the formula and the window picture below.

    Build it with :func:`make_output_size_explorer`. After each change ``windows`` holds the
    :class:`Windows` (None when the kernel does not fit) and ``status`` the filled-in formula.
    """

    def __init__(self, input_size=7, kernel_size=3, stride=1, padding="valid", dilation=1, *,
                 draw: bool = True):  # fmt: skip
        import ipywidgets as w

        try:  # check every argument; a kernel too large for the input is shown, not raised
            compute_windows(input_size, kernel_size, stride, padding, dilation)
        except ValueError as err:
            if "larger than the padded input" not in str(err):
                raise
        mode, pads = _split_padding(padding)
        for name, value, top in [("input_size", input_size, 20), ("kernel_size", kernel_size, 7),
                                 ("stride", stride, 4), ("dilation", dilation, 4),
                                 ("padding[0] (before)", pads[0], 4),
                                 ("padding[1] (after)", pads[1], 4)]:  # fmt: skip
            if value > top:
                raise ValueError(f"{name} must be at most {top} in the explorer, got {value}")
        if not isinstance(draw, bool):
            raise TypeError(f"draw must be True or False, got {draw!r}")
        self.draw, self.windows = draw, None

        def slider(value, low, high, name):
            return w.IntSlider(value=value, min=low, max=high, description=name)

        self.input_size = slider(input_size, 1, 20, "W (input)")
        self.kernel_size = slider(kernel_size, 1, 7, "F (kernel)")
        self.stride = slider(stride, 1, 4, "S (stride)")
        self.dilation = slider(dilation, 1, 4, "D (dilation)")
        self.padding = w.ToggleButtons(options=["valid", "same", "explicit"], value=mode,
                                       description="padding")  # fmt: skip
        self.pad_before = slider(pads[0], 0, 4, "P before")
        self.pad_after = slider(pads[1], 0, 4, "P after")
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
        except ValueError as err:
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

    Sliders cover W 1–20, F 1–7, S 1–4, D 1–4 and explicit pads 0–4; ``padding`` is "valid",
    "same", an int or a (before, after) pair. ``draw=False`` skips the picture (for tests).

    Examples
    --------
    >>> explorer = make_output_size_explorer(7, 3, draw=False)
    >>> explorer.stride.value = 2  # fires the callback, as dragging the slider would
    >>> explorer.windows.output_size
    3
    """
    return OutputSizeExplorer(input_size, kernel_size, stride, padding, dilation, draw=draw)
