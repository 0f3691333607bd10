#!/usr/bin/env bash
# Real-program benchmark: Debian's sources of a few multithreaded programs, each built three ways
# (native clang-14 -O2 -g, clang-14 -O2 -g -fsanitize=thread, interlock-cc -O2 -g), one
# multithreaded workload per program run the same way under all three builds, interleaved, under
# /usr/bin/time. Prints a Markdown table of medians (time, peak RSS, Interlock/TSan ratios and
# their geometric means) and every finding each detector printed, per program.
#
# Usage: bench/real/run.sh [--prefix DIR] [--runs N] [--work-dir DIR] [--only NAME[,NAME...]]
#                          [--timeout SECONDS] [--rebuild-interlock]
#   --prefix             Interlock install prefix holding bin/interlock-cc (default: <repo>/build/stage)
#   --runs               runs per build; the median is reported (default: 3)
#   --work-dir           sources, builds, input data and run logs (default: /work/bench-real)
#   --only               only these programs (comma-separated): xz zstd pbzip2 libuv concurrentqueue
#   --timeout            per-run timeout in seconds (default: 600)
#   --rebuild-interlock  rebuild the Interlock variant even if a build for this prefix exists
#
# Needs root or sudo the first time: it enables Debian's deb-src lines, runs apt-get update once,
# installs what it needs and fetches the sources with `apt-get source`. Builds are cached in
# <work-dir>/build/<program>/{native,tsan,interlock-<key>}, where <key> hashes the prefix and the
# installed plugin and runtime, so a new Interlock install rebuilds only the Interlock variants.
# This is a benchmark, not a test: findings are listed, not failed on; a run that crashes, times
# out or exits with a status other than 0 and the detectors' 66 is a failure (exit 1, no table).
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd -- "$script_dir/../.." && pwd)
prefix=$repo_dir/build/stage
runs=3
work_dir=/work/bench-real
only=
per_run_timeout_seconds=600
rebuild_interlock=0
all_programs=(xz zstd pbzip2 libuv concurrentqueue)

usage() { sed -n '8,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
log() { echo "real/run.sh: $*" >&2; }
die() { log "$*"; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --prefix) prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --runs) runs=$2; shift 2 ;;
    --runs=*) runs=${1#*=}; shift ;;
    --work-dir) work_dir=$2; shift 2 ;;
    --work-dir=*) work_dir=${1#*=}; shift ;;
    --only) only=$2; shift 2 ;;
    --only=*) only=${1#*=}; shift ;;
    --timeout) per_run_timeout_seconds=$2; shift 2 ;;
    --timeout=*) per_run_timeout_seconds=${1#*=}; shift ;;
    --rebuild-interlock) rebuild_interlock=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) log "unknown argument '$1'"; usage >&2; exit 2 ;;
  esac
done

case $runs in ''|*[!0-9]*|0) log "--runs needs a positive integer, got '$runs'"; exit 2 ;; esac
case $per_run_timeout_seconds in
  ''|*[!0-9]*|0) log "--timeout needs a positive integer, got '$per_run_timeout_seconds'"; exit 2 ;;
esac
prefix=$(cd -- "$prefix" 2>/dev/null && pwd) || { log "no Interlock prefix $prefix"; exit 2; }
interlock_cc=$prefix/bin/interlock-cc
interlock_cxx=$prefix/bin/interlock-c++
for tool in "$interlock_cc" "$interlock_cxx"; do
  [ -x "$tool" ] || { log "$tool not found (give --prefix an Interlock install)"; exit 2; }
done
programs=("${all_programs[@]}")
if [ -n "$only" ]; then
  IFS=, read -r -a programs <<<"$only"
  for program in "${programs[@]}"; do
    case " ${all_programs[*]} " in *" $program "*) ;; *) log "unknown program '$program'"; exit 2 ;; esac
  done
fi
variants=(native tsan interlock)
mkdir -p "$work_dir"
work_dir=$(cd -- "$work_dir" && pwd)
src_root=$work_dir/src
data_dir=$work_dir/data
logs_dir=$work_dir/logs
mkdir -p "$src_root" "$data_dir" "$logs_dir"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Tools and sources ------------------------------------------------------------------------

apt_updated=0
apt_update_once() {
  [ "$apt_updated" -eq 1 ] && return 0
  log "apt-get update"
  as_root apt-get update -qq >&2
  apt_updated=1
}

