"""Optuna side of the search benchmark (bench/hpo/search.ts starts it; do not run by hand unless debugging).

Same test functions as bench/hpo/suite-functions.ts. Writes one JSON line per (problem, sampler, seed):
{"problem", "sampler", "seed", "observed": [...], "truth": [...], "msPerAsk"} in trial order.
Usage: python optuna_suite.py run --problems a,b --samplers tpe,gp --seeds 20 --n 100
       python optuna_suite.py jobs --n 100 < jobs.json   ([{"problem", "sampler", "seed"}, ...])
       python optuna_suite.py check < points.json   (evaluates the noise-free functions at given params)
"""
import json
import math
import sys
import time

import numpy as np
import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)

H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H3_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
H3_P = [[v * 1e-4 for v in r] for r in [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]]]
H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H6_P = [[v * 1e-4 for v in r] for r in [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                                        [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]]
NOISE_SD = 0.1


def xs(p, d):
    return [p[f"x{i + 1}"] for i in range(d)]


def hartmann(x, A, P):
    return -sum(H_ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(len(x)))) for i in range(4))


def branin(p):
    x1, x2 = p["x1"], p["x2"]
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def goldstein_price(p):
    x, y = xs(p, 2)
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y)
    return a * b


def six_hump_camel(p):
    x, y = xs(p, 2)
    return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y


def rosenbrock(p, d):
    x = xs(p, d)
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(d - 1))


def ackley(p, d):
    x = xs(p, d)
    return -20 * math.exp(-0.2 * math.sqrt(sum(v * v for v in x) / d)) - math.exp(sum(math.cos(2 * math.pi * v) for v in x) / d) + 20 + math.e


def rastrigin(p, d):
    return 10 * d + sum(v * v - 10 * math.cos(2 * math.pi * v) for v in xs(p, d))


def levy(p, d):
    w = [1 + (v - 1) / 4 for v in xs(p, d)]
    s = math.sin(math.pi * w[0]) ** 2
    s += sum((w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2) for i in range(d - 1))
    return s + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)


def styblinski_tang(p, d):
    return sum((v ** 4 - 16 * v * v + 5 * v) / 2 for v in xs(p, d))


ACT = {"relu": 0.05, "tanh": 0.15, "gelu": 0.0, "elu": 0.08}


def mixed_hpo(p):
    a = math.log10(p["lr"]) + 2.7
    b = p["layers"] - 3
    return 0.2 + 0.3 * a * a + 0.05 * b * b + 0.1 * a * b + 0.02 * (math.log2(p["units"]) - 7) ** 2 + ACT[p["activation"]] + 0.8 * (p["dropout"] - 0.25) ** 2


def box(d, lo, hi):
    return lambda t: {f"x{i + 1}": t.suggest_float(f"x{i + 1}", lo, hi) for i in range(d)}


def mixed_space(t):
    return {
        "lr": t.suggest_float("lr", 1e-5, 1e-1, log=True),
        "units": t.suggest_int("units", 8, 512, log=True),
        "layers": t.suggest_int("layers", 1, 6),
        "activation": t.suggest_categorical("activation", ["relu", "tanh", "gelu", "elu"]),
        "dropout": t.suggest_float("dropout", 0, 0.6, step=0.05),
    }


hart3 = lambda p: hartmann(xs(p, 3), H3_A, H3_P)
hart6 = lambda p: hartmann(xs(p, 6), H6_A, H6_P)
# name -> (suggest, truth, noisy)
SUITE = {
    "branin": (lambda t: {"x1": t.suggest_float("x1", -5, 10), "x2": t.suggest_float("x2", 0, 15)}, branin, False),
    "goldstein-price": (box(2, -2, 2), goldstein_price, False),
    "six-hump-camel": (lambda t: {"x1": t.suggest_float("x1", -3, 3), "x2": t.suggest_float("x2", -2, 2)}, six_hump_camel, False),
    "hartmann3": (box(3, 0, 1), hart3, False),
    "rosenbrock4": (box(4, -5, 10), lambda p: rosenbrock(p, 4), False),
    "ackley5": (box(5, -32.768, 32.768), lambda p: ackley(p, 5), False),
    "rastrigin4": (box(4, -5.12, 5.12), lambda p: rastrigin(p, 4), False),
    "hartmann6": (box(6, 0, 1), hart6, False),
    "levy6": (box(6, -10, 10), lambda p: levy(p, 6), False),
    "styblinski-tang8": (box(8, -5, 5), lambda p: styblinski_tang(p, 8), False),
    "noisy-hartmann6": (box(6, 0, 1), hart6, True),
    "mixed-hpo": (mixed_space, mixed_hpo, False),
}

SAMPLERS = {
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "gp": lambda seed: optuna.samplers.GPSampler(seed=seed),
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
}


def run_one(problem, sampler, seed, n):
    suggest, truth, noisy = SUITE[problem]
    rng = np.random.default_rng(1000 + seed)
    observed, true_values = [], []
    objective_s = 0.0

    def objective(trial):
        nonlocal objective_s
        # Optuna samples inside suggest_*: only the function's own evaluation is objective time
        p = suggest(trial)
        t0 = time.perf_counter()
        v = truth(p)
        true_values.append(v)
        y = v + NOISE_SD * rng.standard_normal() if noisy else v
        observed.append(y)
        objective_s += time.perf_counter() - t0
        return y

    study = optuna.create_study(sampler=SAMPLERS[sampler](seed))
    t0 = time.perf_counter()
    study.optimize(objective, n_trials=n)
    total = time.perf_counter() - t0
    return {"problem": problem, "sampler": sampler, "seed": seed, "observed": observed, "truth": true_values,
            "msPerAsk": 1000 * (total - objective_s) / n, "optuna": optuna.__version__, "timing": 2}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "version":
        print(optuna.__version__)
        return
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        points = json.load(sys.stdin)
        print(json.dumps({name: [SUITE[name][1](p) for p in ps] for name, ps in points.items()}))
        return
    args = dict(zip(sys.argv[2::2], sys.argv[3::2]))
    if sys.argv[1] == "version":
        print(optuna.__version__)
        return
    if sys.argv[1] == "jobs":
        for job in json.load(sys.stdin):
            print(json.dumps(run_one(job["problem"], job["sampler"], int(job["seed"]), int(args["--n"]))), flush=True)
        return
    problems = args["--problems"].split(",")
    samplers = args["--samplers"].split(",")
    seeds = int(args["--seeds"])
    n = int(args["--n"])
    for problem in problems:
        for sampler in samplers:
            for seed in range(seeds):
                print(json.dumps(run_one(problem, sampler, seed, n)), flush=True)


if __name__ == "__main__":
    main()
