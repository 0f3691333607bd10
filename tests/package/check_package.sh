#!/bin/bash
# One step of using Interlock as an installed package (tests/package/CMakeLists.txt lists them):
# install into WORK/prefix, build the probe and examples/hit_counter against it with
# find_package(Interlock), run the example's tests under `interlock run -- ctest`, and check what
# `interlock run` prints and returns. Each check asserts an exit status and the lines that prove
# it; the racy and fixed example builds are each other's control.
# usage: check_package.sh STEP INTERLOCK_BUILD_DIR INTERLOCK_SOURCE_DIR WORK_DIR
set -u
step=$1
mkdir -p "$4" || exit 1
interlock_build=$(cd "$2" && pwd) source=$(cd "$3" && pwd) work=$(cd "$4" && pwd)

prefix=$work/prefix
interlock=$prefix/bin/interlock
example=$source/examples/hit_counter

failures=0
fail() {
  echo "FAIL [$step]: $*" >&2
  failures=$((failures + 1))
}
show() {  # the evidence for the last failure
  echo "--- $1:" >&2
  cat "$1" >&2
  echo "---" >&2
}
# run LABEL COMMAND...: stdout to LABEL.out, stderr to LABEL.err, exit status in $status.
run() {
  local label=$1
  shift
  "$@" >"$label.out" 2>"$label.err"
  status=$?
}
expect_status() {  # expect_status LABEL EXPECTED
  [ "$status" -eq "$2" ] || { fail "$1: exit status $status, expected $2"; show "$1.out"; show "$1.err"; }
}
expect_line() {  # expect_line LABEL FILE FIXED_STRING
  grep -qF -- "$3" "$2" || { fail "$1: no line with '$3' in $2"; show "$2"; }
}
expect_no_line() {  # expect_no_line LABEL FILE FIXED_STRING
  ! grep -qF -- "$3" "$2" || { fail "$1: unexpected '$3' in $2"; show "$2"; }
}
# configure_and_build LABEL SOURCE BUILD [CMAKE ARGS...]: the way a user builds with the package,
# with clang 14 (or the compilers in $c_compiler and $cxx_compiler).
c_compiler=clang-14 cxx_compiler=clang++-14
configure_and_build() {
  local label=$1 project=$2 build=$3
  shift 3
  rm -rf "$build"
  run "$label.configure" cmake -S "$project" -B "$build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$c_compiler" -DCMAKE_CXX_COMPILER="$cxx_compiler" "$@"
  if [ "$status" -ne 0 ]; then
    fail "$label: configure failed"; show "$label.configure.err"; exit 1
  fi
  run "$label.build" cmake --build "$build"
  if [ "$status" -ne 0 ]; then
    fail "$label: build failed"; show "$label.build.out"; exit 1
  fi
}
# The line of the example's racy statement, found by its marker so edits do not break the test.
racy_line=$(grep -n 'RACE:' "$example/src/hit_counter.cpp" | cut -d: -f1)

