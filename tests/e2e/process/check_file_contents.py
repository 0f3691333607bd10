#!/usr/bin/env python3
"""Races on file contents between processes, end to end.

    check_file_contents.py SCENARIO --cc INTERLOCK_CC --interlock INTERLOCK --work DIR

Builds file_locks/file_contents_processes.c with Interlock's wrapper (-O1; a SCENARIO ending in
_O2 at -O2) and runs one scenario: processes (forked, or started separately with one shared
report directory) bumping a number kept in a file with pread and pwrite, with or without a file
lock, or handing the file over through fork and wait. Checks each process's exit status and
what `interlock report DIR --format json` makes of the whole directory: data races on the file's
contents whose two sides are in different processes (pids, command lines, the RACE lines, the
calls, the byte range, the file's path), and silence where a file lock, the fork, a wait, or
disjoint bytes order the accesses. Exit status: 0 pass, 1 fail, 2 bad usage.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

import check_file_locks as common

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM = os.path.join(HERE, "file_locks", "file_contents_processes.c")
RACE_LINES = common.marked_lines(PROGRAM, "// RACE")


def program_lines(stack):
    return [frame.get("line") for frame in stack
            if os.path.basename(frame.get("file") or "") == os.path.basename(PROGRAM)]


def check_races(findings, check, path, processes, unlocked=None):
    """Every finding is a race between processes on `path`; together they name `processes`
    processes (at least, with `unlocked`: the one process that took no lock, on every race; the
    others, which all took it, do not race with each other)."""
    races = [f for f in findings if f["kind"] == "data-race"]
    check.expect(races and len(races) == len(findings),
                 f"expected only data races, got {[f['summary'] for f in findings]}")
    pids = set()
    for race in races:
        memory = race["memory"]
        check.expect(memory.get("kind") == "file" and memory.get("path") == path and
                     memory.get("offset") == 0, f"race not on {path} byte 0: {memory}")
        check.expect("between processes" in race["summary"] and f"file '{path}'" in race["summary"],
                     f"summary does not say it: {race['summary']}")
        sides = race["accesses"]
        side_pids = [side.get("process", {}).get("pid") for side in sides]
        check.expect(None not in side_pids and side_pids[0] != side_pids[1],
                     f"the two sides are not in two processes: {side_pids}")
        pids.update(side_pids)
        if unlocked is not None:
            check.expect(unlocked(race), f"a race without the unlocked process: {race['summary']}")
        for side in sides:
            lines = program_lines(side["stack"])
            check.expect(lines[:1] and lines[0] in RACE_LINES,
                         f"access at {lines}, expected one of {sorted(RACE_LINES)}")
            check.expect(side.get("call") == ("pwrite" if side["type"] == "write" else "pread"),
                         f"call {side.get('call')} for a {side['type']}")
            check.expect(side.get("offset") == 0 and side.get("size") == 8,
                         f"bytes {side.get('offset')}+{side.get('size')}, expected 0+8")
            check.expect("file_contents_processes" in side.get("process", {}).get("command", ""),
                         f"no command line: {side.get('process')}")
    check.expect(any(r["accesses"][0]["type"] == "write" and r["accesses"][1]["type"] == "write"
                     for r in races), "the two writes are not reported against each other")
    check.expect(len(pids) == processes if unlocked is None else len(pids) >= processes,
                 f"expected races among {processes} processes, got {pids}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario")
    parser.add_argument("--cc", required=True)
    parser.add_argument("--interlock", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    scenario = args.scenario
    level = "-O2" if scenario.endswith("_O2") else "-O1"
    if scenario.endswith("_O2"):
        scenario = scenario[:-3]
    binary = os.path.join(args.work, "file_contents_processes")
    build = subprocess.run([args.cc, level, PROGRAM, "-o", binary], capture_output=True, text=True)
    if build.returncode != 0:
        print(f"FAIL build: {build.stderr}")
        return 1
    report_dir = os.path.join(args.work, "reports")
    markers = os.path.join(args.work, "markers")
    os.makedirs(markers)
    path = os.path.join(args.work, "seq")
    env = dict(os.environ)
    env["INTERLOCK_OPTIONS"] = f"report_dir={report_dir}"
    check = common.Check()

    def merged():
        return common.merged_report(args.interlock, report_dir, check)

    def silent():
        findings = merged()
        check.expect(findings == [], f"expected silence, got {[f['summary'] for f in findings]}")
        check.expect(any(name.endswith(".file-events") for name in os.listdir(report_dir)),
                     "no file-event record was written")

    def together(lock, count, first_lock=None):
        """`count` processes started separately, each waiting for the others before it bumps
        (the first under `first_lock` if given)."""
        names = [os.path.join(markers, str(i)) for i in range(count)]
        locks = [first_lock or lock] + [lock] * (count - 1)
        processes = [common.run([binary, "bump", path, locks[i], "20", names[i]] +
                                [n for n in names if n != names[i]], env, check, wait=False)
                     for i in range(count)]
        for process in processes:
            _, err = process.communicate(timeout=common.RUN_TIMEOUT_SECONDS)
            check.expect(process.returncode == 0, f"exit {process.returncode}: {err}")
        return [process.pid for process in processes]


    common.run([binary, "init", path], env, check)
    if scenario == "fork_two":
        common.run([binary, "fork", path, "none", "20", "1"], env, check)
        check_races(merged(), check, path, 2)
    elif scenario == "fork_three":
        # Two children bump under flock, the parent without: it races with them, they do not
        # with each other.
        parent = common.run([binary, "fork", path, "mixed", "20", "2"], env, check).pid
        check_races(merged(), check, path, 2,
                    unlocked=lambda race: parent in [s["process"]["pid"] for s in race["accesses"]])
    elif scenario == "separate_two":
        together("none", 2)
        check_races(merged(), check, path, 2)
    elif scenario == "separate_three":
        first = together("flock", 3, first_lock="none")[0]
        check_races(merged(), check, path, 2,
                    unlocked=lambda race: first in [s["process"]["pid"] for s in race["accesses"]])
    elif scenario == "interlock_run":
        # `interlock run` reads back what its command's processes wrote, file events included.
        bump = f"{binary} bump {path} none 20"
        command = (f"{bump} {markers}/a {markers}/b & {bump} {markers}/b {markers}/a; wait")
        outcome = subprocess.run([args.interlock, "run", "--format", "json", "--", "sh", "-c",
                                  command], capture_output=True, text=True,
                                 timeout=common.RUN_TIMEOUT_SECONDS)
        check.expect(outcome.returncode == 1, f"interlock run exit {outcome.returncode}, expected 1 "
                     f"(new findings): {outcome.stderr}")
        try:
            check_races(json.loads(outcome.stdout)["findings"], check, path, 2)
        except (ValueError, KeyError) as error:
            check.problems.append(f"interlock run printed no report: {error}")
    elif scenario == "fork_truncated":
        # Each process bumps 9,000 times: 18,000 events, past the bound of 16,384. Each says so,
        # its record ends with `truncated`, the races before are still found, and the join says
        # what it could not compare.
        outcome = common.run([binary, "fork", path, "none", "9000", "1"], env, check)
        check_races(merged(), check, path, 2)
        check.expect("more than 16384 file events" in outcome.stderr_text,
                     f"no line says the record was cut short: {outcome.stderr_text[:500]}")
        run = subprocess.run([args.interlock, "report", report_dir], capture_output=True,
                             text=True, timeout=common.RUN_TIMEOUT_SECONDS)
        check.expect(run.stderr.count("was cut short at its bound") == 2,
                     f"interlock report does not say both records were cut short: {run.stderr}")
    elif scenario.startswith("fork_locked_"):
        # Three processes, each bump under the lock: the holds order every access.
        common.run([binary, "fork", path, scenario[len("fork_locked_"):], "20", "2"], env, check)
        silent()
    elif scenario.startswith("separate_locked_"):
        together(scenario[len("separate_locked_"):], 2)
        silent()
    elif scenario == "separate_sequential_silent":
        # One program after the other (as a shell runs them): the second began after the first
        # exited.
        common.run([binary, "bump", path, "none", "20"], env, check)
        common.run([binary, "bump", path, "none", "20"], env, check)
        silent()
    elif scenario in ("fork_disjoint_silent", "fork_readers_silent", "fork_handoff_silent",
                      "fork_wait_silent"):
        mode = scenario[:-len("_silent")].replace("_", "-")
        common.run([binary, mode, path] + (["20"] if mode == "fork-disjoint" else []), env, check)
        silent()
    else:
        print(f"unknown scenario {args.scenario}")
        return 2

    return common.verdict(check, args.scenario)


if __name__ == "__main__":
    sys.exit(main())
