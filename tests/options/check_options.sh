#!/bin/bash
# Checks one user-visible behaviour of INTERLOCK_OPTIONS or of the wrappers: compiles the small
# programs of programs/ with the wrapper, runs them and asserts exact stderr lines, report counts,
# JSON files and exit statuses. Every check has a control run (same program, other options) where
# that matters, so a check cannot pass because the program never did the thing it checks.
# usage: check_options.sh MODE WRAPPER PROGRAMS_DIR WORK_DIR [MODE ARGUMENTS...]
set -u
mode=$1 wrapper=$2 programs=$3 work=$4
shift 4

rm -rf "$work"
mkdir -p "$work" || exit 1
cd "$work" || exit 1

failures=0
fail() {
  echo "FAIL [$mode]: $*" >&2
  failures=$((failures + 1))
}
show() {  # the evidence for the last failure
  echo "--- $1:" >&2
  cat "$1" >&2
  echo "---" >&2
}

# build NAME [FLAGS...]: compiles programs/NAME.c into ./NAME; a build failure ends the test.
build() {
  local name=$1
  shift
  if ! "$wrapper" -O1 -pthread "$@" "$programs/$name.c" -o "$name" 2>"build_$name.stderr"; then
    echo "FAIL [$mode]: cannot build $name.c" >&2
    show "build_$name.stderr"
    exit 1
  fi
}

# build_library_user: builds programs/counter_library.c into ./libcounter.so (-shared) and
# programs/uses_counter_library.c into ./uses_counter_library, linked against it.
build_library_user() {
  if ! "$wrapper" -O1 -fPIC -shared "$programs/counter_library.c" -o libcounter.so 2>library.err; then
    echo "FAIL [$mode]: cannot build libcounter.so" >&2
    show library.err
    exit 1
  fi
  build uses_counter_library -L. -lcounter -Wl,-rpath,"$PWD"
}

# run LABEL OPTIONS PROGRAM [ARGS...]: runs with INTERLOCK_OPTIONS=OPTIONS (unset if OPTIONS is
# "-"); stdout to LABEL.out, stderr to LABEL.err, the exit status in $status and the process id
# (`exec` keeps the shell's) in $pid.
run() {
  local label=$1 options=$2
  shift 2
  if [ "$options" = - ]; then
    env -u INTERLOCK_OPTIONS sh -c 'echo $$ >"$0.pid"; exec "$@"' "$label" "$@" \
      >"$label.out" 2>"$label.err"
  else
    INTERLOCK_OPTIONS=$options sh -c 'echo $$ >"$0.pid"; exec "$@"' "$label" "$@" \
      >"$label.out" 2>"$label.err"
  fi
  status=$?
  pid=$(cat "$label.pid")
}

count_lines() {  # count_lines FIXED_STRING FILE
  grep -cF -- "$1" "$2"
}
expect_status() {  # expect_status LABEL EXPECTED
  [ "$status" -eq "$2" ] || { fail "$1: exit status $status, expected $2"; show "$1.err"; }
}
expect_reports() {  # expect_reports LABEL COUNT: race reports on stderr
  local n
  n=$(count_lines 'WARNING: Interlock: data race' "$1.err")
  [ "$n" -eq "$2" ] || { fail "$1: $n race reports on stderr, expected $2"; show "$1.err"; }
}
# The runtime's own lines ("interlock: ..."), as opposed to report lines.
expect_runtime_lines() {  # expect_runtime_lines LABEL COUNT
  local n
  n=$(grep -c '^interlock: ' "$1.err")
  [ "$n" -eq "$2" ] || { fail "$1: $n 'interlock:' lines on stderr, expected $2"; show "$1.err"; }
}
expect_stderr_has() {  # expect_stderr_has LABEL FIXED_STRING
  grep -qF -- "$2" "$1.err" || { fail "$1: stderr lacks '$2'"; show "$1.err"; }
}
expect_stderr_lacks() {
  ! grep -qF -- "$2" "$1.err" || { fail "$1: stderr has '$2'"; show "$1.err"; }
}
expect_stdout_has() {
  grep -qxF -- "$2" "$1.out" || { fail "$1: stdout lacks the line '$2'"; show "$1.out"; }
}
expect_stdout_lacks() {
  ! grep -qF -- "$2" "$1.out" || { fail "$1: stdout has '$2'"; show "$1.out"; }
}
json_findings() {  # json_findings FILE: number of findings in a report file
  grep -o '"kind": "data-race"' "$1" | wc -l
}
# report_of DIR PID [RUN_ID]: DIR's report file of process PID, named as docs/report-format.md
# says (interlock.[RUN_ID.]PID.<16 hex digits>.json); empty when there is none.
report_of() {
  local run_part=
  [ -n "${3:-}" ] && run_part="$3\\."
  ls "$1" 2>/dev/null | grep -E "^interlock\\.${run_part}$2\\.[0-9a-f]{16}\\.json\$" |
    sed "s|^|$1/|" | head -n 1
}
# Files in DIR, hidden ones (a left-over temporary) included.
files_in() {
  ls -A "$1" | wc -l
}

