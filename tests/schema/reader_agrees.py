"""The reader against the schema: every report the schema rejects, `interlock report` rejects as
bad input (exit status 2, one line naming the file), and a report the schema accepts without an
optional member, the reader accepts too.

usage: reader_agrees.py SCHEMA INTERLOCK WORKDIR REPORT...

Each REPORT (valid against the schema) is mutated one place at a time: each member of each
finding and of the report deleted, and each value replaced by values of other types and out of
range. A mutation is tried once per kind of place (a frame's file, wherever the frame is). A journal made of each report (header line, one finding per line) gets the same treatment
for its header. The schema cannot say what spans members (edges that chain, a suggested order that
lists every lock once, a deadlock cycle whose threads wait for each other): the reader checks
those too, so a mutation the schema accepts is only required to read back when it deletes an
optional member."""
import copy
import json
import os
import shutil
import subprocess
import sys

import schema_support

U32_PAST = 2 ** 32


def replacements(value):
    """Values of another type, or out of range, for `value`."""
    if isinstance(value, bool):
        return [("a string", "x")]
    if isinstance(value, (int, float)):
        return [("a string", "7"), ("-2", -2), ("1.5", 1.5), ("2^32", U32_PAST)]
    if isinstance(value, str):
        return [("a number", 7), ("null", None), ("another string", "no such " + value[:20])]
    if value is None:
        return [("a number", 7), ("an object", {})]
    if isinstance(value, list):
        return [("an object", {})]
    return [("an array", [])]


def places(node, path=()):
    """(path, value) for every member and element below `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path + (key,), value
            yield from places(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield path + (index,), value
            yield from places(value, path + (index,))


def mutated(document, path, action, replacement=None):
    out = copy.deepcopy(document)
    parent = out
    for step in path[:-1]:
        parent = parent[step]
    if action == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return out


def shape(document, path):
    """What the place is, for trying each mutation once per kind of place: the member's name (or
    [] for an element) with the names of its object's members (a frame is a frame wherever it
    is; a finding's own members are told apart by its kind's)."""
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    siblings = ",".join(sorted(parent)) if isinstance(parent, dict) else "[]"
    name = "[]" if isinstance(path[-1], int) else path[-1]
    return "{%s}.%s" % (siblings, name)


def where(path):
    return "".join("[%d]" % p if isinstance(p, int) else "." + p for p in path)


def main():
    schema_path, interlock, work = sys.argv[1:4]
    reports = sys.argv[4:]
    schema = schema_support.load(schema_path)
    report_validator = schema_support.validator(schema)
    header_validator = schema_support.validator(schema, "journal_header")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failures = []
    counts = {"rejected by both": 0, "accepted by both": 0}

    def read_back(name, text):
        path = os.path.join(work, name)
        with open(path, "w") as f:
            f.write(text)
        run = subprocess.run([interlock, "report", "--format", "json", path],
                             capture_output=True, text=True)
        os.remove(path)
        return path, run

    def expect(name, text, rejected, what):
        path, run = read_back(name, text)
        lines = run.stderr.splitlines()
        if rejected:
            if run.returncode != 2 or len(lines) != 1 or not lines[0].startswith("interlock: " + path):
                failures.append("%s: the schema rejects it, but interlock exited %d with %r" %
                                (what, run.returncode, run.stderr.strip()))
            else:
                counts["rejected by both"] += 1
        else:
            if run.returncode not in (0, 1):
                failures.append("%s: the schema accepts it, but interlock exited %d with %r" %
                                (what, run.returncode, run.stderr.strip()))
            else:
                counts["accepted by both"] += 1

    for report in reports:
        with open(report) as f:
            original = json.load(f)
        problems = schema_support.problems(report_validator, original)
        if problems:
            failures.append("%s is not valid against the schema: %s" % (report, problems[0]))
            continue
        tried = set()
        for path, value in list(places(original)):
            for action, replacement in [("delete", None)] + [("replace", r) for r in replacements(value)]:
                label = action if action == "delete" else "replace with " + replacement[0]
                key = (shape(original, path), label)
                if key in tried or (action == "delete" and isinstance(path[-1], int)):
                    continue
                tried.add(key)
                document = mutated(original, path, action, replacement and replacement[1])
                rejected = bool(schema_support.problems(report_validator, document))
                if not rejected and action != "delete":
                    continue  # spans members the schema cannot see: see the docstring
                # Only the finding mutated is read back (the others would only slow it down).
                if len(path) > 2 and path[0] == "findings":
                    document["findings"] = [document["findings"][path[1]]]
                what = "%s: %s %s" % (os.path.basename(report), label, where(path))
                expect("interlock.1.json", json.dumps(document), rejected, what)

        # The journal of the same findings: its header line mutated.
        header = {"interlock_journal": 1, "schema_version": 1,
                  "tool": original.get("tool", {"name": "interlock", "version": "0"}),
                  "process": original.get("process", {"pid": 1, "command": "./p"})}
        findings = "".join(json.dumps(f) + "\n" for f in original["findings"])
        expect("interlock.1.jsonl", json.dumps(header) + "\n" + findings, False,
               os.path.basename(report) + " as a journal")
        for path, value in list(places(header)):
            for action, replacement in [("delete", None)] + [("replace", r) for r in replacements(value)]:
                document = mutated(header, path, action, replacement and replacement[1])
                rejected = bool(schema_support.problems(header_validator, document))
                if not rejected and action != "delete":
                    continue
                label = action if action == "delete" else "replace with " + replacement[0]
                what = "journal header of %s: %s %s" % (os.path.basename(report), label,
                                                       ".".join(map(str, path)))
                expect("interlock.1.jsonl", json.dumps(document) + "\n" + findings, rejected, what)

    for failure in failures:
        print(failure)
    print("%s; %d disagreements" % (", ".join("%d %s" % (v, k) for k, v in counts.items()),
                                     len(failures)))
    if counts["rejected by both"] == 0:
        print("no mutation was tried")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