cd "$work" || exit 1
case $step in
  install)
    rm -rf "$prefix"
    run install cmake --install "$interlock_build" --prefix "$prefix"
    expect_status install 0
    for file in bin/interlock bin/interlock-cc bin/interlock-c++ lib/interlock/InterlockPass.so \
                lib/interlock/libinterlock_rt.a lib/interlock/interlock_rt.dynlist \
                include/interlock/interface.h lib/cmake/Interlock/InterlockConfig.cmake \
                lib/cmake/Interlock/InterlockConfigVersion.cmake \
                lib/cmake/Interlock/InterlockInstrument.cmake \
                share/interlock/interlock-report.schema.json; do
      [ -f "$prefix/$file" ] || fail "install: $file is not installed"
    done
    ;;

  probe)
    # Variables, the imported tool and a C executable built and linked through the function.
    configure_and_build probe "$source/tests/package/probe" "$work/probe"
    expect_line probe probe.configure.out "probe: INTERLOCK_CXX=$prefix/bin/interlock-c++"
    expect_line probe probe.configure.out "probe: Interlock::interlock=$prefix/bin/interlock"
    run probe.flags grep -F -- "-fpass-plugin=$prefix/lib/interlock/InterlockPass.so" \
      "$work/probe/build.ninja"
    expect_status probe.flags 0
    # Linked with the runtime, whose entry points the executable exports (--dynamic-list).
    run probe.symbols nm -D --defined-only "$work/probe/probe_c"
    expect_line probe probe.symbols.out "__interlock_"
    run probe.exec "$work/probe/probe_c"
    expect_status probe.exec 0
    ;;

  wrong_compiler)
    # The plugin loads only into clang 14: any other compiler is refused at configure time.
    rm -rf "$work/wrong_compiler"
    run wrong cmake -S "$source/tests/package/probe" -B "$work/wrong_compiler" -G Ninja \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++
    [ "$status" -ne 0 ] || fail "wrong_compiler: configuring with gcc succeeded"
    expect_line wrong_compiler wrong.err "interlock_instrument(probe_c): the C compiler is GNU"
    expect_line wrong_compiler wrong.err "-DCMAKE_C_COMPILER=clang-14"
    ;;

  both_ways)
    # One project built with the wrappers and with interlock_instrument(): both builds find
    # <interlock/annotations.h>, enable it (__INTERLOCK__) and link the runtime, so both stay
    # silent on the annotated hand-off and report the one real race at the same line, same key.
    both_ways=$source/tests/package/both_ways
    race_line=$(grep -n 'RACE' "$both_ways/both_ways.c" | cut -d: -f1)
    configure_and_build package "$both_ways" "$work/both_package"
    c_compiler=$prefix/bin/interlock-cc cxx_compiler=$prefix/bin/interlock-c++
    configure_and_build wrappers "$both_ways" "$work/both_wrappers" -DINSTRUMENT_WITH_PACKAGE=OFF
    for way in package wrappers; do
      rm -rf "reports_$way"
      run "silent_$way" "$work/both_$way/both_ways"
      expect_status "silent_$way" 0
      expect_line "both_ways ($way)" "silent_$way.out" "both_ways: received 42"
      expect_no_line "both_ways ($way)" "silent_$way.err" "WARNING: Interlock"
      INTERLOCK_OPTIONS=report_dir=$work/reports_$way run "race_$way" "$work/both_$way/both_ways" race
      expect_status "race_$way" 66
      expect_line "both_ways ($way)" "race_$way.err" "data race on global 'unguarded'"
      expect_line "both_ways ($way)" "race_$way.err" "both_ways.c:$race_line:"
      [ "$(grep -c 'WARNING: Interlock' "race_$way.err")" -eq 1 ] \
        || { fail "both_ways ($way): expected exactly one report"; show "race_$way.err"; }
      # The race's key, as the JSON report gives it (one distinct key expected).
      grep -ho '"key": "[0-9a-f]*"' "reports_$way"/interlock.*.json | sort -u >"keys_$way"
    done
    [ "$(wc -l <keys_package)" -eq 1 ] || { fail "both_ways: expected one key"; show keys_package; }
    cmp -s keys_package keys_wrappers \
      || { fail "both_ways: the two builds report different keys"; show keys_package; show keys_wrappers; }
    ;;

  openmp)
    # An OpenMP project (OpenMP::OpenMP_CXX from FindOpenMP) built with interlock_instrument() and
    # with the wrappers: both link LLVM's libomp, whose tool interface Interlock uses, so both
    # stay silent on the reduction and the tasks and report the one race, at its line, and a
    # race between two tasks with the tasks named in the stacks.
    openmp_project=$source/tests/package/openmp
    race_line=$(grep -n '// RACE' "$openmp_project/partial_sums.cpp" | cut -d: -f1)
    task_race_lines=$(grep -n '// TASK_RACE' "$openmp_project/partial_sums.cpp" | cut -d: -f1)
    configure_and_build openmp_package "$openmp_project" "$work/openmp_package"
    c_compiler=$prefix/bin/interlock-cc cxx_compiler=$prefix/bin/interlock-c++
    configure_and_build openmp_wrappers "$openmp_project" "$work/openmp_wrappers" \
      -DINSTRUMENT_WITH_PACKAGE=OFF
    for way in package wrappers; do
      expect_line "openmp ($way)" "openmp_$way.configure.out" "Found OpenMP_CXX"
      run "openmp_silent_$way" "$work/openmp_$way/partial_sums"
      expect_status "openmp_silent_$way" 0
      expect_line "openmp ($way)" "openmp_silent_$way.out" "partial_sums: 32640 32640 0"
      expect_no_line "openmp ($way)" "openmp_silent_$way.err" "WARNING: Interlock"
      run "openmp_race_$way" "$work/openmp_$way/partial_sums" race
      expect_status "openmp_race_$way" 66
      expect_line "openmp ($way)" "openmp_race_$way.err" "partial_sums.cpp:$race_line:"
      expect_line "openmp ($way)" "openmp_race_$way.err" "omp parallel: thread"
      [ "$(grep -c 'WARNING: Interlock' "openmp_race_$way.err")" -eq 1 ] \
        || { fail "openmp ($way): expected exactly one report"; show "openmp_race_$way.err"; }
      # A race between two tasks: both lines, each stack naming the task and its thread.
      run "openmp_task_race_$way" "$work/openmp_$way/partial_sums" task_race
      expect_status "openmp_task_race_$way" 66
      for line in $task_race_lines; do
        expect_line "openmp ($way)" "openmp_task_race_$way.err" "partial_sums.cpp:$line:"
      done
      [ "$(grep -c 'omp task, run by thread' "openmp_task_race_$way.err")" -ge 2 ] \
        || { fail "openmp ($way): the task frames are not named"; show "openmp_task_race_$way.err"; }
    done
    ;;

  example_racy)
    configure_and_build racy "$example" "$work/racy"
    (cd "$work/racy" && "$interlock" run -- ctest) >racy_run.out 2>racy_run.err
    status=$?
    expect_status racy_run 1
    expect_line example_racy racy_run.out "hit_counter.cpp:$racy_line"
    expect_line example_racy racy_run.out "data race"
    ;;

  example_fixed)
    configure_and_build fixed "$example" "$work/fixed" -DFIXED=ON
    (cd "$work/fixed" && "$interlock" run -- ctest) >fixed_run.out 2>fixed_run.err
    status=$?
    expect_status fixed_run 0
    expect_no_line example_fixed fixed_run.out "data race"
    expect_line example_fixed fixed_run.out "100% tests passed"
    ;;

  run_bad_arguments)
    rm -f "$work/ran"
    run no_separator "$interlock" run --format sarif
    expect_status no_separator 2
    expect_line run_bad_arguments no_separator.err "interlock: command line: no '--' before the command to run"
    run command_before "$interlock" run ctest
    expect_status command_before 2
    expect_line run_bad_arguments command_before.err "unexpected argument 'ctest' before '--'"
    # Report options are checked before COMMAND runs: the marker file must not appear.
    run bad_format "$interlock" run --format pdf -- touch "$work/ran"
    expect_status bad_format 2
    [ ! -e "$work/ran" ] || fail "run_bad_arguments: COMMAND ran despite a bad report option"
    run unknown_option "$interlock" run --frobnicate -- true
    expect_status unknown_option 2
    expect_line run_bad_arguments unknown_option.err "unknown option '--frobnicate'"
    run no_command "$interlock" run --
    expect_status no_command 2
    expect_line run_bad_arguments no_command.err "no command after '--'"
    run not_found "$interlock" run -- "$work/no-such-program"
    expect_status not_found 2
    expect_line run_bad_arguments not_found.err "cannot run '$work/no-such-program'"
    run bad_dir "$interlock" run --report-dir "$work/a:b" -- true
    expect_status bad_dir 2
    expect_line run_bad_arguments bad_dir.err "cannot be passed in INTERLOCK_OPTIONS"
    ;;

  run_no_report)
    # A command not built with Interlock writes no report: exit 2, not a silent pass. The child
    # sees the user's options kept, exitcode=0 first, an absolute report_dir and the run id last.
    rm -rf relative
    INTERLOCK_OPTIONS=verbosity=0 run no_report "$interlock" run --report-dir relative -- \
      sh -c 'echo "options: $INTERLOCK_OPTIONS"'
    expect_status no_report 2
    expect_line run_no_report no_report.out "options: exitcode=0:verbosity=0:report_dir=$work/relative:run_id="
    expect_line run_no_report no_report.err "interlock: $work/relative: no Interlock report was written here"
    # Without --report-dir the user's own report_dir is used (made absolute).
    rm -rf users
    INTERLOCK_OPTIONS=report_dir=users run users_dir "$interlock" run -- "$work/fixed/hit_counter_test"
    expect_status users_dir 0
    ls users/interlock.*.json >/dev/null 2>&1 || fail "run_no_report: no report in the user's report_dir"
    ;;

  run_command_fails)
    # No finding, but the command fails on its own: exit 1 and the command's status on stderr.
    run fails "$interlock" run -- sh -c "'$work/fixed/hit_counter_test' && exit 3"
    expect_status fails 1
    expect_line run_command_fails fails.err "interlock run: 'sh' exited with status 3"
    # Control: the same without the failure passes.
    run passes "$interlock" run -- sh -c "'$work/fixed/hit_counter_test'"
    expect_status passes 0
    ;;

  run_old_reports)
    # Reports left in DIR by an earlier racy run do not fail a clean run into the same DIR.
    rm -rf shared
    run racy_first "$interlock" run --report-dir shared -- "$work/racy/hit_counter_test"
    expect_status racy_first 1
    run fixed_after "$interlock" run --report-dir shared -- "$work/fixed/hit_counter_test"
    expect_status fixed_after 0
    [ "$(ls shared/interlock.*.json | wc -l)" -eq 2 ] || fail "run_old_reports: expected 2 report files"
    ;;

  run_forwards_sigterm)
    # SIGTERM sent to `interlock run` (as a CI runner cancelling a job does) reaches COMMAND.
    rm -f got_term
    "$interlock" run -- sh -c \
      "trap 'touch \"$work/got_term\"; exit 0' TERM; '$work/fixed/hit_counter_test'; while :; do sleep 0.1; done" \
      >sigterm.out 2>sigterm.err &
    runner=$!
    for _ in $(seq 50); do [ -n "$(pgrep -P "$runner")" ] && break; sleep 0.1; done
    sleep 1
    kill -TERM "$runner"
    wait "$runner"
    status=$?
    expect_status sigterm 143
    [ -f got_term ] || fail "run_forwards_sigterm: COMMAND did not receive SIGTERM"
    expect_line run_forwards_sigterm sigterm.err "interrupted by signal 15"
    ;;

  *)
    echo "check_package.sh: unknown step '$step'" >&2
    exit 2
    ;;
esac
[ "$failures" -eq 0 ] || exit 1
echo "PASS [$step]"
