#!/usr/bin/env bash
# Overhead benchmark: builds every workload in bench/workloads three ways (native clang-14 -O2,
# clang-14 -O2 -fsanitize=thread, interlock-cc -O2), runs each build --runs times under
# /usr/bin/time, and prints the median wall time and peak RSS of each with the ratios.
#
# Usage: bench/run.sh [--build-dir DIR | --prefix DIR] [--runs N] [--work-dir DIR]
#                     [--only NAME[,NAME...]] [--size NAME=ARG]... [--timeout SECONDS]
#   --build-dir  Interlock build tree whose stage/bin holds interlock-cc (default: <repo>/build)
#   --prefix     or an Interlock install prefix (`cmake --install --prefix`) holding bin/interlock-cc
#   --runs       runs per build; the median is reported (default: 3)
#   --work-dir   where the benchmark binaries and run logs go (default: <build-dir>/bench-runs)
#   --only       run only these workloads (comma-separated names; `core` = the first five,
#                `scale` = the scale_* ones)
#   --size       give workload NAME the argument ARG (its size) instead of its default; repeatable
#   --timeout    per-run timeout in seconds (default: 120)
#
# Exits non-zero if a build fails or any run crashes, exits non-zero, prints anything on stderr
# (a race report, a sanitizer warning) or times out: the workloads are race-free by design, so
# each of those means either a detector false positive or a broken workload.
set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname -- "$bench_dir")
build_dir=$repo_dir/build
runs=3
work_dir=
only=
per_run_timeout_seconds=120
prefix=
declare -A size_of=()

usage() { sed -n '6,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) build_dir=$2; shift 2 ;;
    --build-dir=*) build_dir=${1#*=}; shift ;;
    --runs) runs=$2; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --work-dir) work_dir=$2; shift 2 ;;
    --work-dir=*) work_dir=${1#*=}; shift ;;
    --only) only=$2; shift 2 ;;
    --only=*) only=${1#*=}; shift ;;
    --prefix) prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --size|--size=*)
      if [ "$1" = --size ]; then size_setting=$2; shift 2; else size_setting=${1#*=}; shift; fi
      case $size_setting in
        ?*=?*) size_of[${size_setting%%=*}]=${size_setting#*=} ;;
        *) echo "run.sh: --size needs NAME=ARG, got '$size_setting'" >&2; exit 2 ;;
      esac ;;
    --timeout) per_run_timeout_seconds=$2; shift 2 ;;
    --timeout=*) per_run_timeout_seconds=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

case $runs in
  ''|*[!0-9]*|0) echo "run.sh: --runs needs a positive integer, got '$runs'" >&2; exit 2 ;;
esac
case $per_run_timeout_seconds in
  ''|*[!0-9]*|0) echo "run.sh: --timeout needs a positive integer, got '$per_run_timeout_seconds'" >&2; exit 2 ;;
esac
if [ -n "$prefix" ]; then
  prefix=$(cd -- "$prefix" && pwd) || { echo "run.sh: no prefix $prefix" >&2; exit 2; }
  interlock_bin=$prefix/bin
  work_dir=${work_dir:-$prefix/bench-runs}
else
  build_dir=$(cd -- "$build_dir" && pwd) || { echo "run.sh: no build dir $build_dir" >&2; exit 2; }
  interlock_bin=$build_dir/stage/bin
  work_dir=${work_dir:-$build_dir/bench-runs}
fi

interlock_cc=$interlock_bin/interlock-cc
interlock_cxx=$interlock_bin/interlock-c++
for tool in "$interlock_cc" "$interlock_cxx"; do
  [ -x "$tool" ] || { echo "run.sh: $tool not found: build Interlock first" >&2; exit 2; }
done
for tool in clang-14 clang++-14 awk sort timeout objdump; do
  command -v "$tool" >/dev/null || { echo "run.sh: '$tool' is not installed" >&2; exit 2; }
done
time_tool=/usr/bin/time
[ -x "$time_tool" ] || { echo "run.sh: $time_tool missing (apt-get install -y time)" >&2; exit 2; }

