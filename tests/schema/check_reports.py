"""Validates Interlock's report files against schemas/interlock-report.schema.json, in its strict
form (schema_support.strict: the writer writes no member the schema does not name).

usage: check_reports.py SCHEMA [--interlock TOOL] [--require-kinds K,...] [--min-files N] PATH...

Each PATH is a file or a directory searched recursively for interlock.*.json (a report: the whole
schema), interlock.*.jsonl (a journal: a header line, then one finding per whole line) and
interlock.*.file-locks (file-lock order records, one per line) and interlock.*.file-events
(file-event records: a header line, then one event or stack per line). With --interlock, `TOOL report
--format json PATH` (the tool's merged output) is validated too, for each PATH. --require-kinds
fails unless findings of each kind were seen, --min-files unless that many files were read, so
that a run over an empty corpus cannot pass. Exit 0 when everything is valid, 1 otherwise."""
import argparse
import collections
import json
import os
import subprocess
import sys

import schema_support


def report_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for directory, _, names in sorted(os.walk(path)):
            for name in sorted(names):
                if name.startswith("interlock.") and name.endswith((".json", ".jsonl", ".file-locks",
                                                                  ".file-events")):
                    yield os.path.join(directory, name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("schema")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--interlock")
    parser.add_argument("--require-kinds", default="")
    parser.add_argument("--min-files", type=int, default=1)
    args = parser.parse_args()

    schema = schema_support.strict(schema_support.load(args.schema))
    validators = {name: schema_support.validator(schema, name)
                  for name in ("journal_header", "finding", "file_lock_order",
                                "file_events_header", "file_event")}
    validators["report"] = schema_support.validator(schema)
    failures = []
    kinds = collections.Counter()
    files = 0

    def check(where, definition, document):
        for problem in schema_support.problems(validators[definition], document):
            failures.append("%s: %s" % (where, problem))
        if definition == "report":
            kinds.update(f.get("kind") for f in document.get("findings", []) if isinstance(f, dict))
        elif definition == "finding" and isinstance(document, dict):
            kinds[document.get("kind")] += 1

    for path in report_files(args.paths):
        files += 1
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if path.endswith(".json"):
            check(path, "report", json.loads(text))
            continue
        # Journals and records: only whole lines count (a process may die writing one).
        lines = text.split("\n")[:-1]
        for number, line in enumerate(lines, 1):
            if path.endswith(".file-locks"):
                definition = "file_lock_order"
            elif path.endswith(".file-events"):
                definition = "file_events_header" if number == 1 else "file_event"
            else:
                definition = "journal_header" if number == 1 else "finding"
            check("%s:%d" % (path, number), definition, json.loads(line))

    if args.interlock:
        for path in args.paths:
            run = subprocess.run([args.interlock, "report", "--format", "json", path],
                                 capture_output=True, text=True)
            if run.returncode not in (0, 1):
                failures.append("%s report --format json %s: exit %d: %s" %
                                (args.interlock, path, run.returncode, run.stderr.strip()))
                continue
            check("merged output of " + path, "report", json.loads(run.stdout))

    missing = [k for k in args.require_kinds.split(",") if k and kinds[k] == 0]
    if missing:
        failures.append("no finding of kind %s in the corpus" % ", ".join(missing))
    if files < args.min_files:
        failures.append("only %d report files found (at least %d expected): did the tests that "
                        "write them run?" % (files, args.min_files))
    for failure in failures:
        print(failure)
    print("%d files, findings by kind: %s; %s" % (
        files, dict(sorted((k, v) for k, v in kinds.items() if k)),
        "%d problems" % len(failures) if failures else "all valid"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