esc=$(printf '\033')

case $mode in

unknown_key)
  build racy
  run unknown 'bogus=1' ./racy
  n=$(count_lines bogus unknown.err)
  [ "$n" -eq 1 ] || { fail "$n stderr lines mention 'bogus', expected 1"; show unknown.err; }
  expect_runtime_lines unknown 1
  expect_status unknown 66
  expect_reports unknown 1
  expect_stdout_has unknown 'racy: finished'
  # The same key among valid ones: the valid ones still apply.
  run unknown_among 'exitcode=7:bogus=1:print_source=0' ./racy
  expect_runtime_lines unknown_among 1
  expect_status unknown_among 7
  ;;

bad_value)
  # bad_value OPTION VALUE. two_races shows every default at once: exit status 66 (exitcode),
  # both races and the line between them (halt_on_error=0), no escapes on a file (color=auto).
  option=$1 value=$2
  build two_races
  run bad "$option=$value" ./two_races
  n=$(grep -F -- "'$value'" bad.err | grep -cF -- "$option")
  [ "$n" -eq 1 ] || { fail "$n stderr lines name both '$option' and '$value', expected 1"; show bad.err; }
  expect_runtime_lines bad 1
  expect_status bad 66
  expect_reports bad 2
  expect_stdout_has bad 'after the first race'
  expect_stdout_has bad 'after the second race'
  grep -qF "$esc" bad.err && { fail "escape sequences with color=auto on a file"; show bad.err; }
  ;;

malformed_item)
  build racy
  run malformed 'report_dir' ./racy
  n=$(count_lines report_dir malformed.err)
  [ "$n" -eq 1 ] || { fail "$n stderr lines mention 'report_dir', expected 1"; show malformed.err; }
  expect_runtime_lines malformed 1
  expect_status malformed 66
  expect_reports malformed 1
  # The default (no report directory) is kept: nothing written here.
  [ -z "$(find . -name 'interlock.*.json')" ] || fail "a JSON report was written without report_dir"
  # A malformed item does not hide the items after it.
  run malformed_then_valid 'report_dir:exitcode=9' ./racy
  expect_runtime_lines malformed_then_valid 1
  expect_status malformed_then_valid 9
  ;;

