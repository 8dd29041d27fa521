#!/usr/bin/python3
"""Golden values for PilResampler: PIL's Image.resize on small RGB arrays.

Run from the repository root with Debian's python3-pil and python3-numpy (PIL 9.4 was used):
    /usr/bin/python3 tests/Core.Tests/Imaging/make_pil_resize_golden.py

Also writes the trainer's square transform (torchvision Resize + CenterCrop over PIL) for a few inputs
(`<name>.square<R>.rgb`, listed under `square_transform`).

Writes tests/Core.Tests/Imaging/Golden/: every input as raw packed RGB24 (`<name>.rgb`), the PIL outputs as
raw RGB24, concatenated per input and gzipped (`<name>.expected.gz`), and `cases.json` listing every case
with its offset in that file. Inputs are synthetic (gradients,
seeded noise, hard edges that make bicubic overshoot and clip) plus small crops of the LLaVA photos in
../shared/data/photos/llava as decoded by PIL: the crop itself is committed, so the C# test resizes exactly
the pixels PIL resized and JPEG decoder differences (libjpeg-turbo vs Skia) cannot enter the comparison.
"""
import gzip
import json
import os
import sys

import numpy as np
import PIL
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "Golden")
PHOTOS = os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "photos", "llava")

FILTERS = {
    "nearest": Image.NEAREST,
    "bilinear": Image.BILINEAR,
    "bicubic": Image.BICUBIC,
    "lanczos": Image.LANCZOS,
    "box": Image.BOX,
    "hamming": Image.HAMMING,
}
# Every target size for the filters the pipeline uses; the first two (downscales) for the others.
FULL_FILTERS = ("bilinear", "bicubic")


def synthetic_inputs():
    rng = np.random.default_rng(20261202)
    inputs = {}
    # Smooth gradients in all three channels.
    y, x = np.mgrid[0:23, 0:37]
    grad = np.stack([x * 255 // 36, y * 255 // 22, (x + y) * 255 // 58], axis=-1)
    inputs["gradient_37x23"] = grad.astype(np.uint8)
    # Uniform noise: every coefficient matters.
    inputs["noise_29x31"] = rng.integers(0, 256, size=(31, 29, 3), dtype=np.uint8)
    # Hard black/white edges: bicubic and lanczos overshoot below 0 and above 255, so clipping is exercised.
    edges = np.zeros((40, 48, 3), dtype=np.uint8)
    edges[:, 8:20] = 255
    edges[10:25, :] = [255, 0, 255]
    edges[::7, ::5] = [0, 255, 0]
    inputs["edges_48x40"] = edges
    # A long thin strip: extreme downscale factor in one axis, none in the other.
    inputs["strip_120x6"] = rng.integers(0, 256, size=(6, 120, 3), dtype=np.uint8)
    return inputs


def photo_crops():
    crops = {}
    for name in sorted(os.listdir(PHOTOS)):
        if not name.endswith(".jpg"):
            continue
        with Image.open(os.path.join(PHOTOS, name)) as im:
            rgb = np.asarray(im.convert("RGB"))
        h, w = rgb.shape[:2]
        top, left = (h - 40) // 2, (w - 48) // 2
        crops["photo_" + os.path.splitext(name)[0] + "_48x40"] = rgb[top:top + 40, left:left + 48].copy()
    return crops


def targets(w, h):
    # Downscale by non-integer factors, upscale, mixed, one axis unchanged (one pass only), and 1 pixel.
    sizes = [
        (max(1, w * 10 // 27), max(1, h * 10 // 27)),
        (max(1, w // 2), max(1, h // 3)),
        (w * 4 // 3 + 1, h * 5 // 4),
        (w * 3 // 2, max(1, h // 4)),
        (w, max(1, h * 2 // 3)),
        (max(1, w * 3 // 5), h),
        (1, 1),
    ]
    seen = []
    for s in sizes:
        if s not in seen and s != (w, h):
            seen.append(s)
    return seen


# The trainer's square transform: (input, resolution). Portrait, landscape with a .5 crop offset (Python rounds it
# half to even), and an exact offset.
SQUARE_CASES = [("noise_29x31", 16), ("gradient_37x23", 16), ("edges_48x40", 24)]


def torchvision_square(image, resolution):
    """torchvision T.Resize(resolution) + T.CenterCrop(resolution) on a PIL image, written out from torchvision's
    rules (torchvision is not a Debian package): _compute_resized_output_size gives the short side `resolution`
    and the long side int(resolution * long / short); F_pil.resize is PIL's resize with BILINEAR; center_crop takes
    int(round((size - crop) / 2.0)) on each axis."""
    w, h = image.size
    if w <= h:
        new_w, new_h = resolution, int(resolution * h / w)
    else:
        new_w, new_h = int(resolution * w / h), resolution
    resized = image.resize((new_w, new_h), resample=Image.BILINEAR)
    left = int(round((new_w - resolution) / 2.0))
    top = int(round((new_h - resolution) / 2.0))
    return resized.crop((left, top, left + resolution, top + resolution))


def main():
    os.makedirs(OUT, exist_ok=True)
    inputs = synthetic_inputs()
    if os.path.isdir(PHOTOS):
        inputs.update(photo_crops())
    else:
        sys.exit("shared photos not found at " + PHOTOS)
    cases = []
    for name, array in inputs.items():
        h, w = array.shape[:2]
        with open(os.path.join(OUT, name + ".rgb"), "wb") as f:
            f.write(array.tobytes())
        image = Image.fromarray(array, "RGB")
        expected = bytearray()
        for fname, code in FILTERS.items():
            sizes = targets(w, h)
            if fname not in FULL_FILTERS:
                sizes = sizes[:2]
            for tw, th in sizes:
                out = np.asarray(image.resize((tw, th), resample=code)).tobytes()
                cases.append({"input": name, "width": w, "height": h, "filter": fname,
                              "target_width": tw, "target_height": th, "offset": len(expected)})
                expected += out
        # mtime=0 keeps the file byte-identical across regenerations.
        with gzip.GzipFile(os.path.join(OUT, name + ".expected.gz"), "wb", mtime=0) as f:
            f.write(bytes(expected))
    square = []
    for name, resolution in SQUARE_CASES:
        array = inputs[name]
        out = torchvision_square(Image.fromarray(array, "RGB"), resolution)
        file = f"{name}.square{resolution}.rgb"
        with open(os.path.join(OUT, file), "wb") as f:
            f.write(np.asarray(out).tobytes())
        square.append({"input": name, "width": array.shape[1], "height": array.shape[0],
                       "resolution": resolution, "expected": file})
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"generator": "tests/Core.Tests/Imaging/make_pil_resize_golden.py",
                   "pillow": PIL.__version__, "numpy": np.__version__, "cases": cases,
                   "square_transform": square}, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases, {len(inputs)} inputs")


if __name__ == "__main__":
    main()
