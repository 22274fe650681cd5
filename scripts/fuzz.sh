#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (only they and the layers they link) and runs each for
# N seconds (default 60) on its corpus from tests/fuzz/corpus, one fuzzer per core at a time.
# A crash or an undefined-behaviour report fails the run; new inputs go to a scratch folder,
# never into the committed corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
jobs="$(nproc)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzzers -j"$jobs" >/dev/null
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

run_one() { # fuzzer-path seconds scratch: writes NAME.log and NAME.rc into scratch
    local name
    name="$(basename "$1" | sed 's/^fuzz_//')"
    mkdir -p "$3/$name"
    set +e
    "$1" -max_total_time="$2" -max_len=4096 -rss_limit_mb=1024 -print_final_stats=1 \
        "$3/$name" "tests/fuzz/corpus/$name" >"$3/$name.log" 2>&1
    echo $? >"$3/$name.rc"
}
export -f run_one
shopt -s nullglob
fuzzers=(build/fuzz/bin/fuzz_*)
printf '%s\n' "${fuzzers[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$seconds" "$scratch"

failed=0
for fuzzer in "${fuzzers[@]}"; do
    name="$(basename "$fuzzer" | sed 's/^fuzz_//')"
    echo "--> $name (${seconds}s)"
    grep -E "stat::number_of_executed_units|ERROR|SUMMARY" "$scratch/$name.log" || true
    if [ "$(cat "$scratch/$name.rc")" != 0 ]; then
        echo "FAILED: $name (exit $(cat "$scratch/$name.rc"))"
        tail -n 40 "$scratch/$name.log"
        failed=1
    fi
done
exit "$failed"
