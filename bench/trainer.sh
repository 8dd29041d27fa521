#!/usr/bin/env bash
# PixArt-α DiT training-step throughput on CPU, small config and PixArt-XL/2 at 256 (batch 1 and 2), each against the
# full-adaLN baseline of the same size run in the same process. Usage: bench/trainer.sh [STEPS] [small-only]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/Trainer.Bench -c Release -v q -nologo >/dev/null
dotnet bench/Trainer.Bench/bin/Release/net10.0/DataForge.Trainer.Bench.dll "${1:-3}" "${2:-all}"
