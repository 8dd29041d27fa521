#!/usr/bin/env bash
# Captioner decode benchmark (CPU): tokens/s of the three-session KV-cache loop at batch 1/8/16/32 against
# onnxruntime-genai's loop at batch 1 on the same random Qwen2-0.5B-shaped weights, plus the bandwidth bound.
# Extra arguments go to the benchmark, e.g. bench/captioner.sh --layers 24 --new-tokens 64.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/Captioner.Bench -- "$@"
