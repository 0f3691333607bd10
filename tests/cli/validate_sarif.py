# Validates a SARIF file against the SARIF 2.1.0 JSON schema with python3-jsonschema.
# usage: validate_sarif.py SCHEMA SARIF; exit 0 valid, 1 invalid, 77 (CTest SKIP) without schema.
# The copy of the schema we are given keeps the log's own constraints in definitions/Root and has
# none at the top level, where validating would accept anything; so the Root is validated when
# the top level constrains nothing, and a schema that constrains nothing at all is an error.
import json, os, sys
import jsonschema
if not os.path.exists(sys.argv[1]):
    print("SKIP: no SARIF schema at " + sys.argv[1]); sys.exit(77)
schema, document = (json.load(open(path)) for path in sys.argv[1:3])
if not any(k in schema for k in ("type", "properties", "required", "$ref", "allOf")):
    if "Root" not in schema.get("definitions", {}):
        sys.exit("schema constrains nothing at its top level and has no definitions/Root")
    schema = dict(schema, **{"$ref": "#/definitions/Root"})
jsonschema.validate(document, schema, cls=jsonschema.Draft7Validator)
print("valid SARIF 2.1.0: " + sys.argv[2])
