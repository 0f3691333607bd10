#!/bin/sh
# Compiles one input with the Interlock plugin to LLVM IR (C/C++ with clang, .ll with opt), runs the IR verifier on the result
# (clang release builds skip it), and checks the IR with FileCheck.
# usage: check_ir.sh CLANG PLUGIN OPT FILECHECK INPUT OUTPUT.ll CHECK_PREFIXES [compiler flags...]
set -eu
compiler=$1 plugin=$2 opt=$3 filecheck=$4 input=$5 output=$6 prefixes=$7
shift 7
case $input in
  # Hand-written IR runs through opt, so it can use instructions C does not produce.
  *.ll) "$opt" "-load-pass-plugin=$plugin" -passes=interlock -S "$@" "$input" -o "$output" ;;
  *) "$compiler" -S -emit-llvm -g "-fpass-plugin=$plugin" "$@" "$input" -o "$output" ;;
esac
"$opt" -passes=verify -disable-output "$output"
"$filecheck" "--check-prefixes=$prefixes" --input-file="$output" "$input"
