// GP-BO benchmark: Branin (best at 20/50 evaluations) and Hartmann6 (best at 20/50/100), median over
// seeds, beside the Optuna 3.1 anchors and the targets; plus the time of one GP ask() with
// 100 completed trials in 6-D. A sequential ask/tell loop on records (no study needed).
// Usage: npx tsx bench/hpo/gp.ts [--seeds 20] [--only branin|hartmann6|timing]
import { createRng, deriveSeed } from "../../src/util/rng.js";
import { defineSpace, float, type Space } from "../../src/hpo/space.js";
import type { Sampler, TrialRecord } from "../../src/hpo/types.js";
import { newTrialRecord } from "../../src/hpo/storage/record.js";
import { gpSampler } from "../../src/hpo/samplers/gp.js";

/** Branin-Hoo on x1 ∈ [−5, 10], x2 ∈ [0, 15]; f* = 0.397887. */
function branin(p: Record<string, number>): number {
  const { x1, x2 } = p;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));
const H6_ALPHA = [1, 1.2, 3, 3.2];

/** Hartmann6 on [0,1]^6; f* = −3.32237. */
function hartmann6(p: Record<string, number>): number {
  const x = [p.x1, p.x2, p.x3, p.x4, p.x5, p.x6];
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let e = 0;
    for (let j = 0; j < 6; j++) e += H6_A[i][j] * (x[j] - H6_P[i][j]) ** 2;
    s += H6_ALPHA[i] * Math.exp(-e);
  }
  return -s;
}

function complete(r: TrialRecord, value: number): TrialRecord {
  return Object.freeze({ ...r, state: "complete", value, completedAt: r.createdAt });
}

/** Runs `n` sequential evaluations; returns best-so-far after each evaluation. */
function run(sampler: Sampler, space: Space, f: (p: Record<string, number>) => number, n: number, seed: number): number[] {
  const trials: TrialRecord[] = [];
  const bestSoFar: number[] = [];
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const s = sampler.sample({ space, trials, direction: "minimize", number: i, rng: createRng(deriveSeed(seed, i)) });
    if (s === null || s instanceof Promise) throw new Error("unexpected sampler result");
    const rec = newTrialRecord(i, { state: "running", params: s.params, why: s.why }, 0);
    const v = f(s.params as Record<string, number>);
    trials.push(complete(rec, v));
    best = Math.min(best, v);
    bestSoFar.push(best);
  }
  return bestSoFar;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const args = process.argv.slice(2);
const seedsArg = args.indexOf("--seeds");
const nSeeds = seedsArg >= 0 ? Number(args[seedsArg + 1]) : 20;
const onlyArg = args.indexOf("--only");
const only = onlyArg >= 0 ? args[onlyArg + 1] : undefined;

const braninSpace = defineSpace({ x1: float(-5, 10), x2: float(0, 15) });
const h6Space = defineSpace({ x1: float(0, 1), x2: float(0, 1), x3: float(0, 1), x4: float(0, 1), x5: float(0, 1), x6: float(0, 1) });

function bench(name: string, space: Space, f: (p: Record<string, number>) => number, budgets: number[], anchors: string, target: string): void {
  const n = Math.max(...budgets);
  const curves: number[][] = [];
  const t0 = performance.now();
  for (let seed = 0; seed < nSeeds; seed++) curves.push(run(gpSampler(), space, f, n, seed));
  const sec = (performance.now() - t0) / 1000;
  const cols = budgets.map((b) => `@${b} ${median(curves.map((c) => c[b - 1])).toFixed(3)}`).join("  ");
  console.log(`${name} GP median best over ${nSeeds} seeds: ${cols}   (${sec.toFixed(1)} s)`);
  console.log(`  Optuna 3.1 TPE medians: ${anchors};  target: ${target}`);
}

if (!only || only === "branin") bench("Branin", braninSpace, branin, [20, 50], "@20 1.37 @50 0.57", "≤ 0.40 @50");
if (!only || only === "hartmann6") bench("Hartmann6", h6Space, hartmann6, [20, 50, 100], "@20 −1.51 @50 −2.76 @100 −3.07", "≤ −3.20 @100");
if (!only || only === "timing") {
  // 100 completed random trials in 6-D, then time ask() (median of several calls).
  const rng = createRng(12345);
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 100; i++) {
    const params = Object.fromEntries(h6Space.names.map((k) => [k, rng.uniform()]));
    trials.push(complete(newTrialRecord(i, { state: "running", params }, 0), hartmann6(params)));
  }
  const sampler = gpSampler();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    const c0 = cpu();
    sampler.sample({ space: h6Space, trials, direction: "minimize", number: 100, rng: createRng(deriveSeed(7, r)) });
    cpuTimes.push(cpu() - c0);
    times.push(performance.now() - t0);
  }
  // The first call includes JIT warm-up; the median ignores it. CPU time is less sensitive to a loaded machine.
  console.log(
    `GP ask() with 100 completed trials in 6-D: median ${median(times).toFixed(1)} ms wall, ${median(cpuTimes).toFixed(1)} ms CPU ` +
      `(min ${Math.min(...times).toFixed(1)} ms wall, ${times.length} calls); target < 100 ms; ratio ${(median(times) / 100).toFixed(2)}`,
  );
}
