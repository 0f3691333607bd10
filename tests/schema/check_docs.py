"""docs/report-format.md against the schema: it names the schema file as the authority, every
member its JSON examples and tables name is a member the schema defines, every value its tables
list (the kinds of misuse and of wait) is one the schema allows, and its annotated examples that
are complete JSON (comments aside) are valid findings.

usage: check_docs.py SCHEMA DOC"""
import json
import re
import sys

import schema_support

SCHEMA_FILE = "schemas/interlock-report.schema.json"


def without_comments(block):
    """The block with its `//` annotations removed (a // inside a string is kept)."""
    out = []
    for line in block.split("\n"):
        in_string = escaped = False
        for i, c in enumerate(line):
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = in_string
            elif c == '"':
                in_string = not in_string
            elif c == "/" and not in_string and line[i:i + 2] == "//":
                line = line[:i]
                break
        out.append(line)
    return "\n".join(out)


def main():
    schema_path, doc_path = sys.argv[1:3]
    schema = schema_support.load(schema_path)
    members = schema_support.property_names(schema)
    values = schema_support.enum_values(schema)
    finding = schema_support.validator(schema_support.strict(schema), "finding")
    with open(doc_path) as f:
        doc = f.read()
    failures = []
    if SCHEMA_FILE not in doc:
        failures.append("the doc does not name %s, the authority on the format" % SCHEMA_FILE)

    blocks = re.findall(r"```json\n(.*?)```", doc, re.S)
    named = set()
    for block in blocks:
        named.update(re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"\s*:', without_comments(block)))
    for name in sorted(named - members):
        failures.append("the doc's JSON names member %r, which the schema does not define" % name)

    # Tables whose first column lists members (`member`) or values (`what`).
    tables = 0
    for header, body in re.findall(r"^\| `?(member|what)`? \|.*\n\|[-| ]+\|\n((?:\|.*\n)+)", doc, re.M):
        tables += 1
        for cell in re.findall(r"^\| `([^`]+)` \|", body, re.M):
            known = members if header == "member" else values
            if cell not in known:
                failures.append("the doc's %s table lists %r, which the schema does not know" %
                                (header, cell))
    if tables < 3:
        failures.append("found %d member/what tables in the doc, expected 3 or more" % tables)

    examples = 0
    for block in blocks:
        try:
            document = json.loads(without_comments(block))
        except ValueError:
            continue  # an outline with placeholders (FINDING, ...), not an example
        if isinstance(document, dict) and "kind" in document and "key" in document:
            examples += 1
            for problem in schema_support.problems(finding, document):
                failures.append("annotated %s example: %s" % (document["kind"], problem))
    if examples < 2:
        failures.append("found %d complete annotated findings in the doc, expected 2 or more" %
                        examples)

    for failure in failures:
        print(failure)
    print("%d members named in %d JSON blocks, %d tables, %d annotated examples: %s" % (
        len(named), len(blocks), tables, examples,
        "%d problems" % len(failures) if failures else "all in the schema"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