exitcode)
  build racy
  build clean
  run racy_default - ./racy
  expect_status racy_default 66
  expect_reports racy_default 1
  run racy_3 'exitcode=3' ./racy
  expect_status racy_3 3
  expect_reports racy_3 1
  expect_runtime_lines racy_3 0
  run racy_0 'exitcode=0' ./racy
  expect_status racy_0 0
  expect_reports racy_0 1
  # A clean program keeps its own status, whatever exitcode says.
  for own in 0 5; do
    for options in - 'exitcode=3'; do
      label=clean_${own}_${options//[^a-z0-9]/_}
      run "$label" "$options" ./clean "$own"
      expect_status "$label" "$own"
      expect_reports "$label" 0
      expect_runtime_lines "$label" 0
      expect_stdout_has "$label" 'clean: counter=2000'
    done
  done
  ;;

halt_on_error)
  build two_races
  # Control: the program really has two races and prints the line between them.
  run both - ./two_races
  expect_reports both 2
  expect_stdout_has both 'after the first race'
  expect_stderr_has both "'second_value'"
  run halt 'halt_on_error=1:report_dir=reports' ./two_races
  expect_status halt 66
  expect_reports halt 1
  expect_stderr_has halt "data race on global 'first_value'"
  expect_stderr_lacks halt 'second_value'
  expect_stdout_lacks halt 'after the first race'
  expect_runtime_lines halt 0
  json=$(report_of reports "$pid")
  if [ ! -f "$json" ]; then
    fail "no report of $pid after halt_on_error (reports/ holds: $(ls -A reports 2>&1))"
  else
    [ "$(files_in reports)" -eq 1 ] || { fail "reports/ holds more than $json"; ls -A reports >&2; }
    [ "$(json_findings "$json")" -eq 1 ] || { fail "$json does not hold exactly one finding"; show "$json"; }
    grep -qF '"name": "first_value"' "$json" || { fail "$json does not name first_value"; show "$json"; }
    grep -qF 'second_value' "$json" && { fail "$json names second_value"; show "$json"; }
  fi
  # A stopped program has no status of its own to keep: with exitcode=0 (as `interlock run`
  # passes) it still ends with 66, never 0, so a test halted halfway cannot pass.
  run halt_zero 'halt_on_error=1:exitcode=0:report_dir=reports_zero' ./two_races
  expect_status halt_zero 66
  expect_stdout_lacks halt_zero 'after the first race'
  run halt_own 'halt_on_error=1:exitcode=9:report_dir=reports_own' ./two_races
  expect_status halt_own 9
  ;;

report_dir)
  build clean
  build racy
  [ ! -e out ] || exit 1
  run clean 'report_dir=out' ./clean
  expect_status clean 0
  expect_runtime_lines clean 0
  json=$(report_of out "$pid")
  if [ ! -f "$json" ]; then
    fail "no report of $pid written (out/ holds: $(ls -A out 2>&1))"
  else
    [ "$(files_in out)" -eq 1 ] || { fail "out/ holds more than $json"; ls -A out >&2; }
    grep -qF '"findings": []' "$json" || { fail "$json lacks '\"findings\": []'"; show "$json"; }
    grep -qF "\"pid\": $pid," "$json" || { fail "$json lacks the pid $pid"; show "$json"; }
  fi
  # An existing directory is reused; a second process adds its own file.
  run racy 'report_dir=out' ./racy
  expect_status racy 66
  racy_json=$(report_of out "$pid")
  [ -f "$racy_json" ] || fail "no report of $pid written into the existing out/"
  [ "$(files_in out)" -eq 2 ] || { fail "out/ should hold two reports"; ls -A out >&2; }
  [ -f "$racy_json" ] && [ "$(json_findings "$racy_json")" -ne 1 ] && { fail "$racy_json: not one finding"; show "$racy_json"; }
  ;;

run_id)
  # The run id names the file and is kept in it; a bad one (it would go into a file name) is one
  # line, and the file is named as without it.
  build clean
  run named 'run_id=ci-7_a:report_dir=out' ./clean
  expect_status named 0
  expect_runtime_lines named 0
  json=$(report_of out "$pid" ci-7_a)
  if [ ! -f "$json" ]; then
    fail "named: no report of $pid with run id ci-7_a (out/ holds: $(ls -A out 2>&1))"
  else
    grep -qF '"run_id": "ci-7_a"' "$json" || { fail "named: $json lacks the run id"; show "$json"; }
  fi
  long=$(printf 'a%.0s' $(seq 65))
  for bad in ../escape "$long" 'a.b'; do
    rm -rf bad_out
    run bad "run_id=$bad:report_dir=bad_out" ./clean 3
    expect_status bad 3
    expect_runtime_lines bad 1
    expect_stderr_has bad "bad value '$bad' for option 'run_id'"
    [ -f "$(report_of bad_out "$pid")" ] || { fail "bad ($bad): no report named without run id"; ls -A bad_out >&2; }
    [ "$(files_in bad_out)" -eq 1 ] || { fail "bad ($bad): bad_out/ holds other files"; ls -A bad_out >&2; }
  done
  ;;

