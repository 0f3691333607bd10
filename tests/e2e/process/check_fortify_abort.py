#!/usr/bin/env python3
"""A fortified program that overflows a buffer must fail glibc's check under Interlock as it
does without it.

    check_fortify_abort.py PROGRAM --cc INTERLOCK_CC --reference-cc CC --work DIR

Builds PROGRAM with -O2 -D_FORTIFY_SOURCE=2 twice, with Interlock's wrapper and with the plain
compiler, and runs both. Each must be killed by SIGABRT with glibc's "buffer overflow detected"
message, after the same stdout; the Interlock run must leave no finding in its report directory
(an aborted process may write no report at all). Exit status: 0 pass, 1 fail.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys

FLAGS = ["-O2", "-D_FORTIFY_SOURCE=2", "-pthread"]
GLIBC_MESSAGE = "*** buffer overflow detected ***: terminated"
TIMEOUT_SECONDS = 120


def build_and_run(compiler, program, work, name, environment):
    executable = os.path.join(work, name)
    build = subprocess.run([compiler, *FLAGS, program, "-o", executable], capture_output=True,
                           text=True, timeout=TIMEOUT_SECONDS * 2)
    if build.returncode != 0:
        return None, f"{name}: compilation failed:\n{build.stderr[-4000:]}"
    run = subprocess.run([executable], capture_output=True, text=True, env=environment,
                         cwd=work, timeout=TIMEOUT_SECONDS)
    return run, None


def check(options):
    program = os.path.abspath(options.program)
    work = os.path.abspath(options.work)
    shutil.rmtree(work, ignore_errors=True)
    report_dir = os.path.join(work, "reports")
    os.makedirs(report_dir)
    problems = []
    runs = {}
    environment = dict(os.environ)
    environment["INTERLOCK_OPTIONS"] = "report_dir=" + report_dir
    for name, compiler in (("interlock", options.cc), ("reference", options.reference_cc)):
        run, problem = build_and_run(compiler, program, work, name, environment)
        if problem:
            problems.append(problem)
            continue
        runs[name] = run
        if run.returncode != -signal.SIGABRT:
            problems.append(f"{name}: exit status {run.returncode}, expected SIGABRT")
        if GLIBC_MESSAGE not in run.stderr:
            problems.append(f"{name}: stderr lacks glibc's '{GLIBC_MESSAGE}'")
    if len(runs) == 2:
        if runs["interlock"].stdout != runs["reference"].stdout:
            problems.append("the two runs printed different stdout")
        if runs["interlock"].stderr.strip() != runs["reference"].stderr.strip():
            problems.append("the two runs printed different stderr")
    for name in sorted(os.listdir(report_dir)):
        try:
            with open(os.path.join(report_dir, name), encoding="utf-8") as report_file:
                findings = json.load(report_file).get("findings", [])
        except (OSError, ValueError) as error:
            problems.append(f"{name}: not valid JSON: {error}")
            continue
        for finding in findings:
            problems.append(f"{name}: unexpected finding: {finding.get('summary', '?')}")

    if not problems:
        print(f"PASS fortify abort {program}")
        return 0
    print(f"FAIL fortify abort {program}")
    for problem in problems:
        print(f"  * {problem}")
    for name, run in runs.items():
        print(f"--- {name} stdout:\n{run.stdout[-2000:]}\n--- {name} stderr:\n{run.stderr[-4000:]}")
    return 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("program")
    parser.add_argument("--cc", required=True)
    parser.add_argument("--reference-cc", required=True)
    parser.add_argument("--work", required=True)
    return check(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
