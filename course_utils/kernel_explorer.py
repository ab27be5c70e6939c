"""The kernel explorer of lecture 1: pure functions, plus a thin ipywidgets layer on top.

Everything the widget computes lives in plain functions (:func:`parse_weights`,
:func:`format_weights`, :func:`apply_kernel`, :func:`describe_output`,
:func:`shared_range`, :func:`draw_panels`), so pytest tests
the logic without a browser. :class:`KernelExplorer` only wires controls to them: setting
a control's ``.value`` fires its callbacks at once, in a notebook or in a test.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from course_utils import conv, kernels, shapes
from course_utils.plotting import show_input_output

__all__ = [
    "CUSTOM",
    "KernelExplorer",
    "apply_kernel",
    "describe_output",
    "draw_panels",
    "format_weights",
    "make_kernel_explorer",
    "parse_weights",
    "shared_range",
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


def shared_range(*pictures) -> tuple[float, float]:
    """Return one ``(vmin, vmax)`` that covers every picture, for one grey scale.

    Drawn on one scale, a kernel whose weights sum to 2 makes the output visibly twice
    as bright as the input; scaled panel by panel, the two would look the same.

    Examples
    --------
    >>> shared_range(np.arange(4.0).reshape(2, 2), 2 * np.arange(4.0).reshape(2, 2))
    (0.0, 6.0)
    >>> shared_range(np.ones((2, 2)))  # a flat picture still gets a range
    (0.5, 1.5)
    """
    if not pictures:
        raise ValueError("shared_range needs at least one picture")
    arrays = [np.asarray(picture, dtype=np.float64) for picture in pictures]
    if any(array.size == 0 for array in arrays):
        raise ValueError("pictures must be non-empty arrays")
    low = min(float(np.nanmin(array)) for array in arrays)
    high = max(float(np.nanmax(array)) for array in arrays)
    if low == high:
        return low - 0.5, high + 0.5
    return low, high


def draw_panels(image, result):
    """Draw input and output to one pixel scale, on the grey scale of :func:`shared_range`.

    The figure comes from :func:`course_utils.plotting.show_input_output`.
    """
    return show_input_output(image, result, shared_range(image, result))


class KernelExplorer:
    """Controls for kernel, weights, strides, padding and image, with the result below.

    Build it with :func:`make_kernel_explorer`. After each change ``result`` holds the
    output map, ``value_range`` the grey scale both panels share, and ``status`` the
    output's description (or why the typed weights are invalid).
    """

    def __init__(self, images: dict, kernel: str = "edge", *, draw: bool = True):
        import ipywidgets as w

        if not isinstance(images, dict) or not images:
            raise ValueError("images must be a non-empty dict of name -> image array")
        self.images = {str(name): _grey(image) for name, image in images.items()}
        first_weights = kernels.get_kernel(kernel)  # an unknown name fails here, clearly
        self.draw = draw
        self.result: np.ndarray | None = None
        self.value_range: tuple[float, float] | None = None
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
        self.value_range = shared_range(image, self.result)
        self.status.value = describe_output(
            image.shape, kernel, self.strides.value, self.padding.value
        )
        if self.draw:
            self._draw(image)

    def _draw(self, image: np.ndarray) -> None:
        import io

        import matplotlib.pyplot as plt
        from IPython.display import Image

        fig = draw_panels(image, self.result)
        png = io.BytesIO()
        try:
            fig.savefig(png, format="png", bbox_inches="tight")
        finally:
            plt.close(fig)
        # Replace the Output widget's contents directly instead of capturing into it with
        # ``with self.output:``; capturing made headless runs (nbclient) stall at times.
        self.output.outputs = ()
        self.output.append_display_data(Image(png.getvalue()))

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
