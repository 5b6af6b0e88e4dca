"""PyTorch twin of the chapter model for bench/train.ts: trains and infers, prints one JSON line.

Usage: /usr/bin/python3 bench/train_torch.py --threads 1 --epochs 2 --infer-reps 3 [--data DIR] [--rss-epochs N]
Same architecture, batch 64, Adam(1e-3, eps 1e-7), binary cross-entropy, same data as the TS bench.
"""
import argparse, json, os, resource, time, zipfile
import numpy as np
import torch
from torch import nn


def load(dirname):
    def arr(name):
        with zipfile.ZipFile(os.path.join(dirname, name)) as z:
            with z.open(z.namelist()[0]) as f:
                return np.lib.format.read_array(f)
    try:
        pos, neg = arr("hemo-positive.npz"), arr("hemo-negative.npz")
        x = np.concatenate([pos, neg]).astype(np.int64)
        y = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))]).astype(np.float32)
        src = "hemolysis npz"
    except FileNotFoundError:
        rng = np.random.default_rng(1)
        x = rng.integers(0, 21, size=(9316, 190)).astype(np.int64)
        y = (rng.random(9316) < 0.2).astype(np.float32)
        src = "synthetic"
    order = np.random.default_rng(12345).permutation(len(x))
    return x[order], y[order], src


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
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--infer-reps", type=int, default=3)
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
        last = 0.0
        for i in range(0, n_train if limit is None else limit, 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            last = loss.item()
        return last

    epoch(limit=256)  # warm up
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.epochs):
        last = epoch()
    tw, tc = time.perf_counter() - t0, time.process_time() - c0
    model.eval()
    with torch.no_grad():
        model(xv[:64])
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(a.infer_reps):
            for i in range(0, len(xv), 64):
                model(xv[i:i + 64])
        iw, ic = time.perf_counter() - t0, time.process_time() - c0
        scores = torch.cat([model(xv[i:i + 64]) for i in range(0, len(xv), 64)]).squeeze(1).numpy()
    yv = y[n_train:]
    ranks = np.argsort(np.argsort(scores, kind="mergesort"), kind="mergesort") + 1.0  # ties are rare for float scores
    pos = yv == 1
    auc = (ranks[pos].sum() - pos.sum() * (pos.sum() + 1) / 2) / (pos.sum() * (~pos).sum())
    n_inf = len(xv) * a.infer_reps
    print(json.dumps({
        "backend": f"pytorch {torch.__version__} ({a.threads} thread{'s' if a.threads > 1 else ''})", "data": src,
        "epochs": a.epochs, "trainExamples": n_train * a.epochs,
        "trainPerSec": n_train * a.epochs / tw, "trainPerCpuSec": n_train * a.epochs / tc,
        "inferPerSec": n_inf / iw if iw > 0 else 0, "inferPerCpuSec": n_inf / ic if ic > 0 else 0,
        "lastLoss": last, "heldOutAuc": float(auc), "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
