"""Keras twin of the chapter model for bench/train.ts: trains and infers, prints one JSON line.

Usage: python bench/train_keras.py --threads 1 --epochs 3 [--infer-reps 3] [--infer-batch 256] [--data DIR]
Same architecture, batch 64, Adam(1e-3, eps 1e-7), binary cross-entropy, same data and order as the
TS bench; model.fit (Keras 3 compiles the step), one warm-up epoch, then the timed epochs.
"""
import argparse
import json
import os
import resource
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--infer-reps", type=int, default=3)
    ap.add_argument("--infer-batch", type=int, default=256)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
    a = ap.parse_args()
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(a.threads)
    tf.config.threading.set_inter_op_parallelism_threads(a.threads)
    import keras
    from keras import layers
    from bench_data import held_out_auc, load

    keras.utils.set_random_seed(0)
    x, y, src = load(a.data)
    n_train = 7454
    xt, yt, xv = x[:n_train].astype("int32"), y[:n_train].reshape(-1, 1), x[n_train:].astype("int32")
    model = keras.Sequential([
        keras.Input((x.shape[1],), dtype="int32"),
        layers.Embedding(21, 16),
        layers.Conv1D(16, 5, activation="relu"), layers.MaxPooling1D(4),
        layers.Conv1D(16, 3, activation="relu"), layers.MaxPooling1D(2),
        layers.Conv1D(16, 3, activation="relu"), layers.MaxPooling1D(2),
        layers.Flatten(), layers.Dense(256, activation="relu"), layers.Dense(64, activation="tanh"), layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3, epsilon=1e-7), loss="binary_crossentropy")
    model.fit(xt, yt, batch_size=64, epochs=1, shuffle=True, verbose=0)  # warm up (traces and compiles the step)
    t0, c0 = time.perf_counter(), time.process_time()
    h = model.fit(xt, yt, batch_size=64, epochs=a.epochs, shuffle=True, verbose=0)
    tw, tc = time.perf_counter() - t0, time.process_time() - c0
    model.predict(xv[: a.infer_batch], batch_size=a.infer_batch, verbose=0)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(a.infer_reps):
        scores = model.predict(xv, batch_size=a.infer_batch, verbose=0)
    iw, ic = time.perf_counter() - t0, time.process_time() - c0
    n_inf = len(xv) * a.infer_reps
    print(json.dumps({
        "backend": f"keras {keras.__version__} (tensorflow {tf.__version__}, {a.threads} thread{'s' if a.threads > 1 else ''})", "data": src,
        "epochs": a.epochs, "trainExamples": n_train * a.epochs,
        "trainPerSec": n_train * a.epochs / tw, "trainPerCpuSec": n_train * a.epochs / tc,
        "inferPerSec": n_inf / iw if iw > 0 else 0, "inferPerCpuSec": n_inf / ic if ic > 0 else 0,
        "lastLoss": float(h.history["loss"][-1]), "heldOutAuc": held_out_auc(y[n_train:], scores.reshape(-1)),
        "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
