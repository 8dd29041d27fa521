#!/usr/bin/env bash
# Streaming feature dataset vs the in-memory path (the named baseline): peak RSS and training samples/s of the Tiny
# model (batch 32) on synthetic feature shards of 10k, 100k and 400k rows, one process per measurement.
# Usage: bench/trainer_streaming.sh [STEPS] [DATA_DIR]   (shards are generated once under DATA_DIR, ~2.3 KB per row)
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-100}"
data="${2:-${TMPDIR:-/tmp}/dataforge-streaming-bench}"
dotnet build bench/Trainer.Bench -c Release -v q -nologo >/dev/null
bench=(dotnet bench/Trainer.Bench/bin/Release/net10.0/DataForge.Trainer.Bench.dll streaming)
for rows in 10000 100000 400000; do
  "${bench[@]}" generate "$data/$rows" "$rows"
done
for rows in 10000 100000 400000; do
  for mode in memory stream; do
    work="$(mktemp -d)"
    "${bench[@]}" run "$data/$rows" "$mode" "$steps" "$work"
    rm -rf "$work"
  done
done
