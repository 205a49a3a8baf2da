#!/usr/bin/env python3
"""Splits eval.tsv once into a tuning half and a held-out half.

Shuffles the rows of eval.tsv with a fixed seed (20261206) and writes the first half to
eval-tune.tsv and the rest to eval-heldout.tsv, same columns and header. The split is
deterministic: running it again gives the same files. Tune only on eval-tune.tsv.

Usage: python3 Docs/faq/split_eval.py
"""
import random
from pathlib import Path

SEED = 20261206

root = Path(__file__).resolve().parent
header, *rows = (root / "eval.tsv").read_text(encoding="utf-8").splitlines()
rows = [row for row in rows if row.strip()]
random.Random(SEED).shuffle(rows)
half = len(rows) // 2
for name, part in (("eval-tune.tsv", rows[:half]), ("eval-heldout.tsv", rows[half:])):
    (root / name).write_text("\n".join([header, *part]) + "\n", encoding="utf-8")
    print(f"{name}: {len(part)} questions")
