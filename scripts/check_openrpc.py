#!/usr/bin/env python3
"""Checks an OpenRPC document (the output of rpc.discover) with tools that are not Permanence's own.

1. The `openrpc` package's document model (pydantic) must accept it.
2. Every params/result schema must be a valid JSON Schema (draft 7, `jsonschema`).
3. The rules of the OpenRPC 1.3 specification that the model does not enforce: a semantic
   `openrpc` version 1.3.x, unique method names, unique param names, required params before
   optional ones, `paramStructure` in by-name | by-position | either.
Exit status 0 when valid; otherwise every problem is printed.
"""
import json
import re
import sys

try:
    import jsonschema
    import openrpc
except ImportError as e:  # pragma: no cover
    sys.exit(f"missing Python package: {e.name} (run scripts/setup)")

doc = json.load(open(sys.argv[1]))
problems = []
try:
    openrpc.OpenRPC.model_validate(doc)
except Exception as e:  # pydantic.ValidationError
    problems.append(f"openrpc model: {e}")

if not re.fullmatch(r"1\.3\.\d+", str(doc.get("openrpc", ""))):
    problems.append(f"openrpc version must be 1.3.x, got {doc.get('openrpc')!r}")
for key in ("title", "version"):
    if not isinstance(doc.get("info", {}).get(key), str):
        problems.append(f"info.{key} must be a string")
names = [m.get("name") for m in doc.get("methods", [])]
for n in {n for n in names if names.count(n) > 1}:
    problems.append(f"duplicate method name {n}")
for m in doc.get("methods", []):
    name = m.get("name")
    params = m.get("params", [])
    pnames = [p.get("name") for p in params]
    if len(set(pnames)) != len(pnames):
        problems.append(f"{name}: duplicate param names")
    seen_optional = False
    for p in params:
        if p.get("required"):
            if seen_optional:
                problems.append(f"{name}: required param {p['name']} after an optional one")
        else:
            seen_optional = True
        try:
            jsonschema.Draft7Validator.check_schema(p.get("schema", {}))
        except jsonschema.SchemaError as e:
            problems.append(f"{name}: param {p.get('name')}: invalid schema: {e.message}")
    if "result" not in m:
        problems.append(f"{name}: no result")
    else:
        schema = m["result"].get("schema", {})
        if "$ref" not in schema:
            try:
                jsonschema.Draft7Validator.check_schema(schema)
            except jsonschema.SchemaError as e:
                problems.append(f"{name}: result: invalid schema: {e.message}")
    if m.get("paramStructure", "either") not in ("by-name", "by-position", "either"):
        problems.append(f"{name}: bad paramStructure")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"OK: {len(names)} methods")
