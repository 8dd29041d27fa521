#!/usr/bin/env bash
# Ingest throughput: DataForge's decode-resize-encode kernel (SkiaSharp through Core's UntrustedImageDecoder),
# DataForge end to end over loopback HTTP, and the OpenCV baseline (img2dataset's path via Debian's python3-opencv),
# all on one core, on the real photos; then one per-stage breakdown of the kernel and each run's peak RSS.
# Target: kernel and end to end each >= 2.5x OpenCV per core.
# Usage: bench/ingest.sh [rows] [photos-folder] [pairs]
# Kernel and end to end run as PAIRS alternating pairs (default 3), each after the same warm-up, and the ratio printed
# is the median of the per-pair ratios: on a small shared VM one run of either can be off by 15 %, and alternating
# pairs see the same machine state.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-2000}"
PHOTOS="${2:-../shared/data/photos}"
PAIRS="${3:-3}"
[ -d "$PHOTOS" ] || { echo "photos folder $PHOTOS not found" >&2; exit 1; }

PY=/usr/bin/python3
if ! "$PY" -c "import cv2" 2>/dev/null; then
  apt-cache policy python3-opencv
  apt-get install -y --no-install-recommends python3-opencv
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dotnet --version) SDK; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build bench/Ingest.Bench -c Release -v q -nologo >/dev/null
BIN=bench/Ingest.Bench/bin/Release/net10.0/DataForge.Ingest.Bench.dll
# Runs one measurement, echoes its line and leaves its images/s in RATE.
measure() {
  local line
  line=$("$@")
  echo "$line"
  RATE=$(sed -E 's/^[a-z0-9]+: [0-9]+ images in [0-9.]+s = ([0-9.]+) images.*/\1/' <<<"$line")
}
KERNELS=(); E2ES=()
for ((pair = 1; pair <= PAIRS; pair++)); do
  measure dotnet "$BIN" kernel "$PHOTOS" "$ROWS"; KERNELS+=("$RATE")
  measure dotnet "$BIN" e2e "$PHOTOS" "$ROWS"; E2ES+=("$RATE")
done
CVS=()
for ((pair = 1; pair <= PAIRS; pair++)); do
  measure "$PY" bench/ingest_opencv_baseline.py "$PHOTOS" "$ROWS"; CVS+=("$RATE")
done
dotnet "$BIN" stages "$PHOTOS" "$ROWS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "${CVS[*]}" "${KERNELS[*]}" "${E2ES[*]}" <<'PY'
import statistics, sys
cvs = [float(x) for x in sys.argv[1].split()]
kernels = [float(x) for x in sys.argv[2].split()]
e2es = [float(x) for x in sys.argv[3].split()]
for i, (k, e, c) in enumerate(zip(kernels, e2es, cvs), 1):
    print(f"run {i}: kernel {k:.1f}, end to end {e:.1f}, opencv {c:.1f} images/s per core")
cv, kernel, e2e = statistics.median(cvs), statistics.median(kernels), statistics.median(e2es)
print(f"kernel / opencv = {kernel / cv:.2f}x (medians {kernel:.1f} vs {cv:.1f} images/s per core; target >= 2.5x)")
print(f"end-to-end / opencv = {e2e / cv:.2f}x (medians {e2e:.1f} vs {cv:.1f}; target >= 2.5x)")
print(f"end-to-end / kernel = {e2e / kernel:.2f}x")
PY