summary)
  # The last stderr line of a run with findings counts them by kind and names the JSON report,
  # however the run ends: at exit, at halt_on_error, or ended by a deadlock.
  build racy
  build clean
  build two_races
  build every_kind
  expect_last_line() {  # expect_last_line LABEL LINE
    [ "$(tail -n 1 "$1.err")" = "$2" ] || { fail "$1: last stderr line is not '$2'"; show "$1.err"; }
  }
  run one 'report_dir=out' ./racy
  expect_status one 66
  json=$(report_of out "$pid")
  [ -f "$json" ] || { fail "one: no report of $pid in out/"; ls -A out >&2; }
  expect_last_line one "Interlock: reported 1 finding (1 data race); JSON report: $json"
  run two - ./two_races
  expect_last_line two "Interlock: reported 2 findings (2 data races)"
  run halted 'halt_on_error=1:report_dir=halted_out' ./two_races
  expect_last_line halted \
    "Interlock: reported 1 finding (1 data race); JSON report: $(report_of halted_out "$pid")"
  run kinds 'report_dir=kinds_out' ./every_kind
  expect_status kinds 67
  expect_stdout_has kinds 'every_kind: before the deadlock'
  expect_last_line kinds \
    "Interlock: reported 4 findings (1 data race, 1 lock-order cycle, 1 mutex misuse, 1 deadlock); JSON report: $(report_of kinds_out "$pid")"
  # No JSON report written: the count alone.
  run unwritable 'report_dir=/proc/nope' ./racy
  expect_last_line unwritable "Interlock: reported 1 finding (1 data race)"
  # Nothing found: no summary.
  run quiet 'report_dir=out' ./clean
  expect_stderr_lacks quiet 'Interlock: reported'
  ;;

stderr_unwritable)
  # stderr on a full device: the reports and the runtime's own lines are lost, the program is not
  # (it used to retry the failed write forever). `timeout` only turns such a hang into a failure.
  build racy
  INTERLOCK_OPTIONS='bogus=1:report_dir=out' timeout 60 ./racy >full.out 2>/dev/full
  status=$?
  expect_status full 66
  expect_stdout_has full 'racy: finished'
  [ "$(ls out | wc -l)" -eq 1 ] || { fail "full: no report file in out/"; ls -A out >&2; }
  ;;

report_dir_unwritable)
  build clean
  build racy
  for own in 0 5; do
    run "clean_$own" 'report_dir=/proc/nope' ./clean "$own"
    expect_status "clean_$own" "$own"
    expect_runtime_lines "clean_$own" 1
    n=$(count_lines /proc/nope "clean_$own.err")
    [ "$n" -eq 1 ] || { fail "clean_$own: $n lines name /proc/nope, expected 1"; show "clean_$own.err"; }
    expect_stdout_has "clean_$own" 'clean: counter=2000'
  done
  run racy 'report_dir=/proc/nope' ./racy
  expect_status racy 66
  expect_reports racy 1
  expect_runtime_lines racy 1
  expect_stderr_has racy "interlock: cannot create report directory '/proc/nope': No such file or directory; no JSON report or journal written"
  # The directory exists, but no file can be made in it: the journal's line and the report's each
  # say why, with errno's text.
  run in_proc 'report_dir=/proc/self' ./racy
  expect_status in_proc 66
  expect_reports in_proc 1
  expect_runtime_lines in_proc 2
  grep -qxE "interlock: cannot create report journal '/proc/self/interlock\.$pid\.[0-9a-f]{16}\.jsonl': No such file or directory; findings reach the JSON report only if the process exits normally" in_proc.err \
    || { fail "in_proc: no line saying why the journal cannot be created"; show in_proc.err; }
  grep -qxE "interlock: cannot write report file '/proc/self/\.interlock\.$pid\.[0-9a-f]{16}\.json\.tmp': No such file or directory" in_proc.err \
    || { fail "in_proc: no line saying why the report cannot be written"; show in_proc.err; }
  ;;

help)
  # help FLAGS_DEF: help=1 lists every option of runtime/flags.def on stderr, one line each with
  # its default, and the program then runs as usual; without it, no such line.
  flags_def=$1
  build racy
  run help 'help=1' ./racy
  run plain - ./racy
  expect_reports help 1
  expect_status help 66
  options=$(sed -n 's/^INTERLOCK_FLAG([A-Za-z]*, \([a-z_]*\), .*/\1/p' "$flags_def")
  [ "$(echo "$options" | wc -w)" -ge 10 ] || fail "read only $(echo "$options" | wc -w) options from $flags_def"
  for option in $options; do
    grep -qE "^$option +default " help.err || { fail "help=1 does not list '$option'"; show help.err; }
    grep -qE "^$option +default " plain.err && { fail "'$option' listed without help=1"; show plain.err; }
  done
  grep -qE '^color +default auto ' help.err || { fail "help=1: color's default is not auto"; show help.err; }
  ;;
