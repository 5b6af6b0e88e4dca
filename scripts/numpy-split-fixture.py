#!/usr/bin/env python3
"""Writes the chapter's shuffled row order for the hemolysis data (N = 9,316, seed 0) as made by numpy.

The chapter does `np.random.seed(0); i = np.arange(len(labels)); np.random.shuffle(i)` (numpy's legacy
MT19937 RandomState); test = i[:931], validation = i[931:1862], train = i[1862:].
Run with the pyenv python3 that has numpy:  python3 scripts/numpy-split-fixture.py
Output: test/fixtures/chapter-split-seed0.json = {"numpy": version, "n": 9316, "seed": 0, "indices": [...]}.
"""
import json
import os

import numpy as np

N = 1826 + 7490  # positives + negatives, see docs/reference-numbers.md
SEED = 0
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "chapter-split-seed0.json")


def main():
    np.random.seed(SEED)
    i = np.arange(N)
    np.random.shuffle(i)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"numpy": np.__version__, "n": N, "seed": SEED, "indices": i.tolist()}, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}: first {i[:6].tolist()}")


if __name__ == "__main__":
    main()
