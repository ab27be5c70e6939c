"""From-scratch 2-D convolution in NumPy, with exactly the semantics of ``tf.nn.conv2d``.

Two reference implementations, written to be read:

- :func:`corr2d` is the textbook double loop over output positions for one grey image
  and one kernel;
- :func:`conv2d` takes a batch of NHWC images and an HWIO filter bank, with strides,
  ``"valid"``/``"same"`` padding and dilation, like ``tf.nn.conv2d``.

Two more views of the same operation, both matrix products:

- :func:`conv_matrix` builds the sparse (doubly block-Toeplitz) matrix ``C`` of a
  single-channel convolution, so that ``C @ image.ravel()`` is the flattened feature map
  (``C.T`` is the transposed convolution);
- :func:`im2col` copies every window into one row of a matrix, so that a whole
  convolution becomes one dense matrix product with the reshaped filter bank.

Both compute cross-correlation: the kernel is *not* flipped. The tests compare them with
``tf.nn.conv2d`` itself.
"""

from __future__ import annotations

import numpy as np

from course_utils._validate import KernelTooLargeError, padding_name, pair
from course_utils.shapes import conv_output_size, effective_kernel_size, same_padding

__all__ = ["conv2d", "conv_matrix", "corr2d", "im2col"]


def _as_numeric_array(name: str, value: object, ndim: int, layout: str) -> np.ndarray:
    """Return ``value`` as a non-empty numeric array of rank ``ndim``, or raise a clear error."""
    try:
        array = np.asarray(value)
    except ValueError as err:  # ragged nested lists
        raise ValueError(
            f"{name} must be a {ndim}-D array {layout}; could not read it: {err}"
        ) from None
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must hold numbers (bool, int or float), got dtype {array.dtype} "
            f"of a {type(value).__name__}"
        )
    if array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array {layout}, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    return array


def _layout(size, kernel_size, strides, padding, dilation):
    """Padding ``((top, bottom), (left, right))`` and output size ``(out_h, out_w)``."""
    (h, w), (kh, kw) = size, kernel_size
    (sh, sw), (dh, dw) = pair("strides", strides), pair("dilation", dilation)
    padding = padding_name(padding)
    if padding == "valid" and (
        effective_kernel_size(kh, dh) > h or effective_kernel_size(kw, dw) > w
    ):
        raise KernelTooLargeError(
            f"a kernel of size {kh}×{kw} (dilation {dh}×{dw}) is larger than the "
            f"{h}×{w} input; use a smaller kernel or dilation, or padding='same'"
        )
    pads = (
        (same_padding(h, kh, sh, dh), same_padding(w, kw, sw, dw))
        if padding == "same"
        else ((0, 0), (0, 0))
    )
    out = (conv_output_size(h, kh, sh, padding, dh), conv_output_size(w, kw, sw, padding, dw))
    return pads, out, (sh, sw), (dh, dw)