ensure_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt_update_once
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

# Debian 12 ships deb822 sources without deb-src; add a deb-src twin of the main archive.
ensure_deb_src() {
  if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return 0
  fi
  log "enabling deb-src in /etc/apt/sources.list.d/interlock-bench-deb-src.sources"
  as_root tee /etc/apt/sources.list.d/interlock-bench-deb-src.sources >/dev/null <<'EOF'
# Added by Interlock's bench/real/run.sh: source packages for the real-program benchmark.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt_updated=0
  apt_update_once
}

# fetch_source PACKAGE: unpack Debian's source of PACKAGE under $src_root/PACKAGE; prints its tree.
fetch_source() {
  local package=$1 dir=$src_root/$1 tree
  tree=$(find "$dir" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -n 1)
  if [ -z "$tree" ]; then
    ensure_deb_src
    log "apt-get source $package"
    mkdir -p "$dir"
    (cd "$dir" && apt-get source -qq "$package" >&2 2>"$dir/fetch.log") ||
      { cat "$dir/fetch.log" >&2; die "apt-get source $package failed"; }
    tree=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  fi
  [ -n "$tree" ] || die "no source tree for $package in $dir"
  echo "$tree"
}

# fetch_binary_deb PACKAGE: unpack Debian's binary package PACKAGE (for header-only libraries whose
# source package is not on the mirror) under $src_root/PACKAGE/root; prints that directory.
fetch_binary_deb() {
  local package=$1 dir=$src_root/$1
  if [ ! -d "$dir/root" ]; then
    apt_update_once
    mkdir -p "$dir"
    log "apt-get download $package"
    (cd "$dir" && apt-get download -qq "$package" >&2) || die "apt-get download $package failed"
    dpkg-deb -x "$dir"/"$package"_*.deb "$dir/root.tmp" && mv "$dir/root.tmp" "$dir/root"
  fi
  echo "$dir/root"
}

ensure_packages time dpkg-dev cmake make clang-14 gawk
time_tool=/usr/bin/time

# --- Variants -----------------------------------------------------------------------------------

# The Interlock build directory is keyed on the prefix and on the installed plugin and runtime, so
# a new install (even at the same prefix) gets fresh builds and an old one keeps its own.
interlock_key=$(
  { echo "$prefix"; find "$prefix/lib" -type f \( -name '*.so' -o -name '*.a' \) -printf '%p %s %T@\n' | sort; } |
    sha1sum | cut -c1-10)

# set_variant VARIANT: sets CC_V CXX_V CFLAGS_V CXXFLAGS_V LDFLAGS_V for one build flavour.
set_variant() {
  case $1 in
    native) CC_V=clang-14; CXX_V=clang++-14; CFLAGS_V="-O2 -g"; LDFLAGS_V= ;;
    tsan) CC_V=clang-14; CXX_V=clang++-14; CFLAGS_V="-O2 -g -fsanitize=thread"
          LDFLAGS_V=-fsanitize=thread ;;
    interlock) CC_V=$interlock_cc; CXX_V=$interlock_cxx; CFLAGS_V="-O2 -g"; LDFLAGS_V= ;;
  esac
  CXXFLAGS_V=$CFLAGS_V
}

build_dir_of() { # PROGRAM VARIANT
  case $2 in
    interlock) echo "$work_dir/build/$1/interlock-$interlock_key" ;;
    *) echo "$work_dir/build/$1/$2" ;;
  esac
}

# check_instrumented BINARY VARIANT: a detector build whose code calls no access hook would look
# fast and silent; refuse it.
check_instrumented() {
  local binary=$1 variant=$2 hook_prefix
  case $variant in native) return 0 ;; tsan) hook_prefix=__tsan ;; interlock) hook_prefix=__interlock ;; esac
  local hook_calls
  hook_calls=$(objdump -d --no-show-raw-insn "$binary" |
    grep -cE "call.*<${hook_prefix}_(read|write|unaligned|atomic)") || hook_calls=0
  [ "$hook_calls" -gt 0 ] || die "$binary calls no ${hook_prefix}_* access hook: not instrumented"
}

# --- Programs -------------------------------------------------------------------------------
# For each program P: build_P DIR (builds the variant set by set_variant in DIR, a fresh directory,
# and prints the path of the binary), prepare_P (makes its input once) and the workload in
# workload_P (description) and run_P BINARY (the command; runs in a scratch directory).

