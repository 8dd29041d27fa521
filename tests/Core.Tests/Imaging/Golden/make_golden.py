"""Generates the JPEG fixtures the imaging tests need and no C# encoder can write (Debian python3-pil).

cmyk.jpg: a 32x16 four-component (CMYK, Adobe) JPEG, left half one colour, right half another; PIL's own
decode of it, converted to RGB, is written to cmyk.expected.json as the reference the decoder is compared to.
gray.jpg: a 16x16 single-component JPEG of grey 100; the same for gray.expected.json.
Run: /usr/bin/python3 make_golden.py (from this folder). Tests never run Python.
"""
import json

from PIL import Image

cmyk = Image.new("CMYK", (32, 16), (0, 200, 200, 30))
cmyk.paste(Image.new("CMYK", (16, 16), (180, 40, 0, 60)), (16, 0))
cmyk.save("cmyk.jpg", quality=100, subsampling=0)
back = Image.open("cmyk.jpg")
assert back.mode == "CMYK"
rgb = back.convert("RGB")
json.dump({"left": list(rgb.getpixel((4, 8))), "right": list(rgb.getpixel((27, 8)))}, open("cmyk.expected.json", "w"))

gray = Image.new("L", (16, 16), 100)
gray.save("gray.jpg", quality=100)
back = Image.open("gray.jpg")
assert back.mode == "L"
json.dump({"value": back.getpixel((8, 8))}, open("gray.expected.json", "w"))
