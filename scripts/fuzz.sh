#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for N seconds (default 60) on its corpus
# from tests/fuzz/corpus. Crashes fail the run; new inputs go to a scratch folder, never into
# the committed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j"$(nproc)" >/dev/null
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
shopt -s nullglob
for fuzzer in build/fuzz/bin/fuzz_*; do
    name="$(basename "$fuzzer" | sed 's/^fuzz_//')"
    mkdir -p "$scratch/$name"
    echo "--> $name (${seconds}s)"
    "$fuzzer" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=1024 -print_final_stats=1 \
        "$scratch/$name" "tests/fuzz/corpus/$name" 2>&1 | grep -E "stat::number_of_executed_units|ERROR|SUMMARY" || true
    test "${PIPESTATUS[0]}" -eq 0
done
