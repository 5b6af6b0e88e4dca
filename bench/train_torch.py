"""PyTorch twin of the chapter model for bench/train.ts: trains and infers, prints one JSON line.

Usage: python bench/train_torch.py --threads 1 --epochs 3 [--infer-reps 3] [--infer-batch 256] [--data DIR]
Runs on pip's PyTorch 2.x (a venv) and Debian's python3-torch 1.13 (/usr/bin/python3) alike. Same
architecture, batch 64, Adam(1e-3, eps 1e-7), binary cross-entropy, same data and order as the TS
bench; a warm-up of 4 batches, then the timed epochs.
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(__file__))
from bench_data import held_out_auc, load  # noqa: E402


class Chapter(nn.Module):
    def __init__(self, length=190):
        super().__init__()
        self.emb = nn.Embedding(21, 16)
        self.convs = nn.Sequential(
            nn.Conv1d(16, 16, 5), nn.ReLU(), nn.MaxPool1d(4),
            nn.Conv1d(16, 16, 3), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(16, 16, 3), nn.ReLU(), nn.MaxPool1d(2))
        with torch.no_grad():
            n = self.convs(torch.zeros(1, 16, length)).numel()
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(n, 256), nn.ReLU(), nn.Linear(256, 64), nn.Tanh(), nn.Linear(64, 1), nn.Sigmoid())

    def forward(self, x):
        return self.head(self.convs(self.emb(x).transpose(1, 2)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--infer-reps", type=int, default=3)
    ap.add_argument("--infer-batch", type=int, default=256)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    x, y, src = load(a.data)
    n_train = 7454
    xt, yt = torch.from_numpy(x[:n_train]), torch.from_numpy(y[:n_train]).unsqueeze(1)
    xv = torch.from_numpy(x[n_train:])
    model = Chapter(x.shape[1])
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.BCELoss()

    def epoch(limit=None):
        perm = torch.randperm(n_train)
        total, rows = 0.0, 0
        for i in range(0, n_train if limit is None else limit, 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            rows += len(idx)
        return total / rows

    epoch(limit=256)  # warm up
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.epochs):
        last = epoch()
    tw, tc = time.perf_counter() - t0, time.process_time() - c0
    model.eval()
    b = a.infer_batch
    with torch.no_grad():
        model(xv[:b])
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(a.infer_reps):
            for i in range(0, len(xv), b):
                model(xv[i:i + b])
        iw, ic = time.perf_counter() - t0, time.process_time() - c0
        scores = torch.cat([model(xv[i:i + b]) for i in range(0, len(xv), b)]).squeeze(1).numpy()
    n_inf = len(xv) * a.infer_reps
    print(json.dumps({
        "backend": f"pytorch {torch.__version__} ({a.threads} thread{'s' if a.threads > 1 else ''})", "data": src,
        "epochs": a.epochs, "trainExamples": n_train * a.epochs,
        "trainPerSec": n_train * a.epochs / tw, "trainPerCpuSec": n_train * a.epochs / tc,
        "inferPerSec": n_inf / iw if iw > 0 else 0, "inferPerCpuSec": n_inf / ic if ic > 0 else 0,
        "lastLoss": last, "heldOutAuc": held_out_auc(y[n_train:], scores),
        "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
