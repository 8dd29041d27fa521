#!/usr/bin/env python3
"""Writes known_words.txt: the EWT train word forms seen at least MIN_COUNT times, most frequent first, each followed
by its lower-case and Capitalized variants (alt-text is often Title Case).

The tagger precomputes one score row per listed form at load time (Tagging/WordRowTable.cs); the order puts the
hottest rows next to each other. Usage: make_known_words.py ../shared/data/ud/UD_English-EWT/en_ewt-ud-train.conllu
"""
import sys
from collections import Counter

MIN_COUNT = 5

counts = Counter()
with open(sys.argv[1], encoding="utf-8") as conllu:
    for line in conllu:
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        counts[cols[1]] += 1

seen = set()
with open("known_words.txt", "w", encoding="utf-8", newline="\n") as out:
    for form, n in sorted(counts.items(), key=lambda p: (-p[1], p[0])):
        if n < MIN_COUNT:
            continue
        for variant in (form, form.lower(), form[:1].upper() + form[1:].lower()):
            if variant not in seen:
                seen.add(variant)
                out.write(variant + "\n")
