#!/usr/bin/env bash
# Ingest throughput: DataForge's decode-resize-encode kernel (SkiaSharp through Core's UntrustedImageDecoder),
# DataForge end to end over loopback HTTP, and the OpenCV baseline (img2dataset's path via Debian's python3-opencv),
# all on one core, on the real photos; then one per-stage breakdown of the kernel and each run's peak RSS.
# Target: kernel and end to end each >= 2.5x OpenCV per core.
# Usage: bench/ingest.sh [rows] [photos-folder] [pairs]
# Kernel, end to end and OpenCV run as PAIRS alternating rounds (default 3), each after its warm-up, and the ratios use
# the medians: on a small shared VM one run can be off by 15 %, and alternating rounds see the same machine state.
# Both wall-clock rates and images per CPU-second are reported: with other work on the cores, wall time mostly
# measures waiting for a core, and CPU time is the per-core cost.
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
# Runs one measurement, echoes its line and leaves its images/s in RATE and its images per CPU-second in CPU_RATE.
measure() {
  local line
  line=$("$@")
  echo "$line"
  RATE=$(sed -E 's/^[a-z0-9]+: [0-9]+ images in [0-9.]+s = ([0-9.]+) images.*/\1/' <<<"$line")
  CPU_RATE=$(sed -E 's/.* ([0-9.]+) images\/CPU-s.*/\1/' <<<"$line")
}
# The photo server runs as its own process, so end to end's CPU is the ingest's alone (HTTP client, decode, Parquet),
# as OpenCV's is only its own.
PORT=$((18000 + $$ % 1000))
dotnet "$BIN" serve "$PHOTOS" "$PORT" >/dev/null &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
export DATAFORGE_BENCH_SERVER_PORT=$PORT
KERNELS=(); E2ES=(); CVS=(); KERNELS_CPU=(); E2ES_CPU=(); CVS_CPU=()
for ((pair = 1; pair <= PAIRS; pair++)); do
  measure dotnet "$BIN" kernel "$PHOTOS" "$ROWS"; KERNELS+=("$RATE"); KERNELS_CPU+=("$CPU_RATE")
  measure dotnet "$BIN" e2e "$PHOTOS" "$ROWS"; E2ES+=("$RATE"); E2ES_CPU+=("$CPU_RATE")
  measure "$PY" bench/ingest_opencv_baseline.py "$PHOTOS" "$ROWS"; CVS+=("$RATE"); CVS_CPU+=("$CPU_RATE")
done
dotnet "$BIN" stages "$PHOTOS" "$ROWS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "${CVS[*]}" "${KERNELS[*]}" "${E2ES[*]}" "${CVS_CPU[*]}" "${KERNELS_CPU[*]}" "${E2ES_CPU[*]}" <<'PY'
import statistics, sys
cvs, kernels, e2es, cvs_cpu, kernels_cpu, e2es_cpu = ([float(x) for x in a.split()] for a in sys.argv[1:7])
for i, row in enumerate(zip(kernels, e2es, cvs, kernels_cpu, e2es_cpu, cvs_cpu), 1):
    print("run {}: kernel {:.1f}, end to end {:.1f}, opencv {:.1f} images/s; per CPU-second {:.1f}, {:.1f}, {:.1f}".format(i, *row))
for unit, (cv, kernel, e2e) in (("images/s per core (wall)", (cvs, kernels, e2es)), ("images per CPU-second", (cvs_cpu, kernels_cpu, e2es_cpu))):
    cv, kernel, e2e = statistics.median(cv), statistics.median(kernel), statistics.median(e2e)
    print(f"{unit}: kernel / opencv = {kernel / cv:.2f}x, end-to-end / opencv = {e2e / cv:.2f}x (medians {kernel:.1f}, {e2e:.1f} vs {cv:.1f}; target >= 2.5x), end-to-end / kernel = {e2e / kernel:.2f}x")
PY
