#!/bin/bash
# Checks one behaviour of the `interlock` tool on reports written by real racy programs built with
# interlock-cc: output formats, every flag, dedup, key stability across rebuilds, and bad input
# (exit 2, exactly one line naming the file and line, nothing written).
# usage: check_cli.sh MODE INTERLOCK WRAPPER PROGRAMS_DIR WORK_DIR [MODE ARGUMENTS...]
set -u
mode=$1 interlock=$2 wrapper=$3 programs=$4 work=$5
shift 5

rm -rf "$work"
mkdir -p "$work" || exit 1
cd "$work" || exit 1

failures=0
fail() {
  echo "FAIL [$mode]: $*" >&2
  failures=$((failures + 1))
}
show() {
  echo "--- $1:" >&2
  cat "$1" >&2
  echo "---" >&2
}
finish() {
  [ "$failures" -eq 0 ] && echo "PASS [$mode]"
  [ "$failures" -eq 0 ]
  exit $?
}

# build NAME OUTPUT [FLAGS...]
build() {
  local name=$1 output=$2
  shift 2
  if ! "$wrapper" -O1 -pthread "$@" "$programs/$name.c" -o "$output" 2>"build_$output.stderr"; then
    echo "FAIL [$mode]: cannot build $name.c" >&2
    show "build_$output.stderr"
    exit 1
  fi
}
# run_program BINARY REPORT_DIR: runs it with report_dir set (exit status not checked here)
run_program() {
  mkdir -p "$2"
  INTERLOCK_OPTIONS="report_dir=$2" "./$1" >/dev/null 2>"$1.stderr"
}
# tool LABEL ARGS...: runs interlock; stdout LABEL.out, stderr LABEL.err, status in $status
tool() {
  local label=$1
  shift
  "$interlock" "$@" >"$label.out" 2>"$label.err"
  status=$?
}
expect_status() {
  [ "$status" -eq "$2" ] || { fail "$1: exit status $status, expected $2"; show "$1.err"; }
}
expect_in() {  # expect_in LABEL FILE FIXED_STRING
  grep -qF -- "$3" "$2" || { fail "$1: '$3' not in $2"; show "$2"; }
}
expect_not_in() {
  ! grep -qF -- "$3" "$2" || { fail "$1: '$3' unexpectedly in $2"; show "$2"; }
}
json_get() {  # json_get FILE PYTHON_EXPRESSION_OF_d
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}
# expect_bad_input LABEL EXPECTED_PREFIX ARGS...: exit 2, exactly one stderr line starting with
# EXPECTED_PREFIX, nothing on stdout, and the -o target (out.txt, pre-filled) and the
# --write-baseline target untouched.
expect_bad_input() {
  local label=$1 prefix=$2
  shift 2
  echo previous >out.txt
  rm -f written_baseline.json
  tool "$label" "$@" -o out.txt --write-baseline written_baseline.json
  expect_status "$label" 2
  local lines
  lines=$(wc -l <"$label.err")
  [ "$lines" -eq 1 ] || { fail "$label: $lines lines on stderr, expected 1"; show "$label.err"; }
  case "$(cat "$label.err")" in
    "$prefix"*) ;;
    *) fail "$label: stderr does not start with '$prefix'"; show "$label.err" ;;
  esac
  [ -s "$label.out" ] && { fail "$label: wrote to stdout"; show "$label.out"; }
  [ "$(cat out.txt)" = previous ] || fail "$label: -o file was changed"
  [ -e written_baseline.json ] && fail "$label: --write-baseline file was written"
  ls out.txt.tmp.* >/dev/null 2>&1 && fail "$label: temporary file left behind"
}

# Three runs of the racy program into reports/, one clean run into clean/.
racy_reports() {
  build racy racy
  for run in 1 2 3; do run_program racy reports; done
  local count
  count=$(ls reports | wc -l)
  [ "$count" -eq 3 ] || { fail "expected 3 report files, got $count"; ls reports >&2; exit 1; }
}

