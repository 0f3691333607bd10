"""What the schema tests share: loading schemas/interlock-report.schema.json, its strict form, and
validators for the report and for each of its definitions (a journal header, a finding, a
file-lock order record)."""
import copy
import json

import jsonschema

# Definitions whose members are spread over if/then branches: "additionalProperties" cannot see
# the branches' members, so these are left open (the branches they refer to are closed).
OPEN_DEFINITIONS = {"finding"}


def load(path):
    with open(path) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def strict(schema):
    """The schema with every object definition closed: a member the schema does not name is an
    error. The schema itself leaves them open (the reader ignores members it does not know); the
    tests hold the runtime's writer to writing only named members."""
    closed = copy.deepcopy(schema)
    closed["additionalProperties"] = False
    for name, definition in closed["$defs"].items():
        if name not in OPEN_DEFINITIONS and "properties" in definition:
            definition["additionalProperties"] = False
    return closed


def validator(schema, definition=None):
    """A validator for the whole report, or for $defs/<definition>."""
    if definition is not None:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"],
                  "$ref": "#/$defs/" + definition}
    return jsonschema.Draft202012Validator(schema)


def problems(validator, document):
    """One line per violation: the JSON path, then what is wrong."""
    out = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        path = "".join("[%d]" % p if isinstance(p, int) else "." + p for p in error.absolute_path)
        out.append("%s: %s" % (path or "(document)", error.message))
    return out


def property_names(node, names=None):
    """Every member name the schema defines, anywhere."""
    names = set() if names is None else names
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                names.update(value)
            property_names(value, names)
    elif isinstance(node, list):
        for value in node:
            property_names(value, names)
    return names


def enum_values(node, values=None):
    """Every string value the schema names in an enum or const, anywhere."""
    values = set() if values is None else values
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "enum":
                values.update(v for v in value if isinstance(v, str))
            elif key == "const" and isinstance(value, str):
                values.add(value)
            else:
                enum_values(value, values)
    elif isinstance(node, list):
        for value in node:
            enum_values(value, values)
    return values
