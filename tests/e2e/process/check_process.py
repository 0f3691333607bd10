#!/usr/bin/env python3
"""Process-life end-to-end check: what interlock_e2e_runner cannot express.

    check_process.py PROGRAM --cc INTERLOCK_CC --cxx INTERLOCK_CXX --work DIR

Builds PROGRAM with Interlock's wrapper (and, first, the shared library its '// LIBRARY:' line
names, with -shared -fPIC, whose path the program gets in $INTERLOCK_TEST_LIBRARY), runs it with
a fresh report directory and checks, from the program's own comment lines:

  // EXPECT: silent                      no finding in any process's report
  // EXPECT: [parent|child] data-race A B   a race whose two accesses have these lines; a line is
                                         N (in PROGRAM) or FILE:N (FILE a basename: the library);
                                         parent/child: in whose report (default: any)
  // EXPECT: [parent|child] data-race [:label]   the same, at the lines of PROGRAM marked
                                         '// RACE' (or '// RACE:label'), as the e2e runner reads
                                         them (tests/e2e/expectations.h)
  // PROCESSES: N                        N report files (default 1): the parent's and its
                                         forked children's, each valid, named by its pid and
                                         a token (interlock.<pid>.<16 hex digits>.json)
  // EXIT: N                             the program's exit status (default: 66 when the parent
                                         is expected to report something, else 0)
  // OPTIONS: key=value:...              runtime options, after report_dir in INTERLOCK_OPTIONS
  // FORBIDDEN-FRAMES: f g ...           functions that must appear in no stack of any finding
                                         (frames a longjmp or an exception left)
  // PRINTS: text                        text the program prints on stdout
  // THREADS: NAME NAME                  every race's two accesses were made by threads of these
                                         names (as the report's "threads" list names them)
  // LIBRARY: file.c                     next to PROGRAM

A race's line is the innermost frame of its stack in PROGRAM or the library. Every expected
finding must be found (in its process) and nothing else may be reported. Exit status: 0 pass,
1 fail, 2 bad usage or malformed expectations.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

RUN_TIMEOUT_SECONDS = 60
COMPILE_TIMEOUT_SECONDS = 300


class BadExpectations(Exception):
    pass


def race_markers(program):
    """(label, line) of each RACE marker in a trailing comment of a code line, as
    tests/e2e/expectations.cpp reads them (`// RACE`, `// RACE:label`, `RACE x2`)."""
    markers = []
    with open(program, encoding="utf-8") as source:
        for number, line in enumerate(source, 1):
            code, sep, comment = line.partition("//")
            if not sep or not code.strip():
                continue
            words = [w.rstrip(",;.") for w in comment.split()]
            for i, word in enumerate(words):
                tag, _, label = word.partition(":")
                if tag != "RACE":
                    continue
                count = 1
                if i + 1 < len(words) and re.fullmatch(r"x[1-9]\d*", words[i + 1]):
                    count = int(words[i + 1][1:])
                markers += [(label, number)] * count
    return markers


def parse_expectations(program):
    expected = {"silent": False, "races": [], "processes": 1, "exit": None, "forbidden": [],
                "prints": [], "library": None, "options": "", "threads": None}
    program_name = os.path.basename(program)
    with open(program, encoding="utf-8") as source:
        for number, line in enumerate(source, 1):
            match = re.match(r"\s*//\s*([A-Z-]+):\s*(.*?)\s*$", line)
            if not match:
                continue
            tag, value = match.groups()
            words = value.split()
            if tag == "EXPECT":
                if words == ["silent"]:
                    expected["silent"] = True
                    continue
                process = None
                if words and words[0] in ("parent", "child"):
                    process = words.pop(0)
                if words and words[0] == "data-race" and (
                        len(words) == 1 or (len(words) == 2 and words[1].startswith(":"))):
                    label = words[1][1:] if len(words) == 2 else ""
                    lines = [n for l, n in race_markers(program) if not label or l == label]
                    if len(lines) != 2:
                        raise BadExpectations(
                            f"line {number}: EXPECT: data-race{' :' + label if label else ''} "
                            f"needs two lines marked '// RACE{':' + label if label else ''}', "
                            f"found {len(lines)}")
                    words = ["data-race"] + [str(n) for n in lines]
                if len(words) != 3 or words[0] != "data-race":
                    raise BadExpectations(f"line {number}: EXPECT: [parent|child] data-race A B")
                sites = []
                for word in words[1:]:
                    file_name, _, line_number = word.rpartition(":")
                    if not line_number.isdigit() or int(line_number) <= 0:
                        raise BadExpectations(f"line {number}: bad line '{word}'")
                    sites.append(f"{file_name or program_name}:{int(line_number)}")
                expected["races"].append({"process": process, "sites": sorted(sites)})
            elif tag == "PROCESSES":
                expected["processes"] = int(value)
            elif tag == "EXIT":
                expected["exit"] = int(value)
            elif tag == "OPTIONS":
                expected["options"] = value
            elif tag == "FORBIDDEN-FRAMES":
                expected["forbidden"] = words
            elif tag == "PRINTS":
                expected["prints"].append(value)
            elif tag == "THREADS":
                if len(words) != 2:
                    raise BadExpectations(f"line {number}: THREADS: needs two thread names")
                expected["threads"] = sorted(words)
            elif tag == "LIBRARY":
                expected["library"] = os.path.join(os.path.dirname(program), value)
    if expected["silent"] == bool(expected["races"]):
        raise BadExpectations("needs either '// EXPECT: silent' or expected races, not both")
    if expected["exit"] is None:
        parent_reports = any(r["process"] in (None, "parent") for r in expected["races"])
        expected["exit"] = 66 if parent_reports else 0
    return expected


def compile_command(arguments, log):
    result = subprocess.run(arguments, capture_output=True, text=True,
                            timeout=COMPILE_TIMEOUT_SECONDS)
    if result.returncode != 0:
        log.append("compilation failed: " + " ".join(arguments) + "\n" + result.stderr[-4000:])
        return False
    return True


def function_name(frame):
    # "parse_level_1(int)" and "parse_level_1" name the same function.
    return (frame.get("function") or "").split("(")[0]


def site_of(stack, source_names):
    for frame in stack:
        file_name = os.path.basename(frame.get("file") or "")
        if file_name in source_names and (frame.get("line") or 0) > 0:
            return f"{file_name}:{frame['line']}"
    return None


def check(options):
    problems = []
    program = os.path.abspath(options.program)
    try:
        expected = parse_expectations(program)
    except (BadExpectations, ValueError) as error:
        print(f"{program}: {error}")
        return 2
    work = os.path.abspath(options.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    report_dir = os.path.join(work, "reports")
    os.makedirs(report_dir)
    compiler = options.cxx if program.endswith((".cpp", ".cc", ".cxx")) else options.cc
    source_names = {os.path.basename(program)}
    environment = dict(os.environ)
    environment["INTERLOCK_OPTIONS"] = "report_dir=" + report_dir
    if expected["options"]:
        environment["INTERLOCK_OPTIONS"] += ":" + expected["options"]
    if expected["library"]:
        library = os.path.join(work, "libprocess_test.so")
        source_names.add(os.path.basename(expected["library"]))
        if not compile_command([options.cc, "-O1", "-shared", "-fPIC", expected["library"],
                                "-o", library, "-pthread"], problems):
            return finish(program, problems, "", "")
        environment["INTERLOCK_TEST_LIBRARY"] = library
    executable = os.path.join(work, "program")
    if not compile_command([compiler, "-O1", program, "-o", executable, "-pthread", "-ldl"],
                           problems):
        return finish(program, problems, "", "")

    try:
        run = subprocess.Popen([executable], env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=work)
        stdout, stderr = run.communicate(timeout=RUN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        run.kill()
        stdout, stderr = run.communicate()
        problems.append(f"the program hung (killed after {RUN_TIMEOUT_SECONDS} s)")
        return finish(program, problems, stdout, stderr)
    if run.returncode != expected["exit"]:
        problems.append(f"exit status {run.returncode}, expected {expected['exit']}")
    for text in expected["prints"]:
        if text not in stdout:
            problems.append(f"stdout lacks '{text}'")

    # File-lock order records (check_file_locks.py checks them) are not reports.
    files = sorted(name for name in os.listdir(report_dir)
                   if not name.endswith((".file-locks", ".file-events")))
    # interlock.<pid>.<token>.json: the token tells apart processes of one pid (pid namespaces).
    report_name = re.compile(r"interlock\.(\d+)\.[0-9a-f]{16}\.json")
    pids = [int(m.group(1)) for m in map(report_name.fullmatch, files) if m]
    if len(files) != expected["processes"] or pids.count(run.pid) != 1:
        problems.append(f"expected {expected['processes']} report file(s), one the parent's "
                        f"interlock.{run.pid}.<token>.json; the directory holds: "
                        f"{' '.join(files) or 'nothing'}")
    observed = []  # (process, sorted sites, summary)
    for name in files:
        match = report_name.fullmatch(name)
        if not match:
            problems.append(f"unexpected file {name} in the report directory")
            continue
        process = "parent" if int(match.group(1)) == run.pid else "child"
        try:
            with open(os.path.join(report_dir, name), encoding="utf-8") as report_file:
                report = json.load(report_file)
        except (OSError, ValueError) as error:
            problems.append(f"{name}: not valid JSON: {error}")
            continue
        if report.get("schema_version") != 1:
            problems.append(f"{name}: schema_version is not 1")
        if report.get("process", {}).get("pid") != int(match.group(1)):
            problems.append(f"{name}: process.pid does not match the file name")
        for index, finding in enumerate(report.get("findings", [])):
            where = f"{name}: findings[{index}]"
            stacks = []
            if finding.get("kind") == "data-race":
                accesses = finding.get("accesses", [])
                stacks = [access.get("stack", []) for access in accesses]
                names = {thread.get("id"): thread.get("name")
                         for thread in finding.get("threads", [])}
                threads = sorted(str(names.get(access.get("thread"))) for access in accesses)
                if expected["threads"] is not None and threads != expected["threads"]:
                    problems.append(f"{where}: made by threads {' and '.join(threads)}, "
                                    f"expected {' and '.join(expected['threads'])}")
                sites = sorted(site_of(stack, source_names) or "?" for stack in stacks)
                observed.append((process, sites, finding.get("summary", "")))
            else:
                observed.append((process, [finding.get("kind", "?")], finding.get("summary", "")))
            for stack in stacks:
                for frame in stack:
                    if function_name(frame) in expected["forbidden"]:
                        problems.append(f"{where}: stack holds the abandoned frame "
                                        f"{frame.get('function')} "
                                        f"({os.path.basename(frame.get('file') or '?')}:"
                                        f"{frame.get('line')}): "
                                        + " <- ".join(function_name(f) for f in stack))
    for race in expected["races"]:
        if not any(sites == race["sites"] and race["process"] in (None, process)
                   for process, sites, _ in observed):
            problems.append(f"missing: {race['process'] or 'any process'}: data-race "
                            + " ".join(race["sites"]))
    for process, sites, summary in observed:
        if not any(sites == race["sites"] and race["process"] in (None, process)
                   for race in expected["races"]):
            problems.append(f"unexpected in the {process}'s report: {' '.join(sites)}: {summary}")
    return finish(program, problems, stdout, stderr)


def finish(program, problems, stdout, stderr):
    if not problems:
        print(f"PASS process {program}")
        return 0
    print(f"FAIL process {program}")
    for problem in problems:
        print(f"  * {problem}")
    print("--- program stdout:\n" + stdout[-3000:])
    print("--- program stderr:\n" + stderr[-6000:])
    return 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("program")
    parser.add_argument("--cc", required=True)
    parser.add_argument("--cxx", required=True)
    parser.add_argument("--work", required=True)
    return check(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