# Input for the compressors: deterministic, log-like text (compresses about 5-8x).
make_text_input() { # FILE MEGABYTES
  local file=$1 megabytes=$2
  [ -s "$file" ] && return 0
  log "generating $file ($megabytes MB)"
  gawk -v bytes=$((megabytes * 1000 * 1000)) 'BEGIN {
    srand(12345)
    split("GET POST PUT DELETE GET GET", methods, " ")
    split("items users orders carts search images", paths, " ")
    split("200 200 200 200 304 404 500 201", statuses, " ")
    while (written < bytes) {
      line = sprintf("2026-12-05T%02d:%02d:%02d.%03dZ host%02d svc[%d]: %s /api/v1/%s/%d status=%s bytes=%d rt=%.3fms req=%08x\n",
        int(n / 3600000) % 24, int(n / 60000) % 60, int(n / 1000) % 60, n % 1000,
        int(rand() * 16), 1000 + int(rand() * 64), methods[1 + int(rand() * 6)],
        paths[1 + int(rand() * 6)], int(rand() * 5000), statuses[1 + int(rand() * 8)],
        int(rand() * rand() * 65536), rand() * 40, int(rand() * 4294967295))
      printf "%s", line
      written += length(line); n += 7
    }
  }' >"$file.tmp"
  mv "$file.tmp" "$file"
}

# xz-utils: liblzma's multithreaded block encoder (src/liblzma/common/stream_encoder_mt.c).
workload_xz="xz -T2 -1 (3 MiB blocks) of 16 MB of log text"
build_xz() {
  local dir=$1 tree
  tree=$(fetch_source xz-utils)
  cp -a "$tree/." "$dir/"
  (cd "$dir" &&
    ./configure -q CC="$CC_V" CFLAGS="$CFLAGS_V" LDFLAGS="$LDFLAGS_V" --disable-shared \
      --enable-threads=posix --disable-nls --disable-doc --disable-scripts --disable-lzmadec \
      --disable-lzmainfo --disable-xzdec --disable-lzmadec >&2 &&
    make -s -j2 -C src/liblzma >&2 && make -s -j2 -C src/xz >&2) || return 1
  echo "$dir/src/xz/xz"
}
prepare_xz() { make_text_input "$data_dir/text-16mb.txt" 16; }
run_xz() { "$1" -T2 -1 -c "$data_dir/text-16mb.txt" >/dev/null; }

# zstd: the CLI with libzstd's multithreaded compressor (lib/compress/zstdmt_compress.c).
workload_zstd="zstd -T2 -9 of 16 MB of log text"
build_zstd() {
  local dir=$1 tree
  tree=$(fetch_source libzstd)
  cp -a "$tree/." "$dir/"
  make -s -j2 -C "$dir/programs" zstd-release CC="$CC_V" CFLAGS="$CFLAGS_V" \
    LDFLAGS="$LDFLAGS_V" HAVE_ZLIB=0 HAVE_LZMA=0 HAVE_LZ4=0 HAVE_THREAD=1 >&2 || return 1
  echo "$dir/programs/zstd"
}
prepare_zstd() { make_text_input "$data_dir/text-16mb.txt" 16; }
run_zstd() { "$1" -q -T2 -9 -c "$data_dir/text-16mb.txt" >/dev/null; }

