#!/usr/bin/env bash
# Builds every sample with Interlock's wrappers, runs it with a report directory, prints its
# report, and one verdict line per sample: what its '// EXPECT:' comments promise (silent, or the
# kinds of finding: data-race, lock-order-cycle, mutex-misuse, deadlock, atomicity-violation)
# against what Interlock observed. Exit status 1 when any sample misbehaves.
#
#   samples/run_all.sh <stage-bin-dir> <out-dir>
#
# <stage-bin-dir> holds interlock-cc and interlock-c++ (e.g. build/stage/bin or <prefix>/bin).
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 <stage-bin-dir> <out-dir>" >&2
  exit 2
fi
bin_dir=$1
out_dir=$2
samples_dir=$(cd "$(dirname "$0")" && pwd)
for wrapper in interlock-cc interlock-c++; do
  if [ ! -x "$bin_dir/$wrapper" ]; then
    echo "$0: no executable $bin_dir/$wrapper" >&2
    exit 2
  fi
done
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

# The interlock CLI renders the JSON report when it is there; otherwise show what the program
# printed on stderr, where Interlock writes the same reports as text.
show_report() {
  local work=$1
  if [ -x "$bin_dir/interlock" ]; then
    "$bin_dir/interlock" report "$work/reports" || true
  else
    cat "$work/stderr.log"
  fi
  for report in "$work"/reports/*.json; do
    [ -e "$report" ] && echo "(JSON report: $report)"
  done
}

verdicts=()
failures=0
for source in "$samples_dir"/*.c "$samples_dir"/*.cpp; do
  [ -e "$source" ] || continue
  name=$(basename "${source%.*}")
  case "$source" in
    *.cpp) compiler="$bin_dir/interlock-c++" ;;
    *) compiler="$bin_dir/interlock-cc" ;;
  esac
  # The distinct kinds promised, e.g. "data-race" or "lock-order-cycle"; "silent" for none. A
  # predicted race is reported as a data-race (with "predicted": true).
  expected=$(sed -n 's|^// EXPECT: *\([a-z-]*\).*|\1|p' "$source" | sed 's|^predicted-race$|data-race|' |
             sort -u | paste -sd, -)
  [ -n "$expected" ] || expected="(no EXPECT line)"
  # shellcheck disable=SC2207
  extra_flags=($(sed -n 's|^// ARGS:||p' "$source"))
  work="$out_dir/$name"
  rm -rf "$work"
  mkdir -p "$work/reports"

  echo "=== $name (expected: $expected)"
  if ! "$compiler" -O1 "${extra_flags[@]}" "$source" -o "$work/$name" -pthread \
      2> "$work/compile.log"; then
    cat "$work/compile.log"
    verdicts+=("FAIL  $name: expected $expected, did not compile (see $work/compile.log)")
    failures=$((failures + 1))
    continue
  fi
  INTERLOCK_OPTIONS="report_dir=$work/reports" timeout 60 "$work/$name" \
    > "$work/stdout.log" 2> "$work/stderr.log"
  status=$?
  cat "$work/stdout.log"
  show_report "$work"

  # Only findings carry a "key"; their kinds are what the sample is judged on ("kind" also names
  # other things, such as what a race's memory is, which are left out). A program ended because
  # its threads deadlocked exits with 67, any other program with findings with 66. Findings
  # joined across processes (races on a file's contents, lock-order cycles between processes)
  # are in no process's own report: they come from `interlock report` over the directory, and a
  # sample whose only findings are those exits with 0.
  findings=$(grep -o '"key" *: *"' "$work"/reports/*.json 2>/dev/null | wc -l)
  own_findings=$findings
  judged=("$work"/reports/*.json)
  if [ -x "$bin_dir/interlock" ]; then
    "$bin_dir/interlock" report "$work/reports" --format json > "$work/merged.json" 2>/dev/null
    findings=$(grep -o '"key" *: *"' "$work/merged.json" 2>/dev/null | wc -l)
    judged=("$work/merged.json")
  fi
  observed_kinds=$(grep -ho '"kind" *: *"[a-z-]*"' "${judged[@]}" 2>/dev/null |
                   sed 's|.*"\([a-z-]*\)"$|\1|' |
                   grep -xE 'data-race|lock-order-cycle|mutex-misuse|deadlock|atomicity-violation' | sort -u | paste -sd, -)
  deadlocked=no
  case ",$observed_kinds," in *,deadlock,*) deadlocked=yes ;; esac
  if [ "$findings" -gt 0 ] && { { [ "$status" -eq 66 ] && [ $deadlocked = no ]; } ||
                                { [ "$status" -eq 67 ] && [ $deadlocked = yes ]; } ||
                                { [ "$status" -eq 0 ] && [ "$own_findings" -eq 0 ]; }; }; then
    observed=$observed_kinds
  elif [ "$status" -eq 0 ] && [ "$findings" -eq 0 ]; then
    observed=silent
  else
    observed="broken (exit status $status, $findings finding(s); see $work/stderr.log)"
  fi
  if [ "$observed" = "$expected" ]; then
    verdicts+=("ok    $name: expected $expected, observed $observed")
  else
    verdicts+=("FAIL  $name: expected $expected, observed $observed")
    failures=$((failures + 1))
  fi
done

echo
echo "=== verdicts"
printf '%s\n' "${verdicts[@]}"
if [ "$failures" -ne 0 ]; then
  echo "$failures sample(s) misbehaved"
  exit 1
fi
echo "all ${#verdicts[@]} samples behaved as expected"
