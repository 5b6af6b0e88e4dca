"""The benchmark data of bench/hemo-data.ts for the Python twins: the chapter's npz (positives, then
negatives) shuffled by the same Fisher–Yates LCG, so every system trains on the same rows in the
same order; synthetic tokens of the same shape when the data is missing (then rows differ from the
TypeScript side's synthetic set, which only the held-out AUC notices)."""
import os
import zipfile

import numpy as np


def _npz(path):
    with zipfile.ZipFile(path) as z:
        with z.open(z.namelist()[0]) as f:
            return np.lib.format.read_array(f)


def load(dirname):
    """Returns tokens [n, length] int64, labels [n] float32 and the source name."""
    try:
        pos, neg = _npz(os.path.join(dirname, "hemo-positive.npz")), _npz(os.path.join(dirname, "hemo-negative.npz"))
        x = np.concatenate([pos, neg]).astype(np.int64)
        y = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))]).astype(np.float32)
        src = "hemolysis npz"
    except FileNotFoundError:
        rng = np.random.default_rng(1)
        x = rng.integers(0, 21, size=(9316, 190)).astype(np.int64)
        y = (rng.random(9316) < 0.2).astype(np.float32)
        src = "synthetic"
    # bench/hemo-data.ts: s ← s·1664525 + 1013904223 (mod 2³²), swap rows i and s mod (i + 1)
    s = 12345
    for i in range(len(x) - 1, 0, -1):
        s = (s * 1664525 + 1013904223) & 0xFFFFFFFF
        j = s % (i + 1)
        x[[i, j]] = x[[j, i]]
        y[[i, j]] = y[[j, i]]
    return x, y, src


def held_out_auc(labels, scores):
    """ROC AUC by ranks (ties are rare for float scores)."""
    ranks = np.argsort(np.argsort(scores, kind="mergesort"), kind="mergesort") + 1.0
    pos = labels == 1
    return float((ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum()))
