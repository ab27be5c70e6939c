"""Exercises of lecture 06, maps: occlusion as code, Grad-CAM by hand, the randomisation
test's control, the size of an FGSM perturbation."""

from __future__ import annotations

import numpy as np

from course_utils.exercises._core import Array, Exercise, Function, Mistake, Number
from course_utils.exercises.lecture06._common import (
    _fgsm_norm,
    _fgsm_norm_of,
    _gives,
    _gives_any,
    _grad_cam,
    _grad_cam_variant,
    _image_control,
    _occlusion_solution,
    _returns_extra_axes,
    _wrong,
)


def _buggy(hint: str, tag: str) -> Mistake:
    """A registered mistake: the occlusion function with the bug ``tag`` (see ``_wrong``)."""
    return Mistake(hint, example=lambda: _wrong(tag), matches=lambda f: _gives(f, tag))


EXERCISES = [
    Exercise(
        id="06.3",
        task=(
            "Write occlusion(model, image, class_index, patch_size, stride) for one (H, W, 1) "
            "image: windows never pass the edge, covered pixels become 0, and entry [i, j] is "
            "the class score of the image minus that of the image with window (i, j) covered."
        ),
        form=Function("occlusion"),
        solve=lambda: _occlusion_solution,
        accept=lambda f, _: _gives(f),
        reason=(
            "Correct: your map equals saliency.compute_occlusion_map on two models and three "
            "patch sizes and strides."
        ),
        hint=(
            "Compare your map with saliency.compute_occlusion_map(model, image[None], "
            "class_index, patch_size=..., stride=...)[0] on a small case: same shape first, "
            "then the values."
        ),
        mistakes=[
            _buggy(
                "Your map holds the scores of the covered images; the task asks for the drop: "
                "the score of the whole image minus the covered one.",
                "covered score",
            ),
            _buggy(
                "Your map has the wrong sign: subtract the covered image's score from the "
                "whole image's, so that covering what matters gives a positive drop.",
                "flipped",
            ),
            _buggy(
                "Rows and columns are swapped: entry [i, j] is the window that starts at row "
                "i·stride and column j·stride.",
                "transposed",
            ),
            _buggy(
                "Your map has too many windows: the last ones start so late that they pass the "
                "edge. There are conv_output_size(H, patch_size, stride) windows per row.",
                "past edge",
            ),
            _buggy(
                "Your windows move 1 pixel at a time: window (i, j) starts at row i·stride "
                "and column j·stride.",
                "stride 1",
            ),
            _buggy(
                "Your map is one window short in each direction: the last window may end "
                "exactly at the edge. There are conv_output_size(H, patch_size, stride) = "
                "(H − patch_size) // stride + 1 windows per row.",
                "one short",
            ),
            Mistake(
                "Your patch is not 0: the task sets the covered pixels to 0 (black, "
                "Fashion-MNIST's background), not to grey, white or the image's mean.",
                example=lambda: _wrong("fill 0.5"),
                matches=lambda f: _gives_any(f, ["fill 0.5", "fill mean", "fill 1"]),
            ),
            _buggy(
                "Your patches pile up: each window must cover a fresh copy of the image, "
                "with every earlier window's pixels restored (copy the image inside the loop).",
                "not restored",
            ),
            _buggy(
                "Your map uses softmax probabilities; the task asks for the class score, the "
                "model's output (the logit) as it is.",
                "probabilities",
            ),
            Mistake(
                "Your function returns extra axes (a batch or channel axis): return the 2-D "
                "map of shape (rows, columns).",
                example=lambda: _wrong("batched"),
                matches=_returns_extra_axes,
            ),
        ],
        explanation="""
```python
def occlusion(model, image, class_index, patch_size, stride):
    n = cu.conv_output_size(image.shape[0], patch_size, stride)  # windows per row
    base = model(image[None])[0, class_index]
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            covered = image.copy()
            r, c = i * stride, j * stride
            covered[r : r + patch_size, c : c + patch_size] = 0
            out[i, j] = base - model(covered[None])[0, class_index]
    return out

answer = occlusion
```
The patch is a window, so its positions are counted by lecture 4's formula. Calling the
model once per window is slow; stacking all covered copies into one batch, as
`saliency.compute_occlusion_map` does, gives the same map in one call.
""",
    ),
    Exercise(
        id="06.4",
        task=(
            "Activations A (2×2, channels 0 and 1) and the gradients G of the class score "
            "with respect to them are given in the notebook: compute the 2×2 Grad-CAM map."
        ),
        form=Array((2, 2), what="the Grad-CAM map"),
        solve=_grad_cam,
        reason="Correct: α = the mean gradient of each channel, then ReLU(Σ_k α_k A_k).",
        hint=(
            "First one weight per channel, α_k, the mean of G[..., k] over the 4 positions; "
            "then Σ_k α_k A[..., k] at each position; then the ReLU."
        ),
        mistakes=[
            Mistake(
                "You forgot the ReLU: Grad-CAM keeps only the positive part of Σ_k α_k A_k.",
                example=lambda: _grad_cam_variant(relu=False),
            ),
            Mistake(
                "α_k is the *mean* of channel k's gradient over the positions, not its sum: "
                "your map is 4 times too large.",
                example=lambda: _grad_cam_variant(weights="sum"),
            ),
            Mistake(
                "You kept only positive weights (or positive gradients). Grad-CAM averages "
                "each channel's gradient as it is, so a weight α_k can be negative: that "
                "channel then counts against the class.",
                example=lambda: _grad_cam_variant(weights="positive"),
                matches=lambda v: any(
                    np.allclose(v, _grad_cam_variant(weights=w), atol=1e-6)
                    for w in ("positive", "positive gradients")
                ),
            ),
            Mistake(
                "You multiplied G and A position by position; Grad-CAM first averages each "
                "channel's gradient into one weight α_k.",
                example=lambda: _grad_cam_variant(weights="elementwise"),
            ),
            Mistake(
                "Your map adds the channels without weights; each channel k needs its weight "
                "α_k, the mean of its gradient, which can be negative.",
                example=lambda: _grad_cam_variant(weights="none"),
            ),
        ],
        explanation="""
```python
A = np.stack([[[1, 0], [2, 1]], [[0, 3], [1, 0]]], axis=-1)
G = np.stack([[[2, 0], [1, 1]], [[-1, -3], [-2, -2]]], axis=-1)
alpha = G.mean(axis=(0, 1))  # one weight per channel: [1, -2]
answer = np.maximum((alpha * A).sum(axis=-1), 0)
```
Channel 0 gets α = 1 and channel 1 gets α = −2, so Σ α A = A₀ − 2·A₁ = [[1, −6], [0, 1]],
and the ReLU sets the −6 to 0. Channel 1 counts *against* the class: where it is active,
the map is dark.
""",
    ),
    Exercise(
        id="06.5",
        task=(
            "A 'saliency method' returns the input image itself. What median rank correlation "
            "does it get in the randomisation test?"
        ),
        form=Number("the rank correlation", atol=1e-6),
        solve=_image_control,
        reason=(
            "Correct: ρ = 1. The map does not depend on the weights, so randomising them "
            "changes nothing, and the method fails the test."
        ),
        hint=(
            "Compute the map for the trained net and for the randomised one: which weights "
            "does the image itself depend on?"
        ),
        mistakes=[
            Mistake(
                "ρ near 0 is what a map that depends on the weights gets. This map is the "
                "image for both nets: the two maps are identical.",
                example=lambda: 0.0,
                matches=lambda v: abs(v) < 0.3,
            ),
            Mistake(
                "0.5 is the lecture's threshold, not a map's score: compare the trained and "
                "the randomised net's maps, which here are the same image.",
                example=lambda: 0.5,
            ),
            Mistake(
                "A correlation of −1 means reversed rankings; two identical maps rank every "
                "pixel the same way.",
                example=lambda: -1.0,
            ),
        ],
        explanation="""
```python
image = x_test[0, ..., 0]
answer = sanity_checks.rank_correlation(image, image)  # trained net's map, random net's map
```
The "map" is the image whatever the weights are, so the trained and the randomised net get
the same map and ρ = 1: it fails the randomisation test, as it should. It may still score
well in the deletion test (deleting bright pixels removes the garment), which is why a
method must pass both.
""",
    ),
    Exercise(
        id="06.6",
        task=(
            "FGSM with ε = 0.05 changes every pixel of a 28×28 image by ±ε, none clipped. "
            "What is the perturbation's Euclidean (L2) norm?"
        ),
        form=Number("the L2 norm", atol=1e-6),
        solve=_fgsm_norm,
        reason=lambda v: (
            f"Correct: √784 · 0.05 = {v:.2f}. FGSM bounds each pixel (the L∞ norm, ε), "
            "not the L2 norm, which grows with the number of pixels."
        ),
        hint="Square each pixel's change, add the 784 squares, take the square root.",
        mistakes=[
            Mistake(
                "0.05 is the largest change of one pixel, the L∞ norm; the L2 norm adds up "
                "all 784 pixels' squared changes before the square root.",
                example=lambda: _fgsm_norm(np.inf),
            ),
            Mistake(
                "That is the L1 norm, the sum of the absolute changes; L2 is the square root "
                "of the sum of the squares.",
                example=lambda: _fgsm_norm(1),
            ),
            Mistake(
                "You counted 28 values, one row or column; the image has 28 × 28 = 784 "
                "pixels, and each one adds its squared change.",
                example=lambda: _fgsm_norm_of(28),
            ),
            Mistake(
                "That is the squared norm: take its square root.",
                example=lambda: _fgsm_norm() ** 2,
            ),
        ],
        explanation="""
```python
delta = np.full((28, 28), 0.05)  # every pixel moves by ε; the signs do not matter here
answer = np.linalg.norm(delta)   # √(784 · 0.05²) = 28 · 0.05
```
Every pixel moves by exactly ε, so the L2 norm is ε·√784 = 1.4. The same ε on a 224×224
image would give an L2 norm 8 times larger, while each pixel still changes by at most ε.
""",
    ),
]