color)
  build racy
  run always 'color=always' ./racy
  expect_reports always 1
  grep -qF "${esc}[" always.err || { fail "color=always: no ANSI escape in the report"; show always.err; }
  run never 'color=never' ./racy
  expect_reports never 1
  grep -qF "$esc" never.err && { fail "color=never: escape characters in the report"; show never.err; }
  expect_status always 66
  expect_status never 66
  # On a terminal: auto colours, never still does not. `script` (util-linux) provides the pty
  # and copies everything the program wrote to it (stdout and stderr) to its own stdout.
  if command -v script >/dev/null 2>&1; then
    for choice in auto never; do
      INTERLOCK_OPTIONS=color=$choice script -qec ./racy /dev/null >"tty_$choice.err" 2>&1
      status=$?
      expect_status "tty_$choice" 66
      expect_reports "tty_$choice" 1
    done
    grep -qF "${esc}[" tty_auto.err || { fail "color=auto on a terminal: no ANSI escape"; show tty_auto.err; }
    grep -qF "$esc" tty_never.err && { fail "color=never on a terminal: escape characters"; show tty_never.err; }
    # NO_COLOR (not empty) turns auto off on a terminal; an explicit color=always still wins.
    for choice in auto always; do
      NO_COLOR=1 INTERLOCK_OPTIONS=color=$choice script -qec ./racy /dev/null >"no_color_$choice.err" 2>&1
      status=$?
      expect_status "no_color_$choice" 66
      expect_reports "no_color_$choice" 1
    done
    grep -qF "$esc" no_color_auto.err && { fail "NO_COLOR with color=auto: escape characters"; show no_color_auto.err; }
    grep -qF "${esc}[" no_color_always.err || { fail "NO_COLOR with color=always: no ANSI escape"; show no_color_always.err; }
    NO_COLOR= INTERLOCK_OPTIONS=color=auto script -qec ./racy /dev/null >empty_no_color.err 2>&1
    grep -qF "${esc}[" empty_no_color.err || { fail "an empty NO_COLOR turned colour off"; show empty_no_color.err; }
  else
    echo "note: no 'script' command; colour on a terminal not checked"
  fi
  ;;

print_source)
  build racy
  # A snippet line is the source line's number, a '|' gutter, then the text.
  snippet='^ +[0-9]+ \| '
  run with_source - ./racy
  grep -qE "$snippet.*shared_counter = 1;" with_source.err \
    || { fail "default: no source snippet for the racy store"; show with_source.err; }
  run without_source 'print_source=0' ./racy
  expect_reports without_source 1
  grep -qE "$snippet" without_source.err && { fail "print_source=0: snippet lines remain"; show without_source.err; }
  grep -qE '#0 store_counter .*racy\.c:10:' without_source.err \
    || { fail "print_source=0: the frames themselves are gone"; show without_source.err; }
  expect_status without_source 66
  ;;

verbosity)
  build clean
  build racy
  run quiet - ./clean
  expect_runtime_lines quiet 0
  run verbose_clean 'verbosity=1' ./clean
  first=$(head -n 1 verbose_clean.err)
  [ "$first" = "interlock: watching pid $pid" ] \
    || { fail "verbosity=1: first stderr line is '$first', expected 'interlock: watching pid $pid'"; show verbose_clean.err; }
  expect_stderr_has verbose_clean 'interlock: 0 finding(s)'
  expect_status verbose_clean 0
  run verbose_racy 'verbosity=1' ./racy
  expect_stderr_has verbose_racy "interlock: watching pid $pid"
  expect_stderr_has verbose_racy 'interlock: 1 finding(s)'
  expect_status verbose_racy 66
  ;;