# Workloads, in table order. Each is bench/workloads/<name>.c or <name>.cpp. The core five
# measure per-operation costs; the scale_* ones how costs grow with the number of objects
# (mutexes, atomics, live heap blocks, threads, calling contexts).
core_workloads=(array_sum lock_counter producer_consumer atomic_flags read_mostly)
scale_workloads=(scale_mutexes scale_atomics scale_free_fifo scale_free_lifo scale_threads
                 scale_detached_threads scale_recursion)
workloads=("${core_workloads[@]}" "${scale_workloads[@]}")
if [ -n "$only" ]; then
  IFS=, read -r -a requested <<<"$only"
  workloads=()
  for name in "${requested[@]}"; do
    case $name in
      core) workloads+=("${core_workloads[@]}") ;;
      scale) workloads+=("${scale_workloads[@]}") ;;
      *) workloads+=("$name") ;;
    esac
  done
fi
for name in "${!size_of[@]}"; do
  case " ${workloads[*]} " in
    *" $name "*) ;;
    *) echo "run.sh: --size for '$name', which is not among the workloads run" >&2; exit 2 ;;
  esac
done
variants=(native tsan interlock)

mkdir -p "$work_dir/bin" "$work_dir/logs"

# build_variant NAME VARIANT: compile bench/workloads/NAME.{c,cpp} into $work_dir/bin/NAME.VARIANT.
build_variant() {
  local name=$1 variant=$2 source compiler language_flags=()
  if [ -f "$bench_dir/workloads/$name.c" ]; then
    source=$bench_dir/workloads/$name.c
    case $variant in native|tsan) compiler=clang-14 ;; interlock) compiler=$interlock_cc ;; esac
  elif [ -f "$bench_dir/workloads/$name.cpp" ]; then
    source=$bench_dir/workloads/$name.cpp
    language_flags=(-std=c++17)
    case $variant in native|tsan) compiler=clang++-14 ;; interlock) compiler=$interlock_cxx ;; esac
  else
    echo "run.sh: no source for workload '$name' in $bench_dir/workloads" >&2
    return 1
  fi
  local variant_flags=()
  [ "$variant" = tsan ] && variant_flags=(-fsanitize=thread)
  "$compiler" -O2 "${language_flags[@]}" "${variant_flags[@]}" -pthread "$source" \
    -o "$work_dir/bin/$name.$variant" || return 1
  # A detector build that lost its instrumentation would look fast and silent: make sure the
  # code really calls the detector's access hooks.
  local hook_prefix
  case $variant in native) return 0 ;; tsan) hook_prefix=__tsan ;; interlock) hook_prefix=__interlock ;; esac
  local hook_calls
  hook_calls=$(objdump -d --no-show-raw-insn "$work_dir/bin/$name.$variant" |
    grep -cE "call.*<${hook_prefix}_(read|write|unaligned|atomic)") || hook_calls=0
  if [ "$hook_calls" -eq 0 ]; then
    echo "run.sh: $name.$variant calls no ${hook_prefix}_* access hook: not instrumented" >&2
    return 1
  fi
}

# run_once NAME VARIANT INDEX: run the binary once; append "seconds kib" to its samples file.
run_once() {
  local name=$1 variant=$2 index=$3
  local log=$work_dir/logs/$name.$variant.$index
  local status=0
  # Both detectors exit 66 on a finding; keep them from reusing reports of earlier runs.
  local size_argument=()
  [ -n "${size_of[$name]:-}" ] && size_argument=("${size_of[$name]}")
  TSAN_OPTIONS=${TSAN_OPTIONS:-} INTERLOCK_OPTIONS=${INTERLOCK_OPTIONS:-} \
    timeout "$per_run_timeout_seconds" "$time_tool" -o "$log.time" -f '%e %M' \
    "$work_dir/bin/$name.$variant" "${size_argument[@]}" >"$log.out" 2>"$log.err" || status=$?
  if [ "$status" -ne 0 ] || [ -s "$log.err" ]; then
    echo "run.sh: FAIL $name ($variant, run $index): exit status $status" >&2
    [ "$status" -eq 66 ] && echo "run.sh:   status 66 = the detector reported a finding" >&2
    [ "$status" -eq 124 ] && echo "run.sh:   timed out after ${per_run_timeout_seconds}s" >&2
    sed -n '1,40p' "$log.err" "$log.time" >&2
    return 1
  fi
  tail -n 1 "$log.time" >>"$work_dir/logs/$name.$variant.samples"
}

