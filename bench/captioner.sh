#!/usr/bin/env bash
# Captioner throughput (CPU) against onnxruntime-genai 0.18 on the same random Qwen2-0.5B-shaped weights.
# Default: variable-length outputs (16-128 tokens), GenAI's static batch vs the captioner's continuous batching at
# batch 1/8/16/32 with the same intra-op threads, 3 interleaved rounds, medians, per-round ratios against the issue's
# targets and CPU time per token (estimated ~10 min on an idle 2-core machine). --quick: batch 1 and 16 only.
# --fixed: the per-decode-step benchmark (ms per step, batch 1 baseline). Extra arguments go to the benchmark, e.g.
# bench/captioner.sh --quick --rounds 5, or --genai-parallelism 0 for GenAI at its own thread default.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! build=$(dotnet build bench/Captioner.Bench -c Release -v q -nologo -clp:ErrorsOnly 2>&1); then
  echo "$build" >&2
  exit 1
fi
dotnet bench/Captioner.Bench/bin/Release/net10.0/DataForge.Captioner.Bench.dll "$@"