separators)
  build two_races
  # TSan's parser splits on spaces, tabs, newlines and commas as well as ':'.
  tab=$(printf '\t')
  newline=$'\n'
  for separator in ':' ' ' "$tab" "$newline" ','; do
    label=separator_$(printf '%s' "$separator" | od -An -tx1 | tr -d ' ')
    run "$label" "exitcode=3${separator}halt_on_error=1" ./two_races
    expect_status "$label" 3
    expect_reports "$label" 1
    expect_runtime_lines "$label" 0
    expect_stdout_lacks "$label" 'after the first race'
  done
  # Leading, trailing and repeated separators are not items.
  run padded ' :exitcode=4::  halt_on_error=1: ' ./two_races
  expect_status padded 4
  expect_reports padded 1
  expect_runtime_lines padded 0
  ;;

stdout_complete)
  build many_lines_then_race
  expected_lines() { seq 1 1000 | sed 's/^/line /'; }
  check_lines() {  # check_lines LABEL: LABEL.out holds exactly lines 1..1000
    if ! expected_lines | cmp -s - "$1.out"; then
      fail "$1: stdout is not the 1000 lines (has $(wc -l <"$1.out"), last: '$(tail -n 1 "$1.out")')"
    fi
  }
  # stdout a file: fully buffered, flushed by the program's exit.
  run to_file - ./many_lines_then_race
  expect_status to_file 66
  expect_reports to_file 1
  check_lines to_file
  # stdout a pipe.
  env -u INTERLOCK_OPTIONS ./many_lines_then_race 2>to_pipe.err | cat >to_pipe.out
  status=${PIPESTATUS[0]}
  expect_status to_pipe 66
  check_lines to_pipe
  # halt_on_error leaves from inside the report: what was printed before must arrive too.
  run halted 'halt_on_error=1:exitcode=3' ./many_lines_then_race
  expect_status halted 3
  check_lines halted
  ;;

compile_error)
  source=$programs/does_not_compile.c
  for step in link compile; do
    if [ "$step" = compile ]; then
      "$wrapper" -c "$source" -o "bad.o" >"$step.out" 2>"$step.err"
      status=$? output=bad.o
    else
      "$wrapper" "$source" -o "bad" >"$step.out" 2>"$step.err"
      status=$? output=bad
    fi
    expect_status "$step" 1
    grep -qE 'does_not_compile\.c:3:[0-9]+: error: ' "$step.err" \
      || { fail "$step: clang's error with file:line missing"; show "$step.err"; }
    [ ! -e "$output" ] || fail "$step: $output was produced"
  done
  # Same status and message as the compiler itself.
  clang-14 -c "$source" -o plain.o 2>plain.err
  plain_status=$?
  [ "$plain_status" -eq 1 ] || fail "clang-14 itself exits $plain_status"
  grep -E 'error: ' plain.err | cmp -s - <(grep -E 'error: ' compile.err) \
    || { fail "the wrapper's error differs from clang-14's"; show plain.err; show compile.err; }
  ;;

build_steps)
  # One step (compile and link) and two steps (-c, then link with the wrapper).
  build racy
  run one_step - ./racy
  expect_status one_step 66
  expect_reports one_step 1
  mkdir -p two && cd two || exit 1
  "$wrapper" -O1 -pthread -c "$programs/racy.c" -o racy.o 2>compile.err || { fail "-c failed"; show compile.err; }
  "$wrapper" -pthread racy.o -o racy 2>link.err || { fail "link failed"; show link.err; }
  cd .. || exit 1
  if [ -x two/racy ]; then
    run two_steps - ./two/racy
    expect_status two_steps 66
    expect_reports two_steps 1
    expect_stderr_has two_steps "data race on global 'shared_counter'"
    expect_stdout_has two_steps 'racy: finished'
  fi
  ;;

wrapper_refusals)
  # What Interlock cannot build with is refused before the compiler runs: one line naming the
  # flag, exit status 2, no output file. Each case: the flags, `|`, the flag the line names.
  other_wrapper=${wrapper%-cc}-c++
  while IFS='|' read -r flags named; do
    label=refused$(printf '%s' "$flags" | tr -c 'a-z0-9' _)
    "$wrapper" -O1 -pthread $flags "$programs/racy.c" -o "$label" >"$label.out" 2>"$label.err"
    status=$?
    expect_status "$label" 2
    [ "$(wc -l <"$label.err")" -eq 1 ] || { fail "$label: expected one line on stderr"; show "$label.err"; }
    expect_stderr_has "$label" "interlock-cc: $named is not supported with Interlock: "
    [ ! -e "$label" ] || fail "$label: $label was built"
  done <<'CASES'