case "$mode" in
  help)
    tool help --help
    expect_status help 0
    expect_in help help.out "report"
    expect_in help help.out "options"
    tool report_help report --help
    expect_status report_help 0
    for flag in --format -o --suppressions --baseline --write-baseline --color; do
      expect_in report_help report_help.out "$flag"
    done
    tool no_command
    expect_status no_command 2
    expect_bad_input unknown_command "interlock: command line: unknown command 'frobnicate'" \
      frobnicate
    ;;

  options)
    flags_def=$1
    tool options options
    expect_status options 0
    # Every option of the runtime's single list appears with its default.
    names=$(sed -n 's/^INTERLOCK_FLAG([A-Za-z]*, *\([a-z_]*\),.*/\1/p' "$flags_def")
    [ -n "$names" ] || fail "no options found in $flags_def"
    for name in $names; do expect_in options options.out "  $name="; done
    expect_in options options.out "exitcode=66"
    [ "$(grep -c '^  [a-z_]*=' options.out)" -eq "$(echo "$names" | wc -l)" ] ||
      fail "options: listing and flags.def differ in length"
    expect_bad_input options_extra "interlock: command line: 'interlock options' takes no" \
      options extra
    ;;

  text)
    racy_reports
    tool text report reports
    expect_status text 1
    expect_in text text.out "WARNING: Interlock: data race"
    expect_in text text.out "Write of size 8"
    expect_in text text.out "shared_counter = 1;  // RACE"   # the source snippet
    expect_in text text.out "seen 3 times in 3 processes; new"
    [ "$(tail -n 1 text.out)" = "1 finding (1 new, 0 known, 0 suppressed)" ] ||
      { fail "text: wrong summary line"; show text.out; }
    [ "$(grep -c 'WARNING: Interlock' text.out)" -eq 1 ] || fail "text: dedup failed"
    expect_not_in text text.out $'\033['                       # auto colour, not a terminal
    tool color_always report reports --color always
    expect_in color_always color_always.out $'\033[1;31m'
    tool color_never report reports --color=never
    expect_not_in color_never color_never.out $'\033['
    # On a terminal auto colours, unless NO_COLOR is set (and not empty); --color always wins.
    if command -v script >/dev/null 2>&1; then
      script -qec "'$interlock' report reports" /dev/null >tty_auto.out 2>&1
      expect_in tty_auto tty_auto.out $'\033[1;31m'
      NO_COLOR=1 script -qec "'$interlock' report reports" /dev/null >tty_no_color.out 2>&1
      expect_not_in tty_no_color tty_no_color.out $'\033['
      expect_in tty_no_color tty_no_color.out "WARNING: Interlock: data race"
      NO_COLOR=1 script -qec "'$interlock' report reports --color always" /dev/null >tty_always.out 2>&1
      expect_in tty_always tty_always.out $'\033[1;31m'
    fi
    # -o writes the same text to the file and nothing to stdout.
    tool to_file report reports -o report.txt
    expect_status to_file 1
    [ -s to_file.out ] && fail "to_file: wrote to stdout"
    cmp -s report.txt text.out || fail "to_file: file differs from stdout output"
    # Files and directories mix; a nested directory is searched, other files ignored.
    mkdir -p nested/deeper && cp reports/*.json nested/deeper/ && touch nested/notes.json
    tool mixed report "reports/$(ls reports | head -n 1)" nested
    expect_in mixed mixed.out "seen 4 times in 4 processes"
    ;;

  clean)
    build clean clean
    run_program clean reports
    tool clean report reports
    expect_status clean 0
    [ "$(cat clean.out)" = "0 findings (0 new, 0 known, 0 suppressed)" ] ||
      { fail "clean: unexpected output"; show clean.out; }
    mkdir empty_dir
    tool empty report empty_dir
    expect_status empty 0
    ;;

  json)
    racy_reports
    tool json report reports --format json -o merged.json
    expect_status json 1
    [ "$(json_get merged.json 'len(d["findings"])')" = 1 ] || fail "json: not one finding"
    [ "$(json_get merged.json 'd["schema_version"]')" = 1 ] || fail "json: no schema_version"
    first=$(ls reports | head -n 1)
    [ "$(json_get merged.json 'd["findings"][0]["key"]')" = \
      "$(json_get "reports/$first" 'd["findings"][0]["key"]')" ] || fail "json: key changed"
    [ "$(json_get merged.json 'd["findings"][0]["accesses"][0]["stack"][0]["source"]')" = \
      "  shared_counter = 1;  // RACE" ] || fail "json: source line lost"
    # The output is itself a report `interlock report` reads.
    tool reread report merged.json
    expect_status reread 1
    expect_in reread reread.out "1 finding (1 new"
    ;;

  sarif)
    racy_reports
    tool sarif report reports --format sarif -o out.sarif
    expect_status sarif 1
    [ "$(json_get out.sarif 'd["version"]')" = 2.1.0 ] || fail "sarif: version"
    [ "$(json_get out.sarif 'len(d["runs"][0]["results"])')" = 1 ] || fail "sarif: not 1 result"
    [ "$(json_get out.sarif 'd["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"]')" = 14 ] ||
      fail "sarif: wrong startLine"
    [ "$(json_get out.sarif 'len(d["runs"][0]["results"][0]["codeFlows"][0]["threadFlows"])')" = 2 ] ||
      fail "sarif: not two threadFlows"
    [ "$(json_get out.sarif 'd["runs"][0]["results"][0]["occurrenceCount"]')" = 3 ] ||
      fail "sarif: occurrenceCount"
    ;;

  sarif_schema)
    schema=$1 validator=$2 data=$3
    [ -f "$schema" ] || { echo "SKIP: no SARIF schema at $schema"; exit 77; }
    racy_reports
    tool sarif report reports --format sarif -o plain.sarif
    tool baseline report reports --write-baseline known.json
    tool sarif_baseline report reports --format sarif --baseline known.json -o baseline.sarif
    mkdir none && tool empty_sarif report none --format sarif -o empty.sarif
    # Hand-written findings: frames without file or column, paths with spaces, future kinds.
    tool mixed_sarif report "$data" --format sarif -o mixed.sarif
    expect_status mixed_sarif 1
    for file in plain.sarif baseline.sarif empty.sarif mixed.sarif; do
      /usr/bin/python3 "$validator" "$schema" "$file" >"$file.validation" 2>&1 ||
        { fail "$file does not validate"; show "$file.validation"; }
    done
    ;;

  junit)
    racy_reports
    tool junit report reports --format junit -o junit.xml
    expect_status junit 1
    python3 - junit.xml <<'PY' || fail "junit: structure"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.findall("./testsuite/testcase")
assert len(cases) == 1, len(cases)
assert cases[0].get("classname") == "data-race"
assert cases[0].get("name").startswith("data race on global 'shared_counter'")
failure = cases[0].find("failure")
assert failure.get("message") == cases[0].get("name")
assert "shared_counter = 1;  // RACE" in failure.text and "\033" not in failure.text
PY
    tool junit_known report reports --format junit --write-baseline b.json -o /dev/null
    # Written in place: a rename onto /dev/null would replace the device with a plain file.
    [ -c /dev/null ] || fail "junit_known: -o /dev/null replaced the device node"
    tool junit_known report reports --format junit --baseline b.json -o known.xml
    expect_status junit_known 0
    expect_in junit_known known.xml '<skipped message="known (in baseline)"/>'
    expect_in junit_known known.xml 'failures="0"'
    ;;

  baseline)
    racy_reports
    tool write report reports --write-baseline known.json
    expect_status write 1                     # no baseline given: the finding is new
    key=$(json_get "reports/$(ls reports | head -n 1)" 'd["findings"][0]["key"]')
    [ "$(json_get known.json 'd["keys"]')" = "['$key']" ] || { fail "wrong baseline"; show known.json; }
    tool known report reports --baseline known.json
    expect_status known 0
    expect_in known known.out "0 new, 1 known"
    expect_in known known.out "known (in baseline)"
    tool sarif report reports --baseline known.json --format sarif
    expect_in sarif sarif.out '"baselineState": "unchanged"'
    echo '{"interlock_baseline": 1, "keys": ["0123456789abcdef"]}' >other.json
    tool other report reports --baseline other.json --format sarif
    expect_status other 1
    expect_in other other.out '"baselineState": "new"'
    # Suppressed findings stay out of a written baseline.
    echo 'race:store_counter' >supp.txt
    tool write_suppressed report reports --suppressions supp.txt --write-baseline none.json
    [ "$(json_get none.json 'd["keys"]')" = "[]" ] || fail "suppressed key in baseline"
    ;;

  suppressions)
    racy_reports
    for rule in 'race:store_counter' 'race:^store_*$' 'race_top:store_counter' \
                'race:shared_counter' 'race:*/programs/racy.c' 'called_from_lib:/racy$' \
                'race:/suppressions/racy$' 'thread:T1'; do
      printf '# a comment\n\n%s\n' "$rule" >rules.txt
      tool suppressed report reports --suppressions rules.txt
      expect_status suppressed 0
      expect_in "suppressed ($rule)" suppressed.out "1 finding (0 new, 0 known, 1 suppressed)"
    done
    # called_from_lib: names a module (here the executable), not a source file; signal: matches
    # nothing Interlock reports.
    for rule in 'race:^counter' 'race_top:^main$' 'deadlock:store_counter' 'mutex:store_counter' \
                'thread:^worker$' 'called_from_lib:racy.c' 'signal:store_counter'; do
      echo "$rule" >rules.txt
      tool kept report reports --suppressions rules.txt
      expect_status kept 1
      expect_in "kept ($rule)" kept.out "1 finding (1 new, 0 known, 0 suppressed)"
    done
    ;;

  rebuild_key)
    build racy plain
    build racy moved -fPIE -pie -DINTERLOCK_CLI_PADDING
    cmp -s plain moved && fail "the two builds are identical"
    run_program plain plain_reports
    run_program moved moved_reports
    plain_file="plain_reports/$(ls plain_reports)" moved_file="moved_reports/$(ls moved_reports)"
    plain_key=$(json_get "$plain_file" 'd["findings"][0]["key"]')
    moved_key=$(json_get "$moved_file" 'd["findings"][0]["key"]')
    [ -n "$plain_key" ] && [ "$plain_key" = "$moved_key" ] ||
      fail "keys differ across rebuilds: $plain_key vs $moved_key"
    # The variable really moved within its image: its offset from the padding build differs.
    plain_size=$(json_get "$plain_file" 'd["findings"][0]["memory"]["size"]')
    [ "$plain_size" = 8 ] || fail "unexpected global size $plain_size"
    nm plain | grep -q padding_before_counter && fail "padding in the plain build"
    nm moved | grep -q padding_before_counter || fail "no padding in the moved build"
    tool both report plain_reports moved_reports
    expect_in both both.out "seen 2 times in 2 processes"
    expect_in both both.out "1 finding (1 new"
    ;;

  bad_input)
    racy_reports
    good="reports/$(ls reports | head -n 1)"
    # Malformed JSON: a report cut short.
    head -c 200 "$good" >truncated.json
    expect_bad_input malformed "interlock: truncated.json:" report truncated.json
    line=$(cut -d: -f3 <malformed.err)
    [ "$line" -ge 1 ] 2>/dev/null || fail "malformed: no line number in $(cat malformed.err)"
    # A report of an unknown schema version names the line of schema_version.
    sed 's/"schema_version": 1/"schema_version": 99/' "$good" >future.json
    expect_bad_input schema "interlock: future.json:$(grep -n schema_version future.json | cut -d: -f1): unsupported schema_version 99" \
      report reports future.json
    # Unreadable paths: missing file, and a directory where a file is needed.
    expect_bad_input missing "interlock: no/such/report.json: cannot read" report no/such/report.json
    expect_bad_input supp_dir "interlock: reports: is a directory" report reports --suppressions reports
    # Bad suppression lines.
    printf 'race:ok\n# comment\nraec:typo\n' >typo.supp
    expect_bad_input supp_type "interlock: typo.supp:3: unknown suppression type" \
      report reports --suppressions typo.supp
    printf '\nrace_top:\n' >empty.supp
    expect_bad_input supp_empty "interlock: empty.supp:2: empty suppression pattern" \
      report reports --suppressions empty.supp
    # Malformed baselines.
    printf '{"interlock_baseline": 1,\n "keys": ["nothex"]}\n' >bad_key.json
    expect_bad_input baseline_key "interlock: bad_key.json:2: baseline keys[0]" \
      report reports --baseline bad_key.json
    printf '{"interlock_baseline": 1,\n "keys": [\n' >cut.json
    expect_bad_input baseline_json "interlock: cut.json:3: invalid JSON" \
      report reports --baseline cut.json
    # Command-line mistakes.
    expect_bad_input unknown_option "interlock: command line: unknown option '--frob'" \
      report reports --frob
    expect_bad_input bad_format "interlock: command line: unknown --format 'xml'" \
      report reports --format xml
    expect_bad_input bad_color "interlock: command line: unknown --color 'sometimes'" \
      report reports --color sometimes
    expect_bad_input no_paths "interlock: command line: no report file or directory" report
    # A missing value: the option is last on the line.
    tool missing_value report reports --baseline
    expect_status missing_value 2
    [ "$(cat missing_value.err)" = "interlock: command line: option '--baseline' needs a value" ] ||
      { fail "missing_value: wrong message"; show missing_value.err; }
    # An unwritable -o leaves the --write-baseline file unwritten too.
    tool unwritable report reports -o no_dir/out.txt --write-baseline wb.json
    expect_status unwritable 2
    expect_in unwritable unwritable.err "interlock: no_dir/out.txt: cannot write"
    [ -e wb.json ] && fail "unwritable: --write-baseline file written"
    ;;

  other_kinds)
    # Hand-written reports: a race, a lock-order cycle of three locks (one an unnamed rwlock) and a
    # kind the report model does not know yet, which is carried through every format.
    data=$1
    tool text report "$data"
    expect_status text 1
    expect_in text text.out "WARNING: Interlock: lock-order cycle (potential deadlock) (key 00000000000000bb)"
    expect_in text text.out "lock-order cycle (potential deadlock) between 3 locks in 3 threads: T1 holds 'lock_a' (locks.c:8) and wants 'lock_b' (locks.c:9); T2 holds 'lock_b' and wants 0x7f1c00001000; locker holds 0x7f1c00001000 and wants 'lock_a'"
    expect_in text text.out "Thread T1 holds mutex 'lock_a' acquired at:"
    expect_in text text.out "  pthread_mutex_lock(&lock_a); // <&>"        # carried source line
    expect_in text text.out "and requests rwlock 0x7f1c00001000 for reading at:"
    expect_in text text.out "Thread locker holds rwlock 0x7f1c00001000 for writing acquired at:"
    expect_in text text.out "#0 take_c_then_a /src/my locks/locks.c:23:3"
    expect_in text text.out "circular wait (holds): T1 waits for 'lock_b' held by T2, which waits for 0x7f1c00001000 held by locker, which waits for 'lock_a' held by T1"
    expect_in text text.out "Suggested lock order: 'lock_a', then 'lock_b', then 0x7f1c00001000 (3 of 5 observed acquisitions follow it)"
    expect_in text text.out "change locker's acquisition of 'lock_a' at locks.c:23 (taken while holding 0x7f1c00001000 since locks.c:22)"
    expect_in text text.out "WARNING: Interlock: future-kind (key 00000000000000cc)"
    expect_in text text.out "detail.where:"
    expect_in text text.out "#0 future_site /src/future.c:5:1"
    expect_in text text.out "3 findings (3 new, 0 known, 0 suppressed)"
    tool json report "$data" --format json -o out.json
    [ "$(json_get out.json '[f["kind"] for f in d["findings"]]')" = \
      "['data-race', 'lock-order-cycle', 'future-kind']" ] || fail "json: kinds"
    [ "$(json_get out.json 'd["findings"][2]["confidence"]')" = 0.75 ] || fail "json: member lost"
    # The cycle is rewritten by the runtime's writer: same key, evidence regenerated.
    [ "$(json_get out.json 'd["findings"][1]["key"]')" = 00000000000000bb ] || fail "json: cycle key"
    [ "$(json_get out.json 'len(d["findings"][1]["edges"])')" = 3 ] || fail "json: cycle edges"
    [ "$(json_get out.json 'd["findings"][1]["coffman"]["mutual_exclusion"]["evidence"]')" = \
      "each lock admits one holder at a time: 'lock_a' held by T1 (since locks.c:8) makes locker wait at locks.c:23; 'lock_b' held by T2 (since locks.c:15) makes T1 wait at locks.c:9; 0x7f1c00001000 held for writing by locker (since locks.c:22) makes T2's read request wait at locks.c:16" ] ||
      fail "json: cycle evidence"
    # ... and reads back.
    tool reread report out.json
    expect_status reread 1
    expect_in reread reread.out "3 findings (3 new"
    tool sarif report "$data" --format sarif -o out.sarif
    [ "$(json_get out.sarif '[r["id"] for r in d["runs"][0]["tool"]["driver"]["rules"]]')" = \
      "['data-race', 'lock-order-cycle', 'future-kind']" ] || fail "sarif: one rule per kind"
    [ "$(json_get out.sarif 'd["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"]')" = 9 ] ||
      fail "sarif: the cycle is not located at the closing request"
    [ "$(json_get out.sarif 'len(d["runs"][0]["results"][1]["relatedLocations"])')" = 5 ] ||
      fail "sarif: cycle relatedLocations"
    [ "$(json_get out.sarif 'len(d["runs"][0]["results"][1]["codeFlows"][0]["threadFlows"])')" = 3 ] ||
      fail "sarif: not one threadFlow per edge"
    for rule in 'deadlock:take_b_then_c' 'deadlock:^lock_b$' 'thread:^locker$'; do
      echo "$rule" >rules.txt
      tool suppressed report "$data" --suppressions rules.txt
      expect_in "suppressed ($rule)" suppressed.out "3 findings (2 new, 0 known, 1 suppressed)"
    done
    echo 'race:take_b_then_c' >rules.txt
    tool kept report "$data" --suppressions rules.txt
    expect_in kept kept.out "3 findings (3 new, 0 known, 0 suppressed)"
    tool junit report "$data" --format junit -o out.xml
    expect_in junit out.xml 'classname="future-kind" name="a kind with nothing but the common members"'
    expect_in junit out.xml 'classname="lock-order-cycle" name="lock-order cycle (potential deadlock) between 3 locks'
    expect_in junit out.xml 'Coffman conditions:'
    ;;

  thread_name)
    # Names given with AnnotateThreadName appear in the stderr report, in the JSON file and in
    # what `interlock report` reads back from it.
    build named_threads named_threads
    run_program named_threads reports
    expect_in stderr named_threads.stderr "ledger-writer"
    expect_in stderr named_threads.stderr "coordinator"
    report=$(ls reports/*.json | head -n 1)
    names=$(json_get "$report" "sorted(t['name'] for f in d['findings'] for t in f['threads'])")
    [ "$names" = "['coordinator', 'ledger-writer']" ] ||
      { fail "thread_name: thread names in $report are $names"; show "$report"; }
    tool merged report reports
    expect_status merged 1
    expect_in merged merged.out "ledger-writer"
    ;;

  access_extent)
    # Each access in a race report names the bytes it touched, not the racy byte with its own
    # size: a 4-byte read across a granule boundary (bytes 7..10) finds a 1-byte write at byte 10
    # in its second granule, where it read bytes 8..10.
    build partial_overlap partial_overlap
    run_program partial_overlap reports
    report=$(ls reports/*.json | head -n 1)
    extent=$(json_get "$report" "[(a['type'], a['size'], int(a['address'], 16) - (int(f['memory']['address'], 16) - f['memory']['offset'])) for f in d['findings'] for a in f['accesses']]")
    [ "$extent" = "[('read', 3, 8), ('write', 1, 10)]" ] ||
      { fail "access_extent: accesses (type, size, offset in the buffer) are $extent"; show "$report"; }
    ;;

  run_failing_test)
    # A test that races and fails its own check: `interlock run` fails although the baseline
    # knows the race, and says why in one line of its own.
    build racy failing -DINTERLOCK_CLI_EXIT_STATUS=3
    tool first run --report-dir first_reports --write-baseline known.json -- ./failing
    expect_status first 1
    tool gated run --baseline known.json -- ./failing
    expect_status gated 1
    expect_in gated gated.out "1 finding (0 new, 1 known, 0 suppressed)"
    [ "$(grep '^interlock' gated.err)" = "interlock run: './failing' exited with status 3" ] ||
      { fail "gated: not exactly the one line naming the failure"; show gated.err; }
    # The same race in a test that passes: the baseline gate alone decides.
    build racy passing
    tool passing run --baseline known.json -- ./passing
    expect_status passing 0
    [ -z "$(grep '^interlock' passing.err)" ] || { fail "passing: a line of its own"; show passing.err; }
    ;;

  run_relative_suppressions)
    # A relative suppressions= in INTERLOCK_OPTIONS names a file in the directory `interlock run`
    # was started in, although COMMAND's processes run elsewhere (as ctest runs each test in its
    # own directory): the race is suppressed there and nothing fails.
    build racy racy
    mkdir -p elsewhere
    echo 'race:store_counter' >rules.txt
    INTERLOCK_OPTIONS=suppressions=rules.txt tool suppressed run -- sh -c 'cd elsewhere && ../racy'
    expect_status suppressed 0
    expect_not_in suppressed suppressed.err "cannot"
    expect_in suppressed suppressed.out "0 new"
    # A missing file is named by its absolute path, and the run fails as bad input.
    INTERLOCK_OPTIONS=suppressions=missing/rules.txt tool missing run -- sh -c 'cd elsewhere && ../racy'
    expect_status missing 2
    expect_in missing missing.err "$PWD/missing/rules.txt: cannot read the suppressions file"
    ;;

  shared_dir)
    # Two runs share one report directory at the same time: a clean run's command starts a racy
    # run of its own into the same directory. Each run reads its own reports and no other's.
    build racy racy
    build clean clean
    tool outer run --report-dir shared -- sh -c \
      "'$interlock' run --report-dir shared -- ./racy >inner.out 2>inner.err; echo \$? >inner.status; ./clean"
    expect_status outer 0
    expect_in outer outer.out "0 findings (0 new, 0 known, 0 suppressed)"
    [ "$(cat inner.status)" = 1 ] || { fail "inner run: exit status $(cat inner.status), expected 1"; show inner.err; }
    expect_in inner inner.out "1 finding (1 new, 0 known, 0 suppressed)"
    [ "$(ls shared | wc -l)" -eq 2 ] || { fail "expected 2 report files in shared/"; ls shared >&2; }
    # Reading the directory afterwards gives both runs' reports.
    tool both report shared
    expect_in both both.out "1 finding (1 new"
    ;;

  pid_namespace)
    # Two runs whose processes have the same pid (1, in pid namespaces of their own, as in
    # containers) keep both reports.
    unshare -pf --mount-proc true 2>/dev/null || { echo "SKIP: cannot create a pid namespace"; exit 77; }
    build racy racy
    for run in 1 2; do
      INTERLOCK_OPTIONS="report_dir=$work/reports" unshare -pf --mount-proc ./racy >/dev/null 2>"racy$run.err"
    done
    [ "$(ls reports | grep -c '^interlock\.1\.[0-9a-f]\{16\}\.json$')" -eq 2 ] ||
      { fail "expected 2 reports of pid 1"; ls reports >&2; }
    tool merged report reports
    expect_in merged merged.out "seen 2 times in 2 processes"
    ;;

  outputs)
    # An output that is an input, or two outputs that are one file: refused before anything is
    # read or written, one line, exit 2, every file as it was.
    racy_reports
    good="reports/$(ls reports | head -n 1)"
    echo '{"interlock_baseline": 1, "keys": []}' >known.json
    echo 'race:nothing_matches' >rules.supp
    ln -s "$good" link_to_report
    mkdir sub
    cp -r reports reports.saved && cp known.json known.saved && cp rules.supp rules.saved
    # refused LABEL EXPECTED_LINE ARGS...
    refused() {
      local label=$1 line=$2
      shift 2
      tool "$label" "$@"
      expect_status "$label" 2
      [ "$(cat "$label.err")" = "$line" ] || { fail "$label: not the line '$line'"; show "$label.err"; }
      [ -s "$label.out" ] && { fail "$label: wrote to stdout"; show "$label.out"; }
      diff -r reports reports.saved >/dev/null || fail "$label: a report file changed"
      cmp -s known.json known.saved || fail "$label: known.json changed"
      cmp -s rules.supp rules.saved || fail "$label: rules.supp changed"
      [ -e same.out ] && fail "$label: same.out was written"
      ls ./*.tmp.* reports/*.tmp.* >/dev/null 2>&1 && fail "$label: temporary file left behind"
    }
    overwrite="an output must not overwrite an input"
    refused onto_report "interlock: $good: the -o output is also the input report '$good': $overwrite" \
      report reports -o "$good"
    refused onto_named_report \
      "interlock: ./$good: the -o output is also the input report '$good': $overwrite" \
      report "$good" -o "./$good"
    refused through_link \
      "interlock: link_to_report: the --write-baseline output is also the input report '$good': $overwrite" \
      report reports --write-baseline link_to_report
    refused onto_baseline "interlock: known.json: the -o output is also the --baseline file: $overwrite" \
      report reports --baseline known.json -o known.json
    refused baseline_onto_baseline \
      "interlock: known.json: the --write-baseline output is also the --baseline file: $overwrite" \
      report reports --baseline known.json --write-baseline known.json
    refused onto_suppressions \
      "interlock: rules.supp: the -o output is also the --suppressions file: $overwrite" \
      report reports --suppressions rules.supp -o rules.supp
    refused one_new_file \
      "interlock: sub/../same.out: the --write-baseline output is also the -o output: two outputs cannot share a file" \
      report reports -o same.out --write-baseline sub/../same.out
    # interlock run refuses before COMMAND runs.
    refused run_onto_baseline "interlock: known.json: the -o output is also the --baseline file: $overwrite" \
      run --baseline known.json -o known.json -- touch ran
    [ -e ran ] && fail "run_onto_baseline: COMMAND ran"
    # Controls: distinct files are written.
    tool distinct report reports --baseline known.json -o fresh.txt --write-baseline fresh.json
    expect_status distinct 1
    expect_in distinct fresh.txt "1 finding (1 new"
    expect_in distinct fresh.json '"keys"'
    ;;

  write_errors)
    # A failed write is one line with the system's reason and exit 2, and leaves no file behind.
    racy_reports
    expect_write_error() {  # LABEL EXPECTED_LINE
      expect_status "$1" 2
      [ "$(cat "$1.err")" = "$2" ] || { fail "$1: not the line '$2'"; show "$1.err"; }
    }
    tool dev_full report reports --format sarif -o /dev/full --write-baseline wb.json
    expect_write_error dev_full "interlock: /dev/full: cannot write: No space left on device"
    [ -e wb.json ] && fail "dev_full: --write-baseline file written although -o failed"
    ls ./*.tmp.* >/dev/null 2>&1 && fail "dev_full: temporary file left behind"
    "$interlock" report reports >/dev/full 2>stdout_full.err
    status=$?
    expect_write_error stdout_full "interlock: stdout: cannot write: No space left on device"
    "$interlock" report reports >&- 2>stdout_closed.err
    status=$?
    expect_write_error stdout_closed "interlock: stdout: cannot write: Bad file descriptor"
    # A full file system (a 64 KiB tmpfs, filled): the previous file stays whole, nothing else
    # appears. Needs a mount namespace of our own.
    if unshare -m true 2>/dev/null; then
      mkdir small
      unshare -m sh -c '
        mount -t tmpfs -o size=64k tmpfs small || exit 99
        echo previous >small/out.sarif
        head -c 65536 /dev/zero >small/filler 2>/dev/null
        "$0" report reports --format sarif -o small/out.sarif >tmpfs_full.out 2>tmpfs_full.err
        echo $? >tmpfs_full.status
        cat small/out.sarif >tmpfs_after.txt
        ls -A small >tmpfs_listing.txt' "$interlock"
      if [ "$(cat tmpfs_full.status 2>/dev/null)" != "" ]; then
        status=$(cat tmpfs_full.status)
        expect_write_error tmpfs_full "interlock: small/out.sarif: cannot write: No space left on device"
        [ "$(cat tmpfs_after.txt)" = previous ] || { fail "tmpfs_full: out.sarif changed"; show tmpfs_after.txt; }
        [ "$(cat tmpfs_listing.txt | tr '\n' ' ')" = "filler out.sarif " ] ||
          { fail "tmpfs_full: files left"; show tmpfs_listing.txt; }
      else
        echo "note: no tmpfs could be mounted; the full file system case is not checked"
      fi
    fi
    ;;

  crash_safe)
    # A process that dies after a report (a crash, a kill, abort, _exit, a fatal signal in another
    # thread) keeps its finding: `interlock report` reads the journal it left and says the
    # process ended abnormally. "exit" is the control: a JSON report, no journal, no note.
    build racy_then_dies racy_then_dies
    for how in exit abort segv thread_segv sigterm sigkill _exit; do
      case $how in
        exit) want=66 ;; abort) want=134 ;; segv | thread_segv) want=139 ;;
        sigterm) want=143 ;; sigkill) want=137 ;; _exit) want=3 ;;
      esac
      dir=reports_$how
      mkdir "$dir"
      INTERLOCK_OPTIONS="report_dir=$dir" sh -c 'echo $$ >"$0.pid"; exec ./racy_then_dies "$0"' \
        "$how" >/dev/null 2>"died_$how.err"
      status=$?
      pid=$(cat "$how.pid")
      expect_status "died_$how" "$want"
      expect_in "died_$how" "died_$how.err" "WARNING: Interlock: data race"
      tool "read_$how" report "$dir"
      expect_status "read_$how" 1
      expect_in "read_$how" "read_$how.out" "1 finding (1 new, 0 known, 0 suppressed)"
      expect_in "read_$how" "read_$how.out" "shared_counter = 1;  // RACE"
      if [ "$how" = exit ]; then
        ls "$dir" | grep -qE "^interlock\.$pid\.[0-9a-f]{16}\.json$" || { fail "exit: no JSON report"; ls "$dir" >&2; }
        [ "$(ls "$dir" | wc -l)" -eq 1 ] || { fail "exit: the journal was left"; ls "$dir" >&2; }
        [ -s read_exit.err ] && { fail "exit: a note about a normal exit"; show read_exit.err; }
      else
        journal=$(ls "$dir")
        echo "$journal" | grep -qE "^interlock\.$pid\.[0-9a-f]{16}\.jsonl$" || { fail "$how: not one journal"; ls "$dir" >&2; }
        [ "$(cat "read_$how.err")" = "interlock: note: process $pid (./racy_then_dies $how) ended abnormally (crashed, killed or _exit) before writing its JSON report; 1 finding read from its journal $dir/$journal" ] ||
          { fail "$how: not the note"; show "read_$how.err"; }
      fi
    done
    # The same under interlock run: the crash fails the run, first, and the finding is there.
    tool run_segv run -- ./racy_then_dies segv
    expect_status run_segv 1
    [ "$(grep '^interlock' run_segv.err | head -n 1)" = "interlock run: './racy_then_dies' was killed by signal 11 (Segmentation fault)" ] ||
      { fail "run_segv: the crash is not named first"; show run_segv.err; }
    expect_in run_segv run_segv.out "1 finding (1 new"
    ;;

  journal_states)
    # A journal in every state a death can leave it: read whole lines, never fail on the cut one.
    build racy_then_dies racy_then_dies
    mkdir killed
    INTERLOCK_OPTIONS="report_dir=killed" ./racy_then_dies sigkill >/dev/null 2>&1
    journal=killed/$(ls killed)
    header_size=$(head -n 1 "$journal" | wc -c)
    # state DIR NAME: a directory holding one journal named like the runtime's
    state() { mkdir "$1"; echo "$1/interlock.42.0123456789abcdef.jsonl"; }
    cut=$(state cut_in_finding)
    head -c $((header_size + 40)) "$journal" >"$cut"
    tool cut_in_finding report cut_in_finding
    expect_status cut_in_finding 0
    expect_in cut_in_finding cut_in_finding.out "0 findings"
    expect_in cut_in_finding cut_in_finding.err "0 findings read from its journal $cut (the one it was writing when it ended is lost)"
    cut=$(state cut_in_header)
    head -c 20 "$journal" >"$cut"
    tool cut_in_header report cut_in_header
    expect_status cut_in_header 0
    [ "$(cat cut_in_header.err)" = "interlock: note: a process ended abnormally while it began its journal $cut; the finding it was reporting is lost" ] ||
      { fail "cut_in_header: not the note"; show cut_in_header.err; }
    cut=$(state empty)
    : >"$cut"
    tool empty report empty
    expect_status empty 0
    expect_in empty empty.err "a process ended abnormally while it began its journal $cut"
    # A journal next to its process's JSON report is a left-over: the report alone is read.
    mkdir superseded
    INTERLOCK_OPTIONS="report_dir=superseded" ./racy_then_dies exit >/dev/null 2>&1
    report=$(ls superseded/*.json)
    cp "$journal" "${report}l"
    tool superseded report superseded
    expect_in superseded superseded.out "seen 1 time in 1 process"
    [ -s superseded.err ] && { fail "superseded: the left-over journal was read"; show superseded.err; }
    # A whole line that is not a finding is bad input, with its line number.
    bad=$(state corrupt)
    { head -n 1 "$journal"; echo '{"kind": "data-race"'; tail -n +2 "$journal"; } >"$bad"
    tool corrupt report corrupt
    expect_status corrupt 2
    expect_in corrupt corrupt.err "interlock: $bad:2: invalid JSON"
    ;;

  *)
    echo "unknown mode $mode" >&2
    exit 2
    ;;
esac
finish
