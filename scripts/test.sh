#!/usr/bin/env bash
# Builds Interlock and runs every test through CTest: unit tests (Catch2), plugin IR checks,
# end-to-end programs compiled with the wrappers, and differential runs against ThreadSanitizer.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${INTERLOCK_BUILD_DIR:-$root/build}

"$root/scripts/build.sh"
echo "== tests"
cd "$build"
ctest --output-on-failure -j"$(nproc)" "$@"
