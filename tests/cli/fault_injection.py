#!/usr/bin/env python3
"""Fault injection: racy processes killed at random moments lose no finding they printed.

    fault_injection.py INTERLOCK INTERLOCK_CC PROGRAMS_DIR WORK_DIR

Builds programs/races_over_time.c, then runs it ITERATIONS times, each into a fresh report
directory, and kills it after a random delay with SIGKILL, SIGSEGV or SIGABRT (one of them, or
none when it ended first). The random choices come from a fixed seed, so a failure can be
replayed. Whatever the moment, every finding whose key reached stderr must be in what
`interlock report DIR --format json` reads back (from the JSON report or the journal the
process left), and the tool must read the directory without error. Timing decides only how
many findings each run gets to print; nothing here asserts on it. Exit status: 0 pass, 1 fail.
"""
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

SEED = 1111
ITERATIONS = 40
LONGEST_DELAY_SECONDS = 0.04
SIGNALS = (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT)
REPORTED_KEY = re.compile(r"^WARNING: Interlock: .*\(key ([0-9a-f]{16})\)", re.MULTILINE)


def main():
    interlock, interlock_cc, programs, work = sys.argv[1:5]
    shutil.rmtree(work, ignore_errors=True)  # no report of an earlier run may hide a loss
    os.makedirs(work)
    program = os.path.join(work, "races_over_time")
    subprocess.run([interlock_cc, "-O1", "-pthread", os.path.join(programs, "races_over_time.c"),
                    "-o", program], check=True)
    chooser = random.Random(SEED)
    failures = []
    printed_total = 0
    for iteration in range(ITERATIONS):
        delay = chooser.uniform(0, LONGEST_DELAY_SECONDS)
        kill_with = chooser.choice(SIGNALS)
        report_dir = os.path.join(work, f"run_{iteration}")
        stderr_path = os.path.join(work, f"run_{iteration}.err")
        environment = dict(os.environ, INTERLOCK_OPTIONS=f"report_dir={report_dir}")
        with open(stderr_path, "wb") as stderr:
            process = subprocess.Popen([program], stdout=subprocess.DEVNULL, stderr=stderr,
                                       env=environment)
            time.sleep(delay)
            if process.poll() is None:
                process.send_signal(kill_with)
            process.wait()
        with open(stderr_path, encoding="utf-8", errors="replace") as stderr:
            printed = set(REPORTED_KEY.findall(stderr.read()))
        printed_total += len(printed)
        if not printed and not os.path.isdir(report_dir):
            continue  # killed before its first finding: nothing was written, nothing to read
        read = subprocess.run([interlock, "report", report_dir, "--format", "json"],
                              capture_output=True, text=True)
        where = (f"iteration {iteration} (seed {SEED}: {kill_with.name} after {delay * 1000:.1f} "
                 f"ms, exit status {process.returncode})")
        if read.returncode not in (0, 1) or (printed and read.returncode != 1):
            failures.append(f"{where}: interlock report exited {read.returncode}: {read.stderr}")
            continue
        keys = {finding["key"] for finding in json.loads(read.stdout)["findings"]}
        lost = sorted(printed - keys)
        if lost:
            failures.append(f"{where}: printed on stderr but not in the report: {lost}")
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    print(f"{ITERATIONS} runs, {printed_total} findings printed, {len(failures)} lost or unreadable")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
