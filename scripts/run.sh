#!/usr/bin/env bash
# Quick start: install what is missing, build, and open FleetWatch with the embedded SQLite
# database. Arguments go to the program, e.g. `scripts/run.sh --demo` for a simulated fleet.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_PRESET=release scripts/setup.sh
exec build/release/bin/fleetwatch "$@"
