#!/usr/bin/env bash
# The main job: installs what is needed, builds Interlock, then compiles every sample with the
# Interlock plugin, runs it, and shows its report. Exits non-zero if a sample misbehaves (a racy
# sample that stays silent, or a fixed one that reports).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${INTERLOCK_BUILD_DIR:-$root/build}

"$root/scripts/build.sh"
echo "== samples: compiling each with interlock-cc / interlock-c++ and running it"
exec "$root/samples/run_all.sh" "$build/stage/bin" "$build/samples-out"
