#!/usr/bin/env bash
# NounStats end-to-end throughput (tokenize, tag, lemmatize, count): single thread, all cores, and the ratio to the
# NLTK-design baseline, and NLTK itself when python3-nltk is installed. Usage: bench/nounstats.sh [SHARED_DATA_DIR] [SECONDS_PER_MEASUREMENT]
# Environment: NOUNSTATS_SINGLE_ONLY=1 stops after the single-thread figure; NOUNSTATS_AB=DIR_A:DIR_B times two builds'
# bin folders (copies of bench/NounStats.Bench/bin/Release/net10.0) alternately in one process, NOUNSTATS_ROUNDS pairs,
# after checking that their tags and noun counts are identical; NOUNSTATS_NO_ROWS=1 runs without the
# tagger's precomputed word rows; NOUNSTATS_ROWS_AB=1 alternates rows off/on in one process (NOUNSTATS_ROUNDS pairs,
# NOUNSTATS_ROWS_WORDS=FILE to try another word list); NOUNSTATS_PROFILE=1 prints a per-stage breakdown.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/NounStats.Bench -c Release -v q -nologo >/dev/null
dotnet bench/NounStats.Bench/bin/Release/net10.0/DataForge.NounStats.Bench.dll "${1:-../shared/data}" "${2:-5}"
