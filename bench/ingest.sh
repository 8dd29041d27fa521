#!/usr/bin/env bash
# Ingest throughput: DataForge's decode-resize-encode kernel, DataForge end to end over loopback HTTP, and the
# OpenCV baseline (img2dataset's path via Debian's python3-opencv), all on one core, on the real photos.
# Usage: bench/ingest.sh [rows] [photos-folder]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-2000}"
PHOTOS="${2:-../shared/data/photos}"
[ -d "$PHOTOS" ] || { echo "photos folder $PHOTOS not found" >&2; exit 1; }

PY=/usr/bin/python3
if ! "$PY" -c "import cv2" 2>/dev/null; then
  apt-cache policy python3-opencv
  apt-get install -y --no-install-recommends python3-opencv
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dotnet --version) SDK"
dotnet build bench/Ingest.Bench -c Release -v q -nologo >/dev/null
BIN=bench/Ingest.Bench/bin/Release/net10.0/DataForge.Ingest.Bench.dll
KERNEL=$(dotnet "$BIN" kernel "$PHOTOS" "$ROWS" | tee /dev/stderr)
E2E=$(dotnet "$BIN" e2e "$PHOTOS" "$ROWS" | tee /dev/stderr)
CV=$("$PY" bench/ingest_opencv_baseline.py "$PHOTOS" "$ROWS" | tee /dev/stderr)
rate() { sed -E 's/.*= ([0-9.]+) images.*/\1/' <<<"$1"; }
python3 - "$(rate "$KERNEL")" "$(rate "$E2E")" "$(rate "$CV")" <<'PY'
import sys
kernel, e2e, cv = map(float, sys.argv[1:])
print(f"kernel / opencv = {kernel / cv:.2f}x (target >= 1.5x)")
print(f"end-to-end / kernel = {e2e / kernel:.2f}x (target >= 0.9x)")
PY
