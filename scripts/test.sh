#!/usr/bin/env bash
# Builds the solution and runs every test project. The last line is the total over all projects:
#   N passed, N failed
# (the skipped count is printed on the line before it).
# Exit status is non-zero when the build fails, any test fails, or a test project produced no results.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

scripts/install-test-deps.sh || echo "warning: could not install every Debian package the tests use; dependent tests will say what is missing"

results="TestResults"
rm -rf "$results"
if ! dotnet build DataForge.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

# Projects without tests yet (a stage not built) produce an empty result file; they still count as "found".
projects=$(ls tests/*/*.Tests.csproj | wc -l)
dotnet test DataForge.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results" -v quiet
test_status=$?

passed=0; failed=0; skipped=0; found=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    found=$((found + 1))
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$found" -lt "$projects" ]; then
    echo "only $found of $projects test projects produced results (a test host crashed?)"
    failed=$((failed + projects - found))
fi
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
echo "($skipped skipped)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
