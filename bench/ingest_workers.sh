#!/usr/bin/env bash
# Ingest at scale on one machine: ROWS URLs over loopback HTTP into ONE output folder by TWO `dataforge ingest`
# processes started together (--shard-index 0/1 --shard-count 2, -j 1 each, as two array tasks would run), against
# the named baseline: ONE process over the same URLs with the same total image parallelism (-j 2). Prints rows/s of
# both, their ratio, each process's peak RSS, and checks that every row is present exactly once in each output.
# Usage: bench/ingest_workers.sh [rows] [photos-folder] [samples-per-shard]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-20000}"
PHOTOS="${2:-../shared/data/photos}"
PER_SHARD="${3:-1000}"
[ -d "$PHOTOS" ] || { echo "photos folder $PHOTOS not found" >&2; exit 1; }
[ -x /usr/bin/time ] || apt-get install -y --no-install-recommends time >/dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dotnet --version) SDK; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build src/Cli -c Release -v q -nologo >/dev/null
dotnet build bench/Ingest.Bench -c Release -v q -nologo >/dev/null
CLI=src/Cli/bin/Release/net10.0/dataforge.dll
BENCH=bench/Ingest.Bench/bin/Release/net10.0/DataForge.Ingest.Bench.dll
WORK=$(mktemp -d)
PORT=$((19000 + $$ % 1000))
dotnet "$BENCH" serve "$PHOTOS" "$PORT" >/dev/null &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
seq 0 $((ROWS - 1)) | sed "s|^|http://127.0.0.1:$PORT/i/|" > "$WORK/urls.txt"

# One `dataforge ingest` with extra arguments; /usr/bin/time records its peak RSS in "$WORK/$name.time".
ingest() {
  local name=$1 out=$2; shift 2
  /usr/bin/time -f "%M" -o "$WORK/$name.time" dotnet "$CLI" ingest --input "$WORK/urls.txt" --output "$out" \
    --samples-per-shard "$PER_SHARD" --allow-address-range 127.0.0.0/8 --image-size 256 --resize-mode Border \
    --manifest-dir "$WORK/manifests-$name" "$@" >"$WORK/$name.log" 2>&1 || { echo "$name failed:"; tail -5 "$WORK/$name.log"; return 1; }
}
now() { date +%s.%N; }

start=$(now)
ingest single "$WORK/single" -j 2
single=$(echo "$(now) - $start" | bc)
dotnet "$BENCH" check "$WORK/single" "$WORK/urls.txt"

start=$(now)
ingest worker0 "$WORK/split" -j 1 --shard-index 0 --shard-count 2 &
first=$!
ingest worker1 "$WORK/split" -j 1 --shard-index 1 --shard-count 2 &
second=$!
wait "$first"; wait "$second"
split=$(echo "$(now) - $start" | bc)
dotnet "$BENCH" check "$WORK/split" "$WORK/urls.txt"

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 - "$ROWS" "$single" "$split" "$(cat "$WORK/single.time")" "$(cat "$WORK/worker0.time")" "$(cat "$WORK/worker1.time")" <<'PY'
import sys
rows, single, split = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
rss = [int(x) / 1024 for x in sys.argv[4:7]]
print(f"baseline, 1 worker (-j 2): {rows} rows in {single:.1f}s = {rows / single:.1f} rows/s, peak RSS {rss[0]:.0f} MB")
print(f"2 workers on one folder (-j 1 each): {rows} rows in {split:.1f}s = {rows / split:.1f} rows/s, peak RSS {rss[1]:.0f} / {rss[2]:.0f} MB")
print(f"2 workers / 1 worker = {single / split:.2f}x")
PY
