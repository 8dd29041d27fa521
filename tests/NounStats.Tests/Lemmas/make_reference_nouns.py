#!/usr/bin/env python3
"""Writes src/NounStats/Model/wordnet_nouns.txt: the single-word noun lemmas of WordNet 3.0.

The noun lemmatizer uses them as a reference lexicon for what EWT train does not attest (pluralia tantum such as
environs, singulars such as guru, spelling corrections by one adjacent-letter swap). Input is the Debian package
wordnet-base (1:3.0-37, `apt-get install wordnet-base`), file /usr/share/wordnet/index.noun; the output is sorted
(ordinal), one lower-case ASCII-letter word per line, so the same input always gives the same bytes.

Usage: python3 tests/NounStats.Tests/Lemmas/make_reference_nouns.py [INDEX_NOUN] [OUTPUT]
"""
import sys

index = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet/index.noun"
output = sys.argv[2] if len(sys.argv) > 2 else "src/NounStats/Model/wordnet_nouns.txt"
words = set()
with open(index, encoding="ascii") as f:
    for line in f:
        if line.startswith(" "):  # the licence header
            continue
        word = line.split(" ", 1)[0]
        if word.isascii() and word.isalpha():
            words.add(word.lower())
with open(output, "w", encoding="ascii", newline="\n") as f:
    f.writelines(w + "\n" for w in sorted(words))
print(f"{len(words)} nouns -> {output}")
