#!/usr/bin/env bash
# PilResampler (PIL-exact resize used by the captioner and trainer) against Skia's cubic resize, single thread.
# Argument: seconds per case (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/Imaging.Bench -- "$@"
