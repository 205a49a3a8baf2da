#!/usr/bin/env python3
"""Checks an OpenRPC document (the output of rpc.discover) with tools that are not Permanence's own.

1. The `openrpc` package's document model (pydantic) must accept it.
2. Every params/result schema must be a valid JSON Schema (draft 7, `jsonschema`).
3. The structure the OpenRPC 1.3 specification gives each object (the fields it lists and no
   others but `x-` extensions; required fields; non-empty names), written below as a JSON Schema
   of our own, the same rules the official meta-schema encodes.
4. The rules neither enforces: a semantic `openrpc` version 1.3.x, unique method names, unique
   param names, required params before optional ones.
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


def closed(properties, required=()):
    """An object with exactly these fields (plus `x-` extensions)."""
    return {"type": "object", "properties": properties, "required": list(required),
            "patternProperties": {"^x-": {}}, "additionalProperties": False}


TEXT = {"type": "string"}
NAME = {"type": "string", "minLength": 1}
FLAG = {"type": "boolean"}
REF = {"type": "object", "properties": {"$ref": TEXT}, "required": ["$ref"], "additionalProperties": False}
SCHEMA = {"type": ["object", "boolean"]}  # each one is checked as draft-7 below


def either(definition):
    return {"oneOf": [definition, REF]}


CONTENT = closed({"name": NAME, "summary": TEXT, "description": TEXT, "schema": SCHEMA, "required": FLAG,
                  "deprecated": FLAG}, ["name", "schema"])
ERROR = {"type": "object", "properties": {"code": {"type": "integer"}, "message": TEXT, "data": {}},
         "required": ["code", "message"], "additionalProperties": False}
SERVER = closed({"url": TEXT, "name": TEXT, "summary": TEXT, "description": TEXT, "variables": {"type": "object"}}, ["url"])
TAG = closed({"name": NAME, "description": TEXT,
              "externalDocs": closed({"url": TEXT, "description": TEXT}, ["url"])}, ["name"])
EXAMPLE = {"type": "object", "properties": {"name": NAME, "summary": TEXT, "description": TEXT, "value": {}},
           "required": ["name", "value"]}
PAIRING = {"type": "object", "required": ["name", "params", "result"],
           "properties": {"name": NAME, "description": TEXT, "params": {"type": "array", "items": either(EXAMPLE)},
                          "result": either(EXAMPLE)}}
LINK = closed({"name": NAME, "summary": TEXT, "description": TEXT, "method": TEXT, "params": {}, "server": SERVER})
METHOD = closed({
    "name": NAME, "summary": TEXT, "description": TEXT, "tags": {"type": "array", "items": either(TAG)},
    "paramStructure": {"enum": ["by-name", "by-position", "either"]},
    "params": {"type": "array", "items": either(CONTENT)}, "result": either(CONTENT),
    "errors": {"type": "array", "items": either(ERROR)}, "links": {"type": "array", "items": either(LINK)},
    "examples": {"type": "array", "items": either(PAIRING)}, "deprecated": FLAG,
}, ["name", "params", "result"])
DOCUMENT = closed({
    "openrpc": TEXT,
    "info": closed({"title": TEXT, "description": TEXT, "termsOfService": TEXT, "version": TEXT,
                    "contact": closed({"name": TEXT, "email": TEXT, "url": TEXT}),
                    "license": closed({"name": TEXT, "url": TEXT})}, ["title", "version"]),
    "servers": {"type": "array", "items": SERVER},
    "methods": {"type": "array", "items": METHOD},
    "components": {"type": "object"},
}, ["openrpc", "info", "methods"])

doc = json.load(open(sys.argv[1]))
problems = []
for error in jsonschema.Draft7Validator(DOCUMENT).iter_errors(doc):
    problems.append(f"structure at {'/'.join(str(p) for p in error.absolute_path) or '(document)'}: {error.message}")
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