def corr2d(image, kernel) -> np.ndarray:
    """Cross-correlate one grey image with one kernel: the readable double loop.

    Each output value is the sum of the element-wise product of the kernel and the
    window of the image under it; the window slides one pixel at a time and never leaves
    the image ("valid"), so the output has ``h - kh + 1`` rows and ``w - kw + 1`` columns.

    Parameters
    ----------
    image : array_like, shape (h, w)
        A single-channel image.
    kernel : array_like, shape (kh, kw)
        The weights; not larger than the image.

    Returns
    -------
    numpy.ndarray, shape (h - kh + 1, w - kw + 1), float64

    Examples
    --------
    >>> image = np.arange(16).reshape(4, 4)
    >>> corr2d(image, [[1, 0], [0, -1]])
    array([[-5., -5., -5.],
           [-5., -5., -5.],
           [-5., -5., -5.]])
    """
    image = _as_numeric_array("image", image, 2, "(height, width)").astype(np.float64)
    kernel = _as_numeric_array("kernel", kernel, 2, "(kernel height, kernel width)")
    kernel = kernel.astype(np.float64)
    (h, w), (kh, kw) = image.shape, kernel.shape
    if kh > h or kw > w:
        raise KernelTooLargeError(
            f"kernel of shape {kernel.shape} is larger than image of shape {image.shape}; "
            "a valid cross-correlation needs the kernel to fit inside the image"
        )
    out = np.zeros((h - kh + 1, w - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            window = image[i : i + kh, j : j + kw]
            out[i, j] = np.sum(window * kernel)
    return out


def conv2d(x, filters, strides=1, padding: str = "valid", dilation=1) -> np.ndarray:
    """A NumPy reference for ``tf.nn.conv2d`` on NHWC inputs and HWIO filters.

    Every filter spans all input channels: output channel ``o`` at one position is
    ``sum over (i, j, c) of window[i·d, j·d, c] · filters[i, j, c, o]``. ``"same"``
    pads like TF, putting the odd extra pixel at the bottom/right.

    Parameters
    ----------
    x : array_like, shape (batch, height, width, in_channels)
        The input batch (NHWC).
    filters : array_like, shape (kh, kw, in_channels, out_channels)
        The filter bank (HWIO); ``in_channels`` must match ``x``.
    strides : int or (int, int), default 1
        Step between window positions, ``>= 1``.
    padding : {"valid", "same"}, default "valid"
        Case-insensitive, as in TF.
    dilation : int or (int, int), default 1
        Spacing between kernel taps, ``>= 1``.

    Returns
    -------
    numpy.ndarray, shape (batch, out_height, out_width, out_channels)
        float64 for integer inputs, otherwise the wider float type of the inputs.

    Examples
    --------
    >>> x = np.arange(16.0).reshape(1, 4, 4, 1)
    >>> conv2d(x, np.ones((2, 2, 1, 1)), strides=2)[0, :, :, 0]
    array([[10., 18.],
           [42., 50.]])
    >>> conv2d(x, np.ones((3, 3, 1, 2)), padding="SAME").shape
    (1, 4, 4, 2)
    """
    x = _as_numeric_array("x", x, 4, "in NHWC layout (batch, height, width, channels)")
    filters = _as_numeric_array(
        "filters", filters, 4, "in HWIO layout (kh, kw, in_channels, out_channels)"
    )
    if x.shape[3] != filters.shape[2]:
        raise ValueError(
            f"x has {x.shape[3]} channels but filters expects in_channels={filters.shape[2]}; "
            "filters must have shape (kh, kw, in_channels, out_channels)"
        )
    (sh, sw), (dh, dw) = pair("strides", strides), pair("dilation", dilation)
    padding = padding_name(padding)
    (_, h, w, _), (kh, kw, _, _) = x.shape, filters.shape
    if padding == "valid" and (
        effective_kernel_size(kh, dh) > h or effective_kernel_size(kw, dw) > w
    ):
        raise KernelTooLargeError(
            f"filters of size {kh}×{kw} (dilation {dh}×{dw}) are larger than the "
            f"{h}×{w} input; use smaller filters or dilation, or padding='same'"
        )
    dtype = np.result_type(x.dtype, filters.dtype, np.float32)
    dtype = np.float64 if dtype not in (np.float32, np.float64) else dtype
    top, bottom = same_padding(h, kh, sh, dh) if padding == "same" else (0, 0)
    left, right = same_padding(w, kw, sw, dw) if padding == "same" else (0, 0)
    padded = np.pad(x.astype(dtype), ((0, 0), (top, bottom), (left, right), (0, 0)))
    out_h = conv_output_size(h, kh, sh, padding, dh)
    out_w = conv_output_size(w, kw, sw, padding, dw)
    out = np.zeros((x.shape[0], out_h, out_w, filters.shape[3]), dtype)
    # One kernel tap at a time: the input pixels this tap sees at every output position form
    # a strided slice, and mixing the channels is a matrix product with the tap's (in, out).
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * dh, i * dh + sh * (out_h - 1) + 1, sh)
            cols = slice(j * dw, j * dw + sw * (out_w - 1) + 1, sw)
            out += padded[:, rows, cols, :] @ filters[i, j].astype(dtype)
    return out


def conv_matrix(
    input_shape: tuple[int, int],
    kernel,
    strides=1,
    padding: str = "valid",
    dilation=1,
) -> np.ndarray:
    """Return the matrix ``C`` of a single-channel cross-correlation (``tf.nn.conv2d``).

    The whole layer is one linear map: with the image flattened row by row,
    ``C @ image.ravel()`` is the flattened feature map. Row ``r`` of ``C`` holds the
    kernel's weights at the columns of the input pixels that output ``r`` sees, and zeros
    elsewhere, so ``C`` is sparse and doubly block-Toeplitz (at stride 1). Taps that fall
    on ``"same"`` zero padding are left out. ``C.T`` maps an output-sized array back to
    the input's size: that is the transposed convolution (and the gradient with respect
    to the input).

    Parameters
    ----------
    input_shape : (int, int)
        ``(in_h, in_w)`` of the single-channel input.
    kernel : array_like, shape (kh, kw)
        The weights, used as ``tf.nn.conv2d`` uses them (not flipped).
    strides : int or (int, int), default 1
        Step between window positions, ``>= 1``.
    padding : {"valid", "same"}, default "valid"
        Case-insensitive, as in TF; ``"same"`` puts the odd pixel bottom/right.
    dilation : int or (int, int), default 1
        Spacing between kernel taps, ``>= 1``.

    Returns
    -------
    numpy.ndarray, shape (out_h * out_w, in_h * in_w), float64

    Examples
    --------
    >>> C = conv_matrix((3, 3), [[1, 2], [3, 4]])
    >>> C.shape
    (4, 9)
    >>> C[0]
    array([1., 2., 0., 3., 4., 0., 0., 0., 0.])
    >>> image = np.arange(9.0).reshape(3, 3)
    >>> (C @ image.ravel()).reshape(2, 2)
    array([[27., 37.],
           [57., 67.]])
    """
    if not isinstance(input_shape, tuple | list) or len(input_shape) != 2:
        raise ValueError(f"input_shape must be an (in_h, in_w) pair, got {input_shape!r}")
    h, w = pair("input_shape", tuple(input_shape))
    kernel = _as_numeric_array("kernel", kernel, 2, "(kernel height, kernel width)")
    kernel = kernel.astype(np.float64)
    (kh, kw) = kernel.shape
    ((top, _), (left, _)), (out_h, out_w), (sh, sw), (dh, dw) = _layout(
        (h, w), (kh, kw), strides, padding, dilation
    )
    matrix = np.zeros((out_h * out_w, h * w))
    for oi in range(out_h):
        for oj in range(out_w):
            for i in range(kh):
                for j in range(kw):
                    # input pixel under tap (i, j) of the window at output (oi, oj)
                    row, col = oi * sh + i * dh - top, oj * sw + j * dw - left
                    if 0 <= row < h and 0 <= col < w:
                        matrix[oi * out_w + oj, row * w + col] += kernel[i, j]
    return matrix


def im2col(x, kernel_size, strides=1, padding: str = "valid", dilation=1) -> np.ndarray:
    """Copy every window of an NHWC batch into one row of a matrix ("image to columns").

    Each row is one window, flattened in ``(kh, kw, channels)`` order, the order of an
    HWIO filter bank reshaped to ``(kh * kw * in_channels, out_channels)``. So a whole
    convolution is one matrix product, which is how many fast convolution kernels work::

        im2col(x, (kh, kw)) @ filters.reshape(-1, out_channels)

    The price is memory: each input pixel is copied into up to ``kh * kw`` rows.

    Parameters
    ----------
    x : array_like, shape (batch, height, width, channels)
        The input batch (NHWC).
    kernel_size : int or (int, int)
        ``(kh, kw)``, ``>= 1``.
    strides : int or (int, int), default 1
        Step between window positions, ``>= 1``.
    padding : {"valid", "same"}, default "valid"
        Case-insensitive, as in TF; ``"same"`` pads with zeros, the odd pixel after.
    dilation : int or (int, int), default 1
        Spacing between kernel taps, ``>= 1``.

    Returns
    -------
    numpy.ndarray, shape (batch * out_h * out_w, kh * kw * channels)
        Rows in NHW order (batch, then output row, then output column).

    Examples
    --------
    >>> x = np.arange(9.0).reshape(1, 3, 3, 1)
    >>> im2col(x, 2)
    array([[0., 1., 3., 4.],
           [1., 2., 4., 5.],
           [3., 4., 6., 7.],
           [4., 5., 7., 8.]])
    >>> (im2col(x, 2) @ np.ones((4, 1))).reshape(2, 2)
    array([[ 8., 12.],
           [20., 24.]])
    """
    x = _as_numeric_array("x", x, 4, "in NHWC layout (batch, height, width, channels)")
    kh, kw = pair("kernel_size", kernel_size)
    (n, h, w, c) = x.shape
    ((top, bottom), (left, right)), (out_h, out_w), (sh, sw), (dh, dw) = _layout(
        (h, w), (kh, kw), strides, padding, dilation
    )
    dtype = np.result_type(x.dtype, np.float32)
    dtype = np.float64 if dtype not in (np.float32, np.float64) else dtype
    padded = np.pad(x.astype(dtype), ((0, 0), (top, bottom), (left, right), (0, 0)))
    columns = np.empty((n, out_h, out_w, kh, kw, c), dtype)
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * dh, i * dh + sh * (out_h - 1) + 1, sh)
            cols = slice(j * dw, j * dw + sw * (out_w - 1) + 1, sw)
            columns[:, :, :, i, j, :] = padded[:, rows, cols, :]
    return columns.reshape(n * out_h * out_w, kh * kw * c)
