#!/usr/bin/env python3
"""Regenerates the method reference of Docs/protocol.md from rpc.discover.

Usage: scripts/gen-protocol-doc.py [PERMANENCE_BINARY]
Everything between the `<!-- methods:begin -->` and `<!-- methods:end -->` markers is replaced;
the hand-written part above stays. A test checks that the two lists of methods agree.
"""
import json
import os
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/debug/permanence")
with tempfile.TemporaryDirectory() as tmp:
    # With a manual clock, so that `kernel.clock.set` (served only then) is listed too.
    out = subprocess.run([binary, "rpc", "rpc.discover", "--db", os.path.join(tmp, "db.sqlite"),
                          "--clock", "2026-01-01T00:00:00Z"],
                         check=True, capture_output=True, text=True).stdout
doc = json.loads(out)


def schema_text(s):
    if not s:
        return "any"
    if "$ref" in s:
        return f"see {s['$ref']}"
    if "anyOf" in s:
        return " or ".join(schema_text(x) for x in s["anyOf"])
    t = s.get("type")
    if "enum" in s:
        return " \\| ".join(f"`{v}`" for v in s["enum"])
    if t == "array":
        return f"array of {schema_text(s.get('items'))}"
    if t == "object" and "properties" in s:
        req = set(s.get("required", []))
        inner = ", ".join(f"{k}{'' if k in req else '?'}: {schema_text(v)}" for k, v in s["properties"].items())
        return "{" + inner + "}"
    if t == "object" and "additionalProperties" in s and isinstance(s["additionalProperties"], dict):
        return f"map of {schema_text(s['additionalProperties'])}"
    if s.get("format") == "date-time":
        return "instant (RFC 3339)"
    if s.get("format") == "date":
        return "local date (YYYY-MM-DD)"
    if "pattern" in s:
        return "local time (HH:mm)"
    return t or "any"


lines = []
groups = {}
for m in doc["methods"]:
    ns = m["name"].split(".")[0] if "." in m["name"] else "protocol"
    groups.setdefault(ns, []).append(m)
for ns in groups:
    lines.append(f"## {ns}\n")
    for m in groups[ns]:
        lines.append(f"### `{m['name']}`\n")
        lines.append(f"{m.get('summary', '')}\n")
        lines.append(f"Role: `{m.get('x-role', '?')}` · effect: `{m.get('x-effect', 'read')}`\n")
        if m["params"]:
            lines.append("| param | required | type |")
            lines.append("|---|---|---|")
            for p in m["params"]:
                desc = p.get("description", "")
                lines.append(f"| `{p['name']}` | {'yes' if p.get('required') else 'no'} | {schema_text(p.get('schema'))}{' — ' + desc if desc else ''} |")
            lines.append("")
        else:
            lines.append("No params.\n")
        lines.append(f"Result: {schema_text(m['result'].get('schema'))}\n")
generated = "\n".join(lines)

path = os.path.join(root, "Docs/protocol.md")
text = open(path).read()
begin, end = "<!-- methods:begin -->", "<!-- methods:end -->"
head, rest = text.split(begin)
_, tail = rest.split(end)
open(path, "w").write(head + begin + "\n\n" + generated + "\n" + end + tail)
print(f"{len(doc['methods'])} methods written to Docs/protocol.md")
