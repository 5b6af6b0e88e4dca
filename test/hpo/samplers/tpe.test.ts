import { test } from "node:test";
import assert from "node:assert/strict";
import { categorical, float, int, when } from "../../../src/hpo/space.js";
import { defaultGamma, defaultWeights, tpeSampler } from "../../../src/hpo/samplers/tpe.js";
import { ParzenEstimator } from "../../../src/hpo/samplers/parzen.js";
import { randomSampler } from "../../../src/hpo/samplers/random.js";
import { createStudy } from "../../../src/hpo/study.js";
import { logNormMass, normCdf, normPpf } from "../../../src/hpo/samplers/truncnorm.js";
import { erfc } from "../../../src/util/erfc.js";
import { createRng } from "../../../src/util/rng.js";
import { toUnit } from "../../../src/hpo/transform.js";

test("normal helpers: Φ, Φ⁻¹, tail masses", () => {
  assert.ok(Math.abs(erfc(0.5) - 0.4795001221869535) < 1e-7);
  for (const p of [1e-10, 0.01, 0.3, 0.5, 0.9, 0.999]) assert.ok(Math.abs(normCdf(normPpf(p)) - p) < 1e-7 * Math.max(p, 1e-3));
  assert.ok(Math.abs(logNormMass(-1, 1) - Math.log(0.6826894921370859)) < 1e-6);
  // far tail: log(Φ(-29) − Φ(-30)) ≈ log Φ(-29) = −29²/2 − ln 29 − ½ln 2π + ln(1 − 1/29² + 3/29⁴) ≈ −424.78742
  assert.ok(Math.abs(logNormMass(-30, -29) - -424.78742) < 1e-4);
  assert.ok(Math.abs(logNormMass(29, 30) - logNormMass(-30, -29)) < 1e-12);
});

test("Optuna's default γ and weights", () => {
  assert.deepEqual([1, 10, 11, 100, 1000].map(defaultGamma), [1, 1, 2, 10, 25]);
  assert.deepEqual(defaultWeights(3), [1, 1, 1]);
  const w = defaultWeights(30);
  assert.equal(w.length, 30);
  assert.ok(Math.abs(w[0] - 1 / 30) < 1e-12 && w[4] === 1 && w[29] === 1 && w[1] > w[0]);
});

test("Parzen estimator: a normalized density (continuous) and mass (discrete, categorical)", () => {
  const pe = new ParzenEstimator([{ dist: float(0, 1) }], [[0.1], [0.12], [0.8]], [1, 1, 1]);
  let integral = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) integral += Math.exp(pe.logPdf([[(i + 0.5) / n]])[0]) / n;
  assert.ok(Math.abs(integral - 1) < 1e-4, `integral ${integral}`);
  const d = int(0, 4);
  const pi = new ParzenEstimator(
    [{ dist: d }, { dist: categorical(["a", "b", "c"]) }],
    [
      [0.1, 0],
      [0.3, 2],
    ],
    [1, 1],
    { multivariate: true },
  );
  let mass = 0;
  for (const u of [0.1, 0.3, 0.5, 0.7, 0.9]) for (const c of [0, 1, 2]) mass += Math.exp(pi.logPdf([[u, c]])[0]);
  assert.ok(Math.abs(mass - 1) < 1e-9, `mass ${mass}`);
  const draws = pi.sample(createRng(1), 200);
  assert.ok(draws.every(([u, c]) => [0.1, 0.3, 0.5, 0.7, 0.9].some((v) => Math.abs(v - u) < 1e-12) && [0, 1, 2].includes(c)));
});

test("TPE beats random search on a smooth 2-D bowl (median over seeds)", async () => {
  const space = { x: float(-5, 5), y: float(1e-3, 10, { log: true }) };
  const f = (p: { x: number; y: number }): number => (p.x - 1.3) ** 2 + Math.log10(p.y) ** 2;
  const bestOf = async (make: () => ReturnType<typeof tpeSampler> | ReturnType<typeof randomSampler>): Promise<number> => {
    const v: number[] = [];
    for (let seed = 0; seed < 7; seed++) {
      const s = await createStudy({ space, sampler: make(), seed });
      await s.optimize((p) => f(p), { nTrials: 40 });
      v.push(s.bestValue as number);
    }
    return v.sort((a, b) => a - b)[3];
  };
  const tpe = await bestOf(() => tpeSampler());
  const rnd = await bestOf(() => randomSampler());
  assert.ok(tpe < rnd / 3, `tpe ${tpe} vs random ${rnd}`);
});

