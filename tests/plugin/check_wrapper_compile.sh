#!/bin/sh
# Compiles (no link) with a wrapper and checks the object was instrumented and carries debug info.
# usage: check_wrapper_compile.sh WRAPPER INPUT OUTPUT.o
set -eu
wrapper=$1 input=$2 output=$3
"$wrapper" -O1 -c "$input" -o "$output"
nm "$output" | grep -q ' U __interlock_func_entry$' || { echo "not instrumented: $output" >&2; exit 1; }
nm "$output" | grep -q ' U __interlock_write4$' || { echo "store not instrumented" >&2; exit 1; }
readelf -S "$output" | grep -q '\.debug_info' || { echo "no debug info (-g missing)" >&2; exit 1; }
