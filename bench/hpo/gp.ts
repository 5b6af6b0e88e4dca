// GP-BO benchmark: Branin (best at 20/50 evaluations) and Hartmann6 (best at 20/50/100), median over
// seeds, beside the Optuna 3.1 anchors and the targets; plus the time of one GP ask() with
// 100 completed trials in 6-D. Runs through createStudy/optimize (memory storage, concurrency 1).
// Usage: npx tsx bench/hpo/gp.ts [--seeds 20] [--only branin|hartmann6|timing] [--concurrency 1]
import { loadavg } from "node:os";
import { createRng, deriveSeed } from "../../src/util/rng.js";
import { defineSpace, type Space } from "../../src/hpo/space.js";
import type { TrialRecord } from "../../src/hpo/types.js";
import { newTrialRecord } from "../../src/hpo/storage/record.js";
import { gpSampler } from "../../src/hpo/samplers/gp.js";
import { createStudy } from "../../src/hpo/study.js";
import { BRANIN_MIN, HARTMANN6_MIN, branin, braninSpace, hartmann6, hartmann6Space } from "../../src/hpo/test-functions.js";

function complete(r: TrialRecord, value: number): TrialRecord {
  return Object.freeze({ ...r, state: "complete", value, completedAt: r.createdAt });
}

/** Runs `n` evaluations through a study; returns best-so-far after each evaluation (in trial-number order). */
async function run(space: Space, f: (p: never) => number, n: number, seed: number, concurrency: number): Promise<number[]> {
  const study = await createStudy({ space, sampler: gpSampler(), seed, direction: "minimize" });
  await study.optimize((p) => f(p as never), { nTrials: n, concurrency });
  const trials = [...study.trials].sort((a, b) => a.number - b.number);
  const bestSoFar: number[] = [];
  let best = Infinity;
  for (const t of trials) {
    if (t.state === "complete" && t.value !== undefined) best = Math.min(best, t.value);
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

const concArg = args.indexOf("--concurrency");
const concurrency = concArg >= 0 ? Number(args[concArg + 1]) : 1;
const h6Space = defineSpace(hartmann6Space);

async function bench(name: string, space: Space, f: (p: never) => number, fMin: number, budgets: number[], anchors: string, target: string): Promise<void> {
  const n = Math.max(...budgets);
  const curves: number[][] = [];
  const t0 = performance.now();
  for (let seed = 0; seed < nSeeds; seed++) curves.push(await run(space, f, n, seed, concurrency));
  const sec = (performance.now() - t0) / 1000;
  const cols = budgets
    .map((b) => {
      const m = median(curves.map((c) => c[b - 1]));
      return `@${b} ${m.toFixed(3)} (regret ${(m - fMin).toExponential(1)})`;
    })
    .join("  ");
  console.log(`${name} GP median best over ${nSeeds} seeds (concurrency ${concurrency}): ${cols}   (${sec.toFixed(1)} s)`);
  console.log(`  Optuna 3.1 TPE medians: ${anchors};  target: ${target}`);
}

if (!only || only === "branin") await bench("Branin", defineSpace(braninSpace), branin, BRANIN_MIN, [20, 50], "@20 1.37 @50 0.57", "≤ 0.40 @50");
if (!only || only === "hartmann6") await bench("Hartmann6", h6Space, hartmann6, HARTMANN6_MIN, [20, 50, 100], "@20 −1.51 @50 −2.76 @100 −3.07", "≤ −3.20 @100");
if (!only || only === "timing") {
  // 100 completed random trials in 6-D, then time ask() (median of several calls).
  const rng = createRng(12345);
  const trials: TrialRecord[] = [];
  for (let i = 0; i < 100; i++) {
    const params = Object.fromEntries(h6Space.names.map((k) => [k, rng.uniform()]));
    trials.push(complete(newTrialRecord(i, { state: "running", params }, 0), hartmann6(params as never)));
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
      `(min ${Math.min(...times).toFixed(1)} ms wall, ${times.length} calls, load average ${loadavg()[0].toFixed(1)}); target < 100 ms; ` +
      `ratio ${(median(times) / 100).toFixed(2)} wall, ${(median(cpuTimes) / 100).toFixed(2)} CPU`,
  );
}