-fsanitize=address|-fsanitize=address
-fsanitize=thread|-fsanitize=thread
-fsanitize=memory|-fsanitize=memory
-fsanitize=undefined,leak|-fsanitize=leak
-fno-sanitize=all -fsanitize=hwaddress|-fsanitize=hwaddress
-static|-static
-m32|-m32
--target=aarch64-linux-gnu|--target=aarch64-linux-gnu
-target i386-linux-gnu|-target i386-linux-gnu
CASES
  # Compiling only is refused too, by either wrapper.
  "$other_wrapper" -fsanitize=thread -c "$programs/racy.c" -o refused_cxx.o >refused_cxx.out 2>refused_cxx.err
  status=$?
  expect_status refused_cxx 2
  expect_stderr_has refused_cxx "interlock-c++: -fsanitize=thread is not supported with Interlock: "
  # Control: a sanitizer turned off again by -fno-sanitize (later flags win) is not refused.
  build racy -fsanitize=address -fno-sanitize=address
  run address_off - ./racy
  expect_status address_off 66
  expect_reports address_off 1
  ;;

wrapper_sanitize_undefined)
  # UBSan adds checks to the code and has no runtime that clashes with Interlock's: both report.
  build race_and_overflow -fsanitize=undefined
  run both - ./race_and_overflow
  expect_status both 66
  expect_reports both 1
  expect_stderr_has both "race_and_overflow.c:19:"
  expect_stderr_has both "runtime error: signed integer overflow"
  expect_stdout_has both 'race_and_overflow: finished'
  ;;

wrapper_language)
  # -x LANG applies to every later input: the wrapper's runtime archive, added last, must still be
  # linked, not compiled. A source with no C suffix, a C source through the C++ wrapper, and a
  # source on standard input each build a working instrumented program.
  other_wrapper=${wrapper%-cc}-c++
  cp "$programs/racy.c" racy.source
  "$wrapper" -O1 -pthread -x c racy.source -o racy_x_c 2>racy_x_c.err || { fail "-x c failed"; show racy_x_c.err; }
  "$other_wrapper" -O1 -pthread -x c "$programs/racy.c" -o racy_cxx_x_c 2>racy_cxx_x_c.err \
    || { fail "interlock-c++ -x c failed"; show racy_cxx_x_c.err; }
  "$wrapper" -O1 -pthread -x c - -o racy_stdin <"$programs/racy.c" 2>racy_stdin.err \
    || { fail "a source on stdin failed"; show racy_stdin.err; }
  for program in racy_x_c racy_cxx_x_c racy_stdin; do
    [ -x "$program" ] || continue
    run "$program" - "./$program"
    expect_status "$program" 66
    expect_reports "$program" 1
    expect_stderr_has "$program" "data race on global 'shared_counter'"
    expect_stdout_has "$program" 'racy: finished'
  done
  ;;

wrapper_relocatable)
  # -r (a relocatable link) makes an object, not a program: no runtime in it, so the program
  # linked from it later gets the runtime exactly once.
  "$wrapper" -O1 -pthread -c "$programs/racy.c" -o racy.o 2>compile.err || { fail "-c failed"; show compile.err; }
  "$wrapper" -r racy.o -o combined.o 2>relocatable.err || { fail "-r failed"; show relocatable.err; }
  nm combined.o >combined.symbols
  grep -q ' U __interlock_func_entry$' combined.symbols || fail "combined.o is not instrumented"
  ! grep -q ' T __interlock_func_entry$' combined.symbols || fail "combined.o embeds the runtime"
  "$wrapper" -pthread combined.o -o racy 2>link.err || { fail "linking combined.o failed"; show link.err; }
  if [ -x racy ]; then
    run linked - ./racy
    expect_status linked 66
    expect_reports linked 1
  fi
  ;;

