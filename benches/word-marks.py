#!/usr/bin/env python3
"""How the word-mark rules change the marks on the bundled texts.

Usage: benches/word-marks.py OLD_EMEND NEW_EMEND

Runs `diff --files A B --format json` with both binaries on the six pairs of
Ruth's four English revisions, the telegram, and every pair in tests/cases/,
and prints for each pair how many rows have word ops, how many of them are
marked differently by the two binaries, and how many have a moved sentence.
Build OLD_EMEND from the commit before the change (`git worktree add`), run
from the project folder.
"""
import glob
import itertools
import json
import subprocess
import sys

old, new = sys.argv[1], sys.argv[2]
pairs = [(f"translations/ruth/{x}.md", f"translations/ruth/{y}.md")
         for x, y in itertools.combinations(["kjv", "webster", "asv", "web"], 2)]
pairs.append(("translations/telegram-1945-11-11/en-wilson.md",
              "translations/telegram-1945-11-11/en-corrected.md"))
pairs += [(d + "/a.md", d + "/b.md") for d in sorted(glob.glob("tests/cases/*"))]


def rows(binary, a, b):
    out = subprocess.run([binary, "diff", "--files", a, b, "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["rows"]


def ops(row):
    return [(o["op"], o["text"]) for o in row.get("ops", [])]


total = changed = 0
print("| pair | rows with word ops | marked differently | with a moved sentence |")
print("|---|---:|---:|---:|")
for a, b in pairs:
    before, after = rows(old, a, b), rows(new, a, b)
    if len(before) != len(after):
        print(f"| {a} {b} | rows differ: {len(before)} vs {len(after)} | | |")
        continue
    edited = sum(1 for r in after if "ops" in r and r["a"] and r["b"])
    diff = sum(1 for x, y in zip(before, after) if ops(x) != ops(y))
    moved = sum(1 for r in after if any(o.get("moved") for o in r.get("ops", [])))
    total, changed = total + edited, changed + diff
    print(f"| {a} → {b} | {edited} | {diff} | {moved} |")
print(f"| total | {total} | {changed} | |")