# median_of FILE COLUMN: the median of one column of a samples file.
median_of() {
  awk -v column="$2" '{ print $column }' "$1" | sort -g | awk '
    { values[NR] = $1 }
    END {
      if (NR % 2) print values[(NR + 1) / 2]
      else print (values[NR / 2] + values[NR / 2 + 1]) / 2
    }'
}

echo "run.sh: building ${#workloads[@]} workloads x ${#variants[@]} variants into $work_dir/bin" >&2
for name in "${workloads[@]}"; do
  for variant in "${variants[@]}"; do
    build_variant "$name" "$variant" || { echo "run.sh: FAIL building $name ($variant)" >&2; exit 1; }
  done
done

failed=0
for name in "${workloads[@]}"; do
  for variant in "${variants[@]}"; do
    rm -f "$work_dir/logs/$name.$variant.samples"
  done
  echo "run.sh: running $name ($runs runs per variant)" >&2
  # Interleave variants within each round so slow drift of the machine hits all three alike.
  for index in $(seq 1 "$runs"); do
    for variant in "${variants[@]}"; do
      run_once "$name" "$variant" "$index" || failed=1
    done
  done
done
[ "$failed" -eq 0 ] || { echo "run.sh: some runs failed; no table" >&2; exit 1; }

cpu_count=$(nproc)
echo "Interlock overhead: median of $runs runs, wall seconds and peak RSS (MiB), $cpu_count CPUs, $(date -u +%Y-%m-%d)"
echo
{
  echo "workload|native s|TSan s|Interlock s|IL/native|IL/TSan|native MiB|TSan MiB|Interlock MiB|RSS IL/native|RSS IL/TSan"
  for name in "${workloads[@]}"; do
    # Row: name, then the three median times (column 1), then the three median RSS (column 2).
    # A workload run at a size other than its default shows it: "scale_mutexes(65536)".
    row=$name${size_of[$name]:+(${size_of[$name]})}
    for column in 1 2; do
      for variant in "${variants[@]}"; do
        row+=" $(median_of "$work_dir/logs/$name.$variant.samples" "$column")"
      done
    done
    echo "$row"
  done | awk '
    function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "n/a" }
    {
      # /usr/bin/time reports 0.00 s for very short runs; ratios then read n/a rather than inf.
      printf "%s|%.2f|%.2f|%.2f|%s|%s|%.1f|%.1f|%.1f|%s|%s\n", $1, $2, $3, $4,
             ratio($4, $2), ratio($4, $3), $5 / 1024, $6 / 1024, $7 / 1024,
             ratio($7, $5), ratio($7, $6)
    }'
} | awk -F'|' '
  # Pretty-print as an aligned Markdown table, so the output can be pasted into docs.
  { rows[NR] = $0; for (i = 1; i <= NF; ++i) if (length($i) > width[i]) width[i] = length($i); columns = NF }
  END {
    for (r = 1; r <= NR; ++r) {
      split(rows[r], cell, "|")
      line = "|"
      for (i = 1; i <= columns; ++i)
        line = line sprintf(i == 1 ? " %-*s |" : " %*s |", width[i], cell[i])
      print line
      if (r == 1) {
        line = "|"
        for (i = 1; i <= columns; ++i) {
          dashes = sprintf("%*s", width[i], ""); gsub(/ /, "-", dashes)
          line = line (i == 1 ? " " dashes " |" : " " substr(dashes, 2) ": |")
        }
        print line
      }
    }
  }'