# pbzip2 (C++, pthreads: a producer, a consumer-per-CPU pool, an output writer, a bounded queue
# with mutexes and condition variables), linked with libbz2 built from Debian's bzip2 source with
# the same compiler so the compression itself is instrumented too.
workload_pbzip2="pbzip2 -p2 -9 of 8 MB of log text"
build_pbzip2() {
  local dir=$1 tree bz_tree source
  tree=$(fetch_source pbzip2)
  bz_tree=$(fetch_source bzip2)
  mkdir -p "$dir/bz2" "$dir/obj"
  for source in blocksort huffman crctable randtable compress decompress bzlib; do
    # shellcheck disable=SC2086
    "$CC_V" $CFLAGS_V -D_FILE_OFFSET_BITS=64 -c "$bz_tree/$source.c" -o "$dir/bz2/$source.o" || return 1
  done
  for source in pbzip2 BZ2StreamScanner ErrorContext; do
    # shellcheck disable=SC2086
    "$CXX_V" $CXXFLAGS_V -Wno-reserved-user-defined-literal -pthread -D_POSIX_PTHREAD_SEMANTICS -D_LARGEFILE64_SOURCE \
      -D_FILE_OFFSET_BITS=64 -DUSE_STACKSIZE_CUSTOMIZATION -I"$bz_tree" \
      -c "$tree/$source.cpp" -o "$dir/obj/$source.o" || return 1
  done
  # shellcheck disable=SC2086
  "$CXX_V" $CXXFLAGS_V $LDFLAGS_V -pthread "$dir"/obj/*.o "$dir"/bz2/*.o -o "$dir/pbzip2" || return 1
  echo "$dir/pbzip2"
}
prepare_pbzip2() { make_text_input "$data_dir/text-8mb.txt" 8; }
run_pbzip2() { "$1" -p2 -9 -c "$data_dir/text-8mb.txt" >/dev/null; }

# libuv: threaded parts of its own test and benchmark suites, each run in-process
# (`uv_run_tests_a NAME NAME` runs one test without the runner's fork): the thread_create
# benchmark (20,000 uv_thread_create + uv_thread_join), then 4 rounds of the threaded tests that do
# not sleep: the work queue and its thread pool, thread-pool cancellation, several loops sharing the
# pool, uv_thread/uv_mutex/uv_rwlock/uv_sem/uv_barrier/uv_cond, uv_async across threads, and fs
# requests run on the pool. The suite refuses to run as root, so as root it runs as nobody.
libuv_tests=(threadpool_queue_work_simple threadpool_multiple_event_loops threadpool_cancel_work
  threadpool_cancel_fs threadpool_cancel_random threadpool_cancel_single thread_mutex
  thread_rwlock thread_rwlock_trylock thread_create thread_local_storage barrier_3 semaphore_3
  condvar_1 condvar_2 condvar_3 condvar_4 async async_null_cb fs_read_file_eof fs_file_async)
workload_libuv="benchmark thread_create (20 k threads) + 4 x ${#libuv_tests[@]} threaded tests (thread pool, uv_async, locks)"
build_libuv() {
  local dir=$1 tree
  tree=$(fetch_source libuv1)
  # Out-of-tree CMake build of the static library, its test runner and its benchmark runner.
  cmake -S "$tree" -B "$dir" -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_C_COMPILER="$CC_V" -DCMAKE_C_FLAGS="$CFLAGS_V" \
    -DCMAKE_EXE_LINKER_FLAGS="$LDFLAGS_V" -DLIBUV_BUILD_TESTS=ON -DLIBUV_BUILD_BENCH=ON \
    -DBUILD_TESTING=ON >/dev/null || return 1
  make -s -j2 -C "$dir" uv_run_tests_a uv_run_benchmarks_a >&2 || return 1
  echo "$dir/uv_run_tests_a"
}
prepare_libuv() { :; }
run_libuv() {
  local tests_binary=$1 round name status as_user=()
  local bench_binary=${tests_binary%/*}/uv_run_benchmarks_a
  if [ "$(id -u)" -eq 0 ]; then
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 777 .
  fi
  # A detector's finding (exit status 66) does not stop the workload; the status is passed on.
  local final_status=0
  status=0
  "${as_user[@]}" "$bench_binary" thread_create thread_create >/dev/null || status=$?
  case $status in
    0) ;; 66) final_status=66 ;;
    *) echo "libuv benchmark thread_create exited with status $status" >&2; return "$status" ;;
  esac
  for round in 1 2 3 4; do
    for name in $libuv_tests_list; do
      status=0
      "${as_user[@]}" "$tests_binary" "$name" "$name" >/dev/null || status=$?
      case $status in
        0) ;; 66) final_status=66 ;;
        *) echo "libuv test $name exited with status $status" >&2; return "$status" ;;
      esac
    done
  done
  return "$final_status"
}

# moodycamel::ConcurrentQueue (Debian's libconcurrentqueue-dev, header-only; its source package
# is not on this mirror, so the headers come from the binary package). The driver,
# bench/real/concurrentqueue_driver.cpp, runs 2 producers and 2 consumers through a
# BlockingConcurrentQueue with tokens and bulk operations and checks the sum.
workload_concurrentqueue="2 producers + 2 consumers, 2 M items through BlockingConcurrentQueue (our driver)"
build_concurrentqueue() {
  local dir=$1 root
  root=$(fetch_binary_deb libconcurrentqueue-dev)
  # shellcheck disable=SC2086
  "$CXX_V" $CXXFLAGS_V $LDFLAGS_V -std=c++17 -pthread -I"$root/usr/include/concurrentqueue" \
    "$script_dir/concurrentqueue_driver.cpp" -o "$dir/concurrentqueue_driver" || return 1
  echo "$dir/concurrentqueue_driver"
}
prepare_concurrentqueue() { :; }
run_concurrentqueue() { "$1" 2000000; }

# --- Build ------------------------------------------------------------------------------------

declare -A binary_of
for program in "${programs[@]}"; do
  "prepare_$program"
  for variant in "${variants[@]}"; do
    dir=$(build_dir_of "$program" "$variant")
    if [ "$variant" = interlock ] && [ "$rebuild_interlock" -eq 1 ]; then rm -rf "$dir"; fi
    if [ -f "$dir/.built" ]; then
      binary_of[$program.$variant]=$(cat "$dir/.built")
      log "$program ($variant): cached build $(cat "$dir/.built")"
      continue
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    set_variant "$variant"
    log "$program ($variant): building in $dir"
    started=$(date +%s)
    binary=$("build_$program" "$dir" 2>"$dir/build.log") ||
      { tail -n 30 "$dir/build.log" >&2; die "$program ($variant): build failed; log in $dir/build.log"; }
    [ -x "$binary" ] || die "$program ($variant): build made no $binary"
    check_instrumented "$binary" "$variant"
    echo "$binary" >"$dir/.built"
    binary_of[$program.$variant]=$binary
    log "$program ($variant): built in $(($(date +%s) - started)) s"
  done
done

# --- Run --------------------------------------------------------------------------------------

# run_once PROGRAM VARIANT INDEX: one timed run; appends "seconds kib status" to the samples file.
run_once() {
  local program=$1 variant=$2 index=$3 status=0
  local log_base=$logs_dir/$program.$variant.$index scratch=$work_dir/scratch/$program.$variant
  rm -rf "$scratch"; mkdir -p "$scratch"
  # Each detector reads only its own options; the defaults make both exit 66 on a finding.
  # The workload function runs in a fresh bash under time and timeout, with what it needs in its
  # environment.
  (cd "$scratch" &&
    data_dir=$data_dir libuv_tests_list="${libuv_tests[*]}" \
      timeout -k 10 "$per_run_timeout_seconds" "$time_tool" -o "$log_base.time" -f '%e %M' \
      bash -c "$(declare -f "run_$program"); run_$program \"\$1\"" bash "${binary_of[$program.$variant]}" \
      >"$log_base.out" 2>"$log_base.err") || status=$?
  case $status in
    0|66) ;;
    124|137) log "FAIL $program ($variant, run $index): timed out after ${per_run_timeout_seconds}s"; return 1 ;;
    *) log "FAIL $program ($variant, run $index): exit status $status"; sed -n '1,30p' "$log_base.err" >&2
       return 1 ;;
  esac
  echo "$(grep -E '^[0-9.]+ [0-9]+$' "$log_base.time" | tail -n 1) $status" >>"$logs_dir/$program.$variant.samples"
}

median_of() { # FILE COLUMN
  awk -v column="$2" '{ print $column }' "$1" | sort -g | awk '
    { values[NR] = $1 }
    END { if (NR % 2) print values[(NR + 1) / 2]; else print (values[NR / 2] + values[NR / 2 + 1]) / 2 }'
}

failed=0
for program in "${programs[@]}"; do
  for variant in "${variants[@]}"; do
    rm -f "$logs_dir/$program.$variant.samples" "$logs_dir/$program.$variant".[0-9]*.*
  done
  log "running $program: $(eval echo "\$workload_$program") ($runs runs per build)"
  for index in $(seq 1 "$runs"); do
    for variant in "${variants[@]}"; do
      run_once "$program" "$variant" "$index" || failed=1
      [ -f "$logs_dir/$program.$variant.samples" ] &&
        log "  $program $variant run $index: $(tail -n 1 "$logs_dir/$program.$variant.samples" |
          awk '{ printf "%s s, %.0f MiB, exit %s", $1, $2 / 1024, $3 }')"
    done
  done
done
[ "$failed" -eq 0 ] || die "some runs failed; no table (logs in $logs_dir)"

# --- Report -----------------------------------------------------------------------------------

echo "Real programs: median of $runs runs, wall seconds and peak RSS (MiB), $(nproc) CPUs, $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Interlock: $prefix"
echo
{
  echo "program|workload|native s|TSan s|Interlock s|IL/TSan time|native MiB|TSan MiB|IL MiB|IL/TSan RSS"
  for program in "${programs[@]}"; do
    row=$program
    for column in 1 2; do
      for variant in "${variants[@]}"; do
        row+=" $(median_of "$logs_dir/$program.$variant.samples" "$column")"
      done
    done
    echo "$row|$(eval echo "\$workload_$program")"
  done | awk '
    function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "n/a" }
    BEGIN { time_log = 0; rss_log = 0; count = 0 }
    {
      split($0, halves, "|"); split(halves[1], f, " ")
      printf "%s|%s|%.2f|%.2f|%.2f|%s|%.1f|%.1f|%.1f|%s\n", f[1], halves[2], f[2], f[3], f[4],
             ratio(f[4], f[3]), f[5] / 1024, f[6] / 1024, f[7] / 1024, ratio(f[7], f[6])
      if (f[3] > 0 && f[4] > 0 && f[6] > 0) {
        time_log += log(f[4] / f[3]); rss_log += log(f[7] / f[6]); ++count
      }
    }
    END {
      if (count) printf "geometric mean|||||%.2f||||%.2f\n", exp(time_log / count), exp(rss_log / count)
    }'
} | awk -F'|' '
  { rows[NR] = $0; for (i = 1; i <= NF; ++i) if (length($i) > width[i]) width[i] = length($i); columns = NF }
  END {
    for (r = 1; r <= NR; ++r) {
      split(rows[r], cell, "|")
      line = "|"
      for (i = 1; i <= columns; ++i)
        line = line sprintf(i <= 2 ? " %-*s |" : " %*s |", width[i], cell[i])
      print line
      if (r == 1) {
        line = "|"
        for (i = 1; i <= columns; ++i) {
          dashes = sprintf("%*s", width[i], ""); gsub(/ /, "-", dashes)
          line = line (i <= 2 ? " " dashes " |" : " " substr(dashes, 2) ": |")
        }
        print line
      }
    }
  }'

# Findings: every report either detector printed in any run, deduplicated. TSan reports are keyed
# by their SUMMARY line; Interlock's by the stable key in its WARNING line, shown with the line
# after it (the one-line summary: kind, both accesses, their source lines).
echo
echo "Findings (deduplicated over all runs; the full reports are in $logs_dir/<program>.<build>.<run>.err):"
for program in "${programs[@]}"; do
  echo
  echo "$program:"
  tsan_findings=$(cat "$logs_dir/$program.tsan".[0-9]*.err 2>/dev/null |
    grep -E '^SUMMARY: ThreadSanitizer' | sed 's/^SUMMARY: ThreadSanitizer: //' | sort | uniq -c | sort -rn) || true
  tsan_warnings=$(cat "$logs_dir/$program.tsan".[0-9]*.err 2>/dev/null | grep -c 'WARNING: ThreadSanitizer') || true
  interlock_findings=$(cat "$logs_dir/$program.interlock".[0-9]*.err 2>/dev/null | awk '
    /WARNING: Interlock/ { key = $0; sub(/.*WARNING: Interlock: /, "", key); want = 1; next }
    want { summary = $0; sub(/^ +/, "", summary); want = 0
           if (!(key in seen)) { order[++n] = key; seen[key] = summary }; count[key]++ }
    END { for (i = 1; i <= n; ++i) printf "%7d %s: %s\n", count[order[i]], order[i], seen[order[i]] }') || true
  interlock_warnings=$(cat "$logs_dir/$program.interlock".[0-9]*.err 2>/dev/null | grep -c 'WARNING: Interlock') || true
  echo "  TSan: $tsan_warnings reports in $runs runs, $( [ -n "$tsan_findings" ] && echo "$tsan_findings" | wc -l || echo 0) distinct"
  [ -n "$tsan_findings" ] && echo "$tsan_findings" | sed 's/^/    /'
  echo "  Interlock: $interlock_warnings reports in $runs runs, $( [ -n "$interlock_findings" ] && echo "$interlock_findings" | wc -l || echo 0) distinct"
  [ -n "$interlock_findings" ] && echo "$interlock_findings" | sed 's/^/    /'
done
exit 0
