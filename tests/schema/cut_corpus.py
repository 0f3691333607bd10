"""Cuts tests/schema/data/interlock.1.json from the reports real runs wrote: the fewest findings
that between them have every member and every enum value any finding of the runs has (each kind
of memory, of misuse and of wait, file locks, vtable pointers, a cycle joined across processes by
`interlock report`...). Run it after the e2e tests when the runtime starts writing something new.

usage: cut_corpus.py INTERLOCK OUT DIR..."""
import json
import os
import subprocess
import sys


def features(node, path=""):
    """The member paths (array indexes dropped) and the enum-like values the finding has."""
    out = set()
    if isinstance(node, dict):
        for key, value in node.items():
            out.add(path + "." + key)
            if key in ("kind", "what", "type", "vtable_pointer", "rwlock", "file_lock", "cycle",
                       "process_cycle", "held_for_read", "requested_for_read") and \
                    isinstance(value, (str, bool)):
                out.add("%s.%s=%s" % (path, key, value))
            if key == "file" and value is None:
                out.add(path + ".file=null")
            out |= features(value, path + "." + key)
    elif isinstance(node, list):
        for value in node:
            out |= features(value, path + "[]")
    return out


def main():
    interlock, out = sys.argv[1:3]
    candidates = []
    for root in sys.argv[3:]:
        for directory, _, names in sorted(os.walk(root)):
            for name in sorted(names):
                if name.startswith("interlock.") and name.endswith(".json"):
                    with open(os.path.join(directory, name)) as f:
                        candidates += json.load(f)["findings"]
        merged = subprocess.run([interlock, "report", "--format", "json", root],
                                capture_output=True, text=True)
        candidates += json.loads(merged.stdout)["findings"]
    kinds = {"data-race", "lock-order-cycle", "mutex-misuse", "deadlock"}
    candidates = [f for f in candidates if f["kind"] in kinds]
    wanted = set().union(*(features(f, f["kind"]) for f in candidates))
    chosen = []
    while wanted:
        best = max(candidates, key=lambda f: (len(features(f, f["kind"]) & wanted),
                                              -len(json.dumps(f))))
        wanted -= features(best, best["kind"])
        chosen.append(best)
    chosen.sort(key=lambda f: f["kind"])
    report = {"schema_version": 1, "tool": {"name": "interlock", "version": "0.1.0"},
              "process": {"pid": 1, "command": "./corpus", "run_id": "schema-corpus"},
              "findings": chosen}
    with open(out, "w") as f:
        f.write(json.dumps(report, indent=2) + "\n")
    print("%d findings of %d candidates" % (len(chosen), len(candidates)))


if __name__ == "__main__":
    sys.exit(main())
