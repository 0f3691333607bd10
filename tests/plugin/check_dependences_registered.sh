#!/bin/sh
# Builds a program with a wrapper at one optimization level and runs it: it exits 0 when the
# runtime knows the dependence pairs the plugin emitted for it (and not independent ones).
# usage: check_dependences_registered.sh WRAPPER SOURCE OUTPUT_EXECUTABLE LEVEL [flags...]
set -eu
wrapper=$1 source=$2 executable=$3 level=$4
shift 4
"$wrapper" "$level" "$@" "$source" -o "$executable"
"$executable"
