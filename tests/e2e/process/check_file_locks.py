#!/usr/bin/env python3
"""File locks between processes, end to end.

    check_file_locks.py SCENARIO --cc INTERLOCK_CC --interlock INTERLOCK --work DIR

Builds file_locks/file_lock_orders.c with Interlock's wrapper and runs one scenario: processes
(forked, or started separately with one shared report directory) that take file locks in orders
that cross, or that really deadlock. Checks each process's exit status, its own report, and what
`interlock report DIR --format json` makes of the whole directory: lock-order cycles whose edges
come from different processes (their pids and lock lines), deadlocks between processes (the
holder found in /proc/locks, the cycle back to the reporting process), and silence where the
orders agree or a gate lock guards them; and the log sample's race between its two processes on
a sequence file's contents (joined from their file-event records).
Exit status: 0 pass, 1 fail, 2 bad usage.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM = os.path.join(HERE, "file_locks", "file_lock_orders.c")
SAMPLES = os.path.join(HERE, "..", "..", "..", "samples")
RUN_TIMEOUT_SECONDS = 60


def marked_lines(path, text):
    with open(path, encoding="utf-8") as source:
        return {n for n, line in enumerate(source, 1) if text in line}


LOCK_LINES = marked_lines(PROGRAM, "// LOCK")
HANG_LINES = marked_lines(PROGRAM, "// HANG")


class Check:
    def __init__(self):
        self.problems = []

    def expect(self, condition, message):
        if not condition:
            self.problems.append(message)
        return condition


def verdict(check, scenario):
    """Prints PASS or FAIL (with the problems) for the scenario; returns the exit status."""
    if check.problems:
        print(f"FAIL {scenario}")
        for problem in check.problems:
            print(f"  * {problem}")
        return 1
    print(f"PASS {scenario}")
    return 0


def program_lines(stack):
    return [frame.get("line") for frame in stack
            if os.path.basename(frame.get("file") or "") == os.path.basename(PROGRAM)]


def use_program(path, lock_text, hang_text):
    """Checks the lines of another program (a sample): its lock calls and where it hangs."""
    global PROGRAM, LOCK_LINES, HANG_LINES
    PROGRAM = path
    LOCK_LINES = marked_lines(path, lock_text)
    HANG_LINES = marked_lines(path, hang_text)


def merged_report(interlock, report_dir, check):
    run = subprocess.run([interlock, "report", report_dir, "--format", "json"],
                         capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS)
    check.expect(run.returncode in (0, 1), f"interlock report exit {run.returncode}: {run.stderr}")
    try:
        return json.loads(run.stdout)["findings"]
    except (ValueError, KeyError) as error:
        check.problems.append(f"interlock report output is not a report: {error}")
        return []


def own_reports(report_dir):
    reports = {}
    for path in glob.glob(os.path.join(report_dir, "interlock.*.json")):
        with open(path, encoding="utf-8") as report:
            document = json.load(report)
        reports[document["process"]["pid"]] = document
    return reports


def check_cycle(findings, check, processes, locks):
    cycles = [f for f in findings if f["kind"] == "lock-order-cycle"]
    if not check.expect(len(cycles) == 1, f"expected one lock-order cycle, got {len(cycles)}: "
                        f"{[f['summary'] for f in findings]}"):
        return
    cycle = cycles[0]
    pids = {edge.get("pid") for edge in cycle["edges"]}
    check.expect(len(cycle["edges"]) == locks, f"expected {locks} edges: {cycle['summary']}")
    check.expect(None not in pids and len(pids) == processes,
                 f"expected edges from {processes} processes, got pids {pids}")
    for edge in cycle["edges"]:
        check.expect(os.path.basename(PROGRAM)[:-2] in edge.get("command", ""),
                     f"edge without the process's command line: {edge.get('command')}")
        check.expect(set(program_lines(edge["requested_at"])[:1]) <= LOCK_LINES and
                     program_lines(edge["requested_at"]),
                     f"edge requested at {program_lines(edge['requested_at'])}, "
                     f"expected one of {sorted(LOCK_LINES)}")
        check.expect(program_lines(edge["held_at"])[:1] and
                     program_lines(edge["held_at"])[0] in LOCK_LINES,
                     f"edge held at {program_lines(edge['held_at'])}")
    for lock in cycle["locks"]:
        check.expect(lock.get("file_lock") is True and "/" in lock.get("name", ""),
                     f"lock not named as a file lock by path: {lock}")


def check_process_deadlock(report, check, other_pids):
    deadlocks = [f for f in report["findings"] if f["kind"] == "deadlock"]
    if not check.expect(len(deadlocks) == 1,
                        f"process {report['process']['pid']}: expected one deadlock, got "
                        f"{[f['summary'] for f in report['findings']]}"):
        return
    blocked = deadlocks[0]["blocked"][0]
    check.expect(blocked["what"] == "file-lock", f"blocked in {blocked['what']}")
    check.expect(set(program_lines(blocked["stack"])) & HANG_LINES,
                 f"blocked at {program_lines(blocked['stack'])}, expected {sorted(HANG_LINES)}")
    holders = blocked.get("holder_processes", [])
    check.expect(holders and holders[0]["pid"] in other_pids,
                 f"holder {holders} is not one of {other_pids}")
    check.expect(blocked.get("process_cycle") is True, "the cycle back to this process is missing")
    check.expect("between processes" in deadlocks[0]["summary"],
                 f"summary does not say it: {deadlocks[0]['summary']}")


def run(argv, env, check, expect_exit=0, wait=True):
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    if not wait:
        return process
    out, err = process.communicate(timeout=RUN_TIMEOUT_SECONDS)
    process.stderr_text = err
    check.expect(process.returncode == expect_exit,
                 f"{' '.join(argv[1:2])}: exit {process.returncode}, expected {expect_exit}\n{err}")
    return process


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario")
    parser.add_argument("--cc", required=True)
    parser.add_argument("--interlock", required=True)
    parser.add_argument("--work", required=True)
    args = parser.parse_args()

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    if args.scenario == "sample_deadlock":
        use_program(os.path.join(SAMPLES, "file_lock_deadlock_processes.c"), "flock(", "blocks forever")
    elif args.scenario == "sample_ordered":
        use_program(os.path.join(SAMPLES, "file_lock_ordered_processes.c"), "flock(", "flock(")
    elif args.scenario == "sample_log_racy":
        use_program(os.path.join(SAMPLES, "file_lock_log_append_racy.c"), "// RACE", "// RACE")
    elif args.scenario == "sample_log_flock":
        use_program(os.path.join(SAMPLES, "file_lock_log_append_flock.c"), "flock(", "flock(")
    binary = os.path.join(args.work, os.path.basename(PROGRAM)[:-2])
    build = subprocess.run([args.cc, "-O1", PROGRAM, "-o", binary], capture_output=True, text=True)
    if build.returncode != 0:
        print(f"FAIL build: {build.stderr}")
        return 1
    report_dir = os.path.join(args.work, "reports")
    locks_dir = os.path.join(args.work, "locks")
    os.makedirs(locks_dir)
    env = dict(os.environ)
    env["INTERLOCK_OPTIONS"] = f"report_dir={report_dir}:deadlock_timeout_ms=500"
    check = Check()
    scenario = args.scenario

    if scenario == "fork_two":
        run([binary, "fork2", locks_dir], env, check)
        check_cycle(merged_report(args.interlock, report_dir, check), check, 2, 2)
    elif scenario == "fork_three":
        run([binary, "fork3", locks_dir], env, check)
        check_cycle(merged_report(args.interlock, report_dir, check), check, 3, 3)
    elif scenario.startswith("separate_two_"):
        family = scenario[len("separate_two_"):]
        run([binary, "take", family, "a", "b", locks_dir], env, check)
        run([binary, "take", family, "b", "a", locks_dir], env, check)
        check_cycle(merged_report(args.interlock, report_dir, check), check, 2, 2)
    elif scenario == "interlock_run":
        # `interlock run` reads back what its command's processes wrote, order records included.
        command = (f"{binary} take flock a b {locks_dir} && {binary} take flock b a {locks_dir}")
        outcome = subprocess.run([args.interlock, "run", "--format", "json", "--", "sh", "-c",
                                  command], capture_output=True, text=True,
                                 timeout=RUN_TIMEOUT_SECONDS)
        check.expect(outcome.returncode == 1, f"interlock run exit {outcome.returncode}, expected 1 "
                     f"(new findings): {outcome.stderr}")
        try:
            check_cycle(json.loads(outcome.stdout)["findings"], check, 2, 2)
        except (ValueError, KeyError) as error:
            check.problems.append(f"interlock run printed no report: {error}")
    elif scenario == "separate_three":
        for first, second in (("a", "b"), ("b", "c"), ("c", "a")):
            run([binary, "take", "flock", first, second, locks_dir], env, check)
        check_cycle(merged_report(args.interlock, report_dir, check), check, 3, 3)
    elif scenario == "separate_families_silent":
        # flock and fcntl locks of the same files never conflict: no cycle between them.
        run([binary, "take", "flock", "a", "b", locks_dir], env, check)
        run([binary, "take", "fcntl", "b", "a", locks_dir], env, check)
        findings = merged_report(args.interlock, report_dir, check)
        check.expect(findings == [], f"expected silence, got {[f['summary'] for f in findings]}")
    elif scenario == "separate_shared_silent":
        # Shared locks taken in opposite orders cannot deadlock: the orders are recorded as shared
        # requests, and the join finds no cycle.
        run([binary, "take", "flock-shared", "a", "b", locks_dir], env, check)
        run([binary, "take", "flock-shared", "b", "a", locks_dir], env, check)
        records = glob.glob(os.path.join(report_dir, "*.file-locks"))
        check.expect(len(records) == 2, f"expected 2 order records, got {len(records)}")
        for record in records:
            with open(record, encoding="utf-8") as lines:
                for line in lines:
                    order = json.loads(line)
                    check.expect(order["requested"].get("mode") == "read",
                                 f"a shared request recorded as {order['requested']}")
        findings = merged_report(args.interlock, report_dir, check)
        check.expect(findings == [], f"expected silence, got {[f['summary'] for f in findings]}")
    elif scenario in ("fork_ordered_silent", "fork_gate_silent", "fork_fcntl_not_inherited_silent"):
        mode = {"fork_ordered_silent": "fork-ordered", "fork_gate_silent": "fork-gate",
                "fork_fcntl_not_inherited_silent": "fork-fcntl"}[scenario]
        run([binary, mode, locks_dir], env, check)
        findings = merged_report(args.interlock, report_dir, check)
        check.expect(findings == [], f"expected silence, got {[f['summary'] for f in findings]}")
        check.expect(len(glob.glob(os.path.join(report_dir, "*.file-locks"))) >= 1,
                     "no file-lock order record was written")
    elif scenario == "hang_fork":
        run([binary, "hang-fork", locks_dir], env, check, expect_exit=67)
        # The parent's exit does not wait for the child: give it the time to report too.
        deadline = time.time() + 20
        while time.time() < deadline and len(own_reports(report_dir)) < 2:
            time.sleep(0.1)
        reports = own_reports(report_dir)
        check.expect(len(reports) == 2, f"expected 2 reports, got {len(reports)}")
        for pid, report in reports.items():
            check_process_deadlock(report, check, set(reports) - {pid})
        findings = merged_report(args.interlock, report_dir, check)
        check_cycle(findings, check, 2, 2)
        check.expect(sum(f["kind"] == "deadlock" for f in findings) == 1,
                     "the merged report does not hold the deadlock once")
    elif scenario == "sample_deadlock":
        run([binary], env, check, expect_exit=67)
        deadline = time.time() + 20
        while time.time() < deadline and len(own_reports(report_dir)) < 2:
            time.sleep(0.1)
        reports = own_reports(report_dir)
        check.expect(len(reports) == 2, f"expected 2 reports, got {len(reports)}")
        for pid, report in reports.items():
            check_process_deadlock(report, check, set(reports) - {pid})
        check_cycle(merged_report(args.interlock, report_dir, check), check, 2, 2)
    elif scenario == "sample_ordered":
        run([binary], env, check)
        findings = merged_report(args.interlock, report_dir, check)
        check.expect(findings == [], f"expected silence, got {[f['summary'] for f in findings]}")
    elif scenario == "sample_log_racy":
        # Two processes bump the sequence file: neither one's own report has a finding (each
        # exits 0), and `interlock report` joins their file events into races between them on
        # the file's contents, named by its path, at the sample's pread/pwrite lines; the
        # O_APPEND appends to the log are not reported, nor the parent's read after waitpid.
        parent = run([binary], env, check).pid
        reports = own_reports(report_dir)
        check.expect(len(reports) == 2, f"expected 2 reports, got {len(reports)}")
        for report in reports.values():
            check.expect(report["findings"] == [],
                         f"a process reported {[f['summary'] for f in report['findings']]}")
        races = merged_report(args.interlock, report_dir, check)
        check.expect(len(races) == 2 and all(f["kind"] == "data-race" for f in races),
                     f"expected 2 data races, got {[f['summary'] for f in races]}")
        for race in races:
            memory = race["memory"]
            check.expect(memory.get("kind") == "file" and
                         memory.get("path") == f"/tmp/interlock-sample-seq-{parent}" and
                         memory.get("offset") == 0,
                         f"race not on the sequence file's first byte: {memory}")
            pids = {side.get("process", {}).get("pid") for side in race["accesses"]}
            check.expect(len(pids) == 2 and parent in pids and set(reports) >= pids,
                         f"the sides are not the two processes: {pids}")
            for access in race["accesses"]:
                lines = program_lines(access["stack"])
                check.expect(lines[:1] and lines[0] in LOCK_LINES,
                             f"access at {lines}, expected one of {sorted(LOCK_LINES)}")
            check.expect(f"between processes on file '/tmp/interlock-sample-seq-{parent}' at byte 0"
                         in race["summary"], f"summary does not name the file: {race['summary']}")
    elif scenario == "sample_log_flock":
        run([binary], env, check)
        findings = merged_report(args.interlock, report_dir, check)
        check.expect(findings == [], f"expected silence, got {[f['summary'] for f in findings]}")
        check.expect(len(glob.glob(os.path.join(report_dir, "*.file-events"))) == 2,
                     "the two processes did not both record their file events")
    elif scenario in ("hang_separate", "hang_three_separate"):
        # Each takes its first lock, says so with a marker file, waits for the next one's marker,
        # then requests the next one's lock: a cycle of two or three processes.
        names = ["a", "b"] if scenario == "hang_separate" else ["a", "b", "c"]
        processes = []
        for i, name in enumerate(names):
            following = names[(i + 1) % len(names)]
            processes.append(run([binary, "hang", name, following, "held-" + name,
                                  "held-" + following, locks_dir], env, check, wait=False))
        for process in processes:
            process.communicate(timeout=RUN_TIMEOUT_SECONDS)
            check.expect(process.returncode == 67, f"exit {process.returncode}, expected 67")
        reports = own_reports(report_dir)
        check.expect(len(reports) == len(names), f"expected {len(names)} reports, got {len(reports)}")
        for pid, report in reports.items():
            check_process_deadlock(report, check, set(reports) - {pid})
            if len(names) == 3:
                holders = [f for f in report["findings"] if f["kind"] == "deadlock"][0]["blocked"][0].get("holder_processes", [])
                check.expect(len(holders) == 2, f"expected a chain of 2 holders, got {holders}")
        check_cycle(merged_report(args.interlock, report_dir, check), check, len(names), len(names))
    else:
        print(f"unknown scenario {scenario}")
        return 2

    return verdict(check, scenario)


if __name__ == "__main__":
    sys.exit(main())