test("TPE says why, starts random, then models; options are validated", async () => {
  const s = await createStudy({ space: { x: float(0, 1) }, sampler: tpeSampler({ nStartupTrials: 3 }), seed: 1 });
  await s.optimize((p) => p.x, { nTrials: 5 });
  assert.match(s.trials[0].why, /random startup \(0\/3/);
  assert.match(s.trials[4].why, /best of 24 candidates/);
  assert.throws(() => tpeSampler({ nStartupTrials: -1 }), /nStartupTrials/);
  assert.throws(() => tpeSampler({ priorWeight: 0 }), /priorWeight/);
});

test("kernel-height scoring weighs each continuous kernel by its bandwidth (Optuna 3.x log-pdf)", () => {
  const dims = [{ dist: float(0, 1) }];
  const dens = new ParzenEstimator(dims, [[0.3]], [1]);
  const height = new ParzenEstimator(dims, [[0.3]], [1], { scoring: "kernel-height" });
  // one observation at 0.3: neighbours are the prior centre 0.5 and the ends → σ = 0.2 (0.5 − 0.3), clipped ≥ 1/3
  const sigma = 1 / 3;
  const x = 0.42;
  const tn = (mu: number, s: number): number =>
    Math.exp(-0.5 * ((x - mu) / s) ** 2) / (s * Math.sqrt(2 * Math.PI)) / (normCdf((1 - mu) / s) - normCdf(-mu / s));
  const d = 0.5 * tn(0.3, sigma) + 0.5 * tn(0.5, 1);
  const h = 0.5 * sigma * tn(0.3, sigma) + 0.5 * 1 * tn(0.5, 1);
  assert.ok(Math.abs(dens.logPdf([[x]])[0] - Math.log(d)) < 1e-6);
  assert.ok(Math.abs(height.logPdf([[x]])[0] - Math.log(h)) < 1e-6);
  assert.throws(() => new ParzenEstimator(dims, [], [], { scoring: "nope" as never }), /scoring/);
});

test("TPE learns categorical and conditional parameters (univariate and multivariate)", async () => {
  const space = {
    opt: categorical(["adam", "sgd", "rmsprop", "adagrad"]),
    m: when("opt", "sgd", float(0, 1)),
    x: float(0, 1),
  };
  const f = (p: { opt: string; m?: number; x: number }): number => (p.opt === "sgd" ? Math.abs((p.m as number) - 0.7) : 1) + Math.abs(p.x - 0.2);
  for (const multivariate of [false, true]) {
    const s = await createStudy({ space, sampler: tpeSampler({ multivariate }), seed: 4 });
    await s.optimize((p) => f(p), { nTrials: 50 });
    const late = s.trials.slice(30);
    // random search would pick sgd in 5 of 20
    assert.ok(
      late.filter((t) => t.params.opt === "sgd").length >= 10,
      `multivariate=${multivariate}: sgd chosen in ${late.filter((t) => t.params.opt === "sgd").length}/20 late trials`,
    );
    assert.ok((s.bestValue as number) < 0.15, `best ${s.bestValue}`);
  }
});

test("constant liar: running trials join the above group", async () => {
  const s = await createStudy({ space: { x: float(0, 1) }, sampler: randomSampler(), seed: 1 });
  await s.optimize((p) => (p.x - 0.3) ** 2, { nTrials: 15 });
  const pending = await s.ask();
  const ctx = { space: s.space, trials: s.trials, direction: "minimize" as const, number: s.trials.length };
  const withLiar = tpeSampler().sample({ ...ctx, rng: createRng(8) });
  const without = tpeSampler({ constantLiar: false }).sample({ ...ctx, rng: createRng(8) });
  assert.match(withLiar.why, /2 below, 14 above, 1 running as liars/);
  assert.match(without.why, /2 below, 13 above\)/);
  await s.tell(pending, 0);
});

test("parity with Optuna 3.1.0: log l(x) − log g(x) on a fixed history (univariate and multivariate)", () => {
  // reference values computed with Debian's python3-optuna 3.1.0 (_ParzenEstimator with TPESampler defaults)
  const space = { x: float(-5, 10), lr: float(1e-5, 1e-1, { log: true }), n: int(1, 32) };
  const below = { x: [3.1, -2.9, 9.4], lr: [1e-3, 3e-3, 2e-4], n: [4, 5, 12] };
  const above = {
    x: [-4.5, 0.2, 1.7, 5.5, 7.7, 8.9, -1.1, 4.4, 6.6],
    lr: [1e-5, 0.05, 0.1, 2e-5, 7e-2, 3e-4, 1e-2, 5e-5, 0.09],
    n: [1, 2, 30, 31, 17, 8, 25, 3, 28],
  };
  const pts = { x: [-5, -3, 0, 3, 9.5], lr: [1e-5, 1e-4, 1e-3, 1e-2, 0.1], n: [1, 4, 5, 16, 32] };
  const optuna: Record<string, number[]> = {
    x: [0.8697364, 0.90333252, 0.86696905, 1.0505247, 1.14472814],
    lr: [0.04991041, 0.73238272, 1.05399774, 0.67672855, -0.41836904],
    n: [-0.24518209, 0.10532007, 0.31588428, 0.65298244, -1.80836947],
    mv: [-0.55394387, 0.68740485, 1.3303263, 0.92164937, 0.59027167],
  };
  const names = ["x", "lr", "n"] as const;
  const ratio = (ns: readonly (typeof names)[number][], multivariate: boolean): number[] => {
    const dims = ns.map((n) => ({ dist: space[n] }));
    const rows = (g: Record<string, number[]>) => g.x.map((_, i) => ns.map((n) => toUnit(space[n], g[n][i])));
    const opts = { multivariate, scoring: "kernel-height" as const };
    const l = new ParzenEstimator(dims, rows(below), defaultWeights(3), opts);
    const g = new ParzenEstimator(dims, rows(above), defaultWeights(9), opts);
    const q = rows(pts);
    const ll = l.logPdf(q);
    const lg = g.logPdf(q);
    return q.map((_, i) => ll[i] - lg[i]);
  };
  for (const n of names) ratio([n], false).forEach((v, i) => assert.ok(Math.abs(v - optuna[n][i]) < 1e-5, `${n}[${i}]: ${v} vs ${optuna[n][i]}`));
  ratio([...names], true).forEach((v, i) => assert.ok(Math.abs(v - optuna.mv[i]) < 1e-5, `mv[${i}]: ${v} vs ${optuna.mv[i]}`));
});
