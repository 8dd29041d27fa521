#!/usr/bin/python3
"""Golden preprocessed tensors for ImagePreprocessor: the transformers image processors' steps, re-done with PIL.

Run from the repository root with Debian's python3-pil and python3-numpy (PIL 9.4 was used):
    /usr/bin/python3 tests/Captioner.Tests/Imaging/make_preprocess_golden.py

transformers is not installable here, so the steps of its processors are written out below from their source
(transformers 4.4x): LlavaImageProcessor.pad_to_square (background tuple(int(x * 255) for x in image_mean), image
pasted at (max - side) // 2), image_transforms.resize (PIL Image.resize((w, h), resample) on the uint8 image),
get_resize_output_image_size(default_to_square=False) (short side = size, long side = int(size * long / short)),
center_crop (top = (h - crop_h) // 2), rescale (float64 multiply, cast to float32) and normalize ((x - mean) / std
in float32).

The photos are ../shared/data/photos/llava, decoded by PIL; the C# test first checks that SkiaSharp decodes them to
the same bytes (sha256 of the packed RGB below), so both sides preprocess identical pixels.

Writes tests/Captioner.Tests/Imaging/Golden/preprocess_golden.json: per photo and processor, the per-channel mean
and std of the final tensor, the sha256 of the uint8 image the encoder's tensor is made from, and every 4th pixel of
it in both directions (row-major, packed RGB, base64) for a mean-absolute-difference check.
"""
import base64
import hashlib
import json
import os

import numpy as np
import PIL
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
PHOTOS = os.path.join(HERE, "..", "..", "..", "..", "shared", "data", "photos", "llava")
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]

# name: (pad, shortest_edge or None, (width, height) exact size or None, crop or None, mean, std); the configs of
# llava-hf/llava-1.5-7b-hf (CLIPImageProcessor), LlavaImageProcessor with do_pad (original LLaVA-1.5's "pad"),
# and llava-hf/llava-interleave-qwen-0.5b-hf (SiglipImageProcessor 384x384).
PROCESSORS = {
    "clip336": (False, 336, None, 336, CLIP_MEAN, CLIP_STD),
    "llava_pad336": (True, 336, None, 336, CLIP_MEAN, CLIP_STD),
    "siglip384": (False, None, (384, 384), None, [0.5] * 3, [0.5] * 3),
}


def pad_to_square(img, mean):
    h, w, _ = img.shape
    if h == w:
        return img
    side = max(h, w)
    out = np.empty((side, side, 3), dtype=np.uint8)
    out[:, :] = [int(x * 255) for x in mean]
    if w > h:
        start = (side - h) // 2
        out[start:start + h, :, :] = img
    else:
        start = (side - w) // 2
        out[:, start:start + w, :] = img
    return out


def shortest_edge_size(h, w, size):
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long / short)
    return (new_long, new_short) if w <= h else (new_short, new_long)  # (height, width)


def preprocess(img, pad, shortest, exact, crop, mean, std):
    if pad:
        img = pad_to_square(img, mean)
    h, w, _ = img.shape
    th, tw = shortest_edge_size(h, w, shortest) if shortest else (exact[1], exact[0])
    img = np.asarray(Image.fromarray(img).resize((tw, th), resample=Image.BICUBIC, reducing_gap=None))
    if crop:
        h, w, _ = img.shape
        top, left = (h - crop) // 2, (w - crop) // 2
        img = img[top:top + crop, left:left + crop]
    scaled = (img.astype(np.float64) * (1 / 255)).astype(np.float32)
    tensor = (scaled - np.array(mean, dtype=np.float32)) / np.array(std, dtype=np.float32)
    return np.ascontiguousarray(img), tensor


def main():
    result = {"pil_version": PIL.__version__, "numpy_version": np.__version__, "photos": {}}
    for name in sorted(os.listdir(PHOTOS)):
        if not name.endswith(".jpg"):
            continue
        with Image.open(os.path.join(PHOTOS, name)) as im:
            rgb = np.asarray(im.convert("RGB"))
        entry = {"width": rgb.shape[1], "height": rgb.shape[0],
                 "decoded_sha256": hashlib.sha256(rgb.tobytes()).hexdigest(), "processors": {}}
        for proc, args in PROCESSORS.items():
            pixels, tensor = preprocess(rgb, *args)
            entry["processors"][proc] = {
                "width": pixels.shape[1], "height": pixels.shape[0],
                "mean": [float(tensor[..., c].mean(dtype=np.float64)) for c in range(3)],
                "std": [float(tensor[..., c].std(dtype=np.float64)) for c in range(3)],
                "pixels_sha256": hashlib.sha256(pixels.tobytes()).hexdigest(),
                "every4th_rgb": base64.b64encode(pixels[::4, ::4].tobytes()).decode("ascii"),
            }
        result["photos"][name] = entry
    out = os.path.join(HERE, "Golden", "preprocess_golden.json")
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print("wrote", out)


if __name__ == "__main__":
    main()
