#!/usr/bin/env python3
"""NLTK baseline for bench/NounStats.Bench: NLTK's averaged perceptron trained on EWT train (UPOS, NLTK's default
5 passes, no NLTK data download), then tokenize + tag + count NOUN/PROPN on the bench's captions, one process.

Usage: nounstats_nltk_baseline.py TRAIN.conllu CAPTIONS.txt SECONDS  ->  one JSON line on stdout.
"""
import json
import sys
import time
from collections import Counter

from nltk.tag.perceptron import PerceptronTagger
from nltk.tokenize import TreebankWordTokenizer


def read_conllu(path):
    sentence = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if sentence:
                    yield sentence
                sentence = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            sentence.append((cols[1], cols[3]))
    if sentence:
        yield sentence


def main():
    train_path, captions_path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    started = time.perf_counter()
    tagger = PerceptronTagger(load=False)
    tagger.train(list(read_conllu(train_path)), nr_iter=5)
    train_seconds = time.perf_counter() - started
    with open(captions_path, encoding="utf-8") as f:
        captions = [line.rstrip("\n") for line in f]
    tokenizer = TreebankWordTokenizer()

    def run():
        counts = Counter()
        tokens = 0
        for caption in captions:
            words = tokenizer.tokenize(caption)
            tokens += len(words)
            for word, tag in tagger.tag(words):
                if tag in ("NOUN", "PROPN"):
                    counts[word.lower()] += 1
        return tokens

    run()  # warm-up, as the C# side does
    started = time.perf_counter()
    cpu_started = time.process_time()
    tokens = rounds = 0
    while True:
        tokens += run()
        rounds += 1
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            break
    cpu = time.process_time() - cpu_started
    print(json.dumps({"tokens_per_second": tokens / elapsed, "tokens_per_cpu_second": tokens / cpu, "rounds": rounds, "tokens": tokens, "train_seconds": train_seconds}))


if __name__ == "__main__":
    main()
