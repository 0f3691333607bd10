#!/bin/sh
# Builds a racy program with a wrapper at one optimization level, runs it, and checks its
# report on stderr: the exit status is the runtime's 66, every EXPECT pattern (an extended
# regex matched against the whole of stderr, newlines included, so one pattern can span the
# lines of a stack) is found, and no frame or summary names the source file without a line
# or with line 0.
# usage: check_report_lines.sh WRAPPER SOURCE OUTPUT_EXECUTABLE LEVEL EXPECT...
set -eu
wrapper=$1 source=$2 executable=$3 level=$4
shift 4
"$wrapper" "$level" -pthread "$source" -o "$executable"
status=0
"$executable" 2>"$executable.stderr" >/dev/null || status=$?
fail() { echo "$*" >&2; echo "--- stderr of $executable:" >&2; cat "$executable.stderr" >&2; exit 1; }
[ "$status" -eq 66 ] || fail "exit status $status, expected 66 (races reported)"
for pattern in "$@"; do
  grep -Ezq -- "$pattern" "$executable.stderr" || fail "not in the report: $pattern"
done
name=$(basename "$source")
quoted=$(printf '%s' "$name" | sed 's/\./\\./g')
if grep -Eq -- "$quoted( |$)|$quoted:0(:| |$)" "$executable.stderr"; then
  fail "a site of $name has no line"
fi
