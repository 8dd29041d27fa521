"""img2dataset's image path with OpenCV, as the baseline for bench/ingest.sh.

imdecode (IMREAD_UNCHANGED), alpha composited on white, INTER_AREA resize of the longest side to 256, white
border to 256x256, imencode JPEG q95 -- the steps of img2dataset's resizer.py for resize_mode=border.
One thread (cv2.setNumThreads(1)), so the figure is images/s per core; images per CPU-second (process_time) is
printed too, the fairer figure when other work shares the cores.
"""
import os
import sys
import time

import cv2
import numpy as np

cv2.setNumThreads(1)
folder, rows = sys.argv[1], int(sys.argv[2])
files = []
for root, _, names in os.walk(folder):
    for name in sorted(names):
        if name.lower().endswith((".jpg", ".png")):
            files.append(os.path.join(root, name))
files.sort()
data = [np.frombuffer(open(f, "rb").read(), np.uint8) for f in files]
size = 256


def kernel(buf):
    img = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    elif img.shape[2] == 4:
        alpha = img[:, :, 3:4].astype(np.float32) / 255.0
        img = (img[:, :, :3] * alpha + 255.0 * (1 - alpha)).astype(np.uint8)
    h, w = img.shape[:2]
    scale = size / max(h, w)
    nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
    img = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LANCZOS4)
    top, left = (size - nh) // 2, (size - nw) // 2
    img = cv2.copyMakeBorder(img, top, size - nh - top, left, size - nw - left, cv2.BORDER_CONSTANT, value=[255, 255, 255])
    ok, out = cv2.imencode(".jpg", img, [int(cv2.IMWRITE_JPEG_QUALITY), 95])
    assert ok
    return out


for buf in data:
    kernel(buf)
start, cpu_start = time.perf_counter(), time.process_time()
for i in range(rows):
    kernel(data[i % len(data)])
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
print(f"opencv: {rows} images in {elapsed:.2f}s = {rows / elapsed:.1f} images/s per core, {rows / cpu:.1f} images/CPU-s (process CPU {1000 * cpu / rows:.2f} ms/image, OpenCV {cv2.__version__})")