wrapper_shared)
  # A shared library built with -shared is instrumented but has no runtime of its own; the
  # program linked against it carries the runtime, and a race inside the library is reported
  # with the library's source line.
  build_library_user
  nm -D libcounter.so >library.symbols
  grep -q ' U __interlock_func_entry$' library.symbols || fail "libcounter.so is not instrumented"
  ! grep -q ' T __interlock_' library.symbols || fail "libcounter.so embeds the runtime"
  run shared - ./uses_counter_library
  expect_status shared 66
  expect_reports shared 1
  expect_stderr_has shared "data race on global 'library_counter'"
  expect_stderr_has shared "counter_library.c:6:"
  expect_stdout_has shared 'uses_counter_library: finished'
  ;;

suppressions_modules)
  # called_from_lib: matches a frame's module (the library's path), as in TSan, in the process and
  # in `interlock report`; a source path does not count. signal: is accepted (TSan files use it)
  # and matches nothing Interlock reports. Other rules match modules too.
  tool=${wrapper%/*}/interlock
  build_library_user
  printf 'called_from_lib:libcounter.so\n' >by_module.txt
  printf 'called_from_lib:counter_library.c\n' >by_source.txt
  printf 'signal:bump_library_counter\nsignal:*\n' >signal.txt
  printf 'race:^*/libcounter.so$\n' >race_by_module.txt
  for rules in by_module race_by_module; do
    run "$rules" "suppressions=$PWD/$rules.txt" ./uses_counter_library
    expect_status "$rules" 0
    expect_reports "$rules" 0
    expect_runtime_lines "$rules" 0
    expect_stdout_has "$rules" 'uses_counter_library: finished'
  done
  for rules in by_source signal; do
    run "$rules" "suppressions=$PWD/$rules.txt" ./uses_counter_library
    expect_status "$rules" 66
    expect_reports "$rules" 1
    expect_runtime_lines "$rules" 0
  done
  # The JSON report names each frame's module; the tool applies the same rules to it.
  run reported "report_dir=$PWD/reports" ./uses_counter_library
  expect_status reported 66
  grep -qF "\"module\": \"$PWD/libcounter.so\"" reports/interlock.*.json \
    || { fail "no frame of the report names the module $PWD/libcounter.so"; show reported.err; }
  for rules in by_module by_source signal; do
    "$tool" report reports --suppressions "$rules.txt" >"tool_$rules.out" 2>"tool_$rules.err"
    status=$?
    if [ "$rules" = by_module ]; then
      expect_status "tool_$rules" 0
      expect_stdout_has "tool_$rules" '1 finding (0 new, 0 known, 1 suppressed)'
    else
      expect_status "tool_$rules" 1
      expect_stdout_has "tool_$rules" '1 finding (1 new, 0 known, 0 suppressed)'
    fi
  done
  ;;

suppressions)
  # In-process suppressions: a matching rule silences the report and keeps the program's own
  # status; a rule that does not match changes nothing; a bad or missing file stops at start-up
  # with one line naming it (and the line) and exit status 2, before the program runs.
  build racy
  printf '# the race in store_counter is known\nrace:store_counter\n' >matching.txt
  run matching "suppressions=$PWD/matching.txt" ./racy
  expect_status matching 0
  expect_reports matching 0
  expect_runtime_lines matching 0
  expect_stdout_has matching 'racy: finished'
  printf 'race_top:^main$\nthread:^T7$\n' >other.txt
  run other "suppressions=$PWD/other.txt" ./racy
  expect_status other 66
  expect_reports other 1
  printf 'race:store_counter\nrace_tpo:main\n' >bad.txt
  run bad "suppressions=$PWD/bad.txt" ./racy
  expect_status bad 2
  expect_runtime_lines bad 1
  expect_stderr_has bad "$PWD/bad.txt:2:"
  expect_stdout_lacks bad 'racy: finished'
  run missing "suppressions=$PWD/no-such-file.txt" ./racy
  expect_status missing 2
  expect_runtime_lines missing 1
  expect_stderr_has missing "interlock: $PWD/no-such-file.txt: cannot read the suppressions file: No such file or directory"
  ;;

*)
  echo "unknown mode '$mode'" >&2
  exit 2
  ;;
esac

if [ "$failures" -ne 0 ]; then
  echo "[$mode]: $failures check(s) failed; files in $work" >&2
  exit 1
fi
echo "[$mode]: all checks passed"
