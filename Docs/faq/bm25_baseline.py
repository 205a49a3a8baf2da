#!/usr/bin/env python3
"""Baseline for the FAQ search: rank-bm25 (Okapi BM25) with naive tokenisation.

Indexes entries.yaml (the example practice's entries as `faq.list` gives them; the FAQ tests
check it is up to date) and answers questions.tsv (question, expected id(s) separated by `|`
or `none`, optional site). Each phrasing and each answer of an entry is one document; an
entry's score is its best document's score. With a site, entries restricted to another site
are left out, as `faq.ask` does. Tokenisation is lowercase + split on non-word characters: no
accent folding, no stop words, no stemming, no synonyms, no typo tolerance.

BM25 scores are not normalised, so "no answer" can only be "no document scores above 0";
that figure is printed too.

Usage: pip install rank-bm25 pyyaml && python3 Docs/faq/bm25_baseline.py [-v] [questions file]
(default questions.tsv beside this script; eval-tune.tsv and eval-heldout.tsv have the same
columns plus `form`, and with a `form` column the figures are also printed per form).
"""
import re
import sys
from pathlib import Path

try:
    import yaml
    from rank_bm25 import BM25Okapi
except ImportError as error:  # pragma: no cover
    sys.exit(f"missing Python package ({error.name}): pip install rank-bm25 pyyaml")

root = Path(__file__).resolve().parent
entries = yaml.safe_load((root / "entries.yaml").read_text(encoding="utf-8"))


def tokenize(text):
    return re.findall(r"\w+", text.lower())


docs, owners = [], []
site_of = {}
for entry in entries:
    site_of[entry["id"]] = entry.get("site")
    for question in entry["questions"]:
        docs.append(tokenize(question))
        owners.append(entry["id"])
    docs.append(tokenize(entry["answer"]))
    owners.append(entry["id"])
bm25 = BM25Okapi(docs)

arguments = [argument for argument in sys.argv[1:] if not argument.startswith("-")]
questions_file = Path(arguments[0]) if arguments else root / "questions.tsv"
header, *lines = questions_file.read_text(encoding="utf-8").splitlines()
form_column = header.split("\t").index("form") if "form" in header.split("\t") else None
per_form = {}  # form -> [right, total]; "right" is a correct top-1, or no match at all for `none`

answerable = correct = unanswerable = rejected = 0
misses = []
for line in lines:
    if not line.strip():
        continue
    columns = line.split("\t")
    form = per_form.setdefault(columns[form_column] if form_column is not None else "", [0, 0])
    form[1] += 1
    question, expected = columns[0], columns[1]
    site = columns[2].strip() if len(columns) > 2 and columns[2].strip() else None
    scores = bm25.get_scores(tokenize(question))
    best = {}
    for owner, score in zip(owners, scores):
        if site and site_of[owner] and site_of[owner] != site:
            continue
        best[owner] = max(best.get(owner, 0.0), score)
    top, top_score = max(best.items(), key=lambda kv: kv[1])
    if expected == "none":
        unanswerable += 1
        rejected += top_score <= 0
        form[0] += top_score <= 0
    else:
        answerable += 1
        if top in expected.split("|") and top_score > 0:
            correct += 1
            form[0] += 1
        else:
            misses.append((question, expected, top))

if "-v" in sys.argv:
    for question, expected, top in misses:
        print(f"MISS {question!r}: expected {expected}, got {top}")
if form_column is not None:
    for name, (right, total) in sorted(per_form.items()):
        print(f"  {name}: {right}/{total} = {100 * right / total:.1f} %")
print(f"BM25 baseline (rank-bm25, naive tokens) top-1 accuracy: {correct}/{answerable} = "
      f"{100 * correct / answerable:.1f} %; unanswerable with no match at all: {rejected}/{unanswerable}")
