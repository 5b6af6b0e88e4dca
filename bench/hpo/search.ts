// Search benchmark: Branin and Hartmann6, N seeds, median best value at 20/50/100 evaluations per
// sampler, printed beside Optuna 3.1's medians; random search is also checked against its exact
// Monte-Carlo expectation (a check of the harness). Runs through createStudy/optimize.
// Verdict per budget: "≤" our median is at or below Optuna's; "≈" Optuna's median lies inside the
// 95 % bootstrap interval of ours (a tie within seed noise); "worse" otherwise.
// Usage: npx tsx bench/hpo/search.ts [--samplers random,qmc,tpe,tpe-multivariate,gp] [--seeds 20] [--problems branin,hartmann6]
import { createRng } from "../../src/util/rng.js";
import { createStudy } from "../../src/hpo/study.js";
import { defineSpace, type Space } from "../../src/hpo/space.js";
import { decode } from "../../src/hpo/transform.js";
import { branin, braninSpace, hartmann6, hartmann6Space, BRANIN_MIN, HARTMANN6_MIN } from "../../src/hpo/test-functions.js";
import { SEARCH_SAMPLERS } from "./search-samplers.js";
import { BUDGETS, GP_TARGETS, OPTUNA_31, OPTUNA_31_SEEDS_20_39, RANDOM_MC_MEDIAN } from "./search-anchors.js";

type Problem = { space: Space; f: (p: never) => number; min: number };
const PROBLEMS: Record<string, Problem> = {
  branin: { space: defineSpace(braninSpace), f: branin as (p: never) => number, min: BRANIN_MIN },
  hartmann6: { space: defineSpace(hartmann6Space), f: hartmann6 as (p: never) => number, min: HARTMANN6_MIN },
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Best-so-far values at each budget for one seeded study. */
async function run(problem: Problem, sampler: string, seed: number, n: number): Promise<{ best: number[]; msPerAsk: number }> {
  const study = await createStudy({ space: problem.space, sampler: SEARCH_SAMPLERS[sampler](seed), seed });
  let askMs = 0;
  let t0 = performance.now();
  await study.optimize(
    (p) => {
      askMs += performance.now() - t0;
      return problem.f(p as never);
    },
    { nTrials: n, callbacks: [() => void (t0 = performance.now())] },
  );
  const vals = study.trials.map((t) => (t.state === "complete" ? (t.value as number) : Infinity));
  return { best: BUDGETS.map((b) => Math.min(...vals.slice(0, b))), msPerAsk: askMs / n };
}

/** Distribution of the median over `seeds` runs of random search, from `repeats` direct Monte-Carlo draws with our rng. */
function randomMedianInterval(problem: Problem, seeds: number, repeats = 2000): { expected: number[]; lo: number[]; hi: number[] } {
  const rng = createRng(12345);
  const d = problem.space.names.length;
  const bests: number[][] = BUDGETS.map(() => []);
  for (let r = 0; r < repeats; r++) {
    let best = Infinity;
    let k = 0;
    for (let i = 1; i <= BUDGETS[BUDGETS.length - 1]; i++) {
      const u = Array.from({ length: d }, () => rng.uniform());
      best = Math.min(best, problem.f(decode(problem.space, u) as never));
      if (i === BUDGETS[k]) bests[k++].push(best);
    }
  }
  // 95 % interval of a median of `seeds` runs, by resampling the Monte-Carlo bests
  const lo: number[] = [];
  const hi: number[] = [];
  bests.forEach((b) => {
    const meds: number[] = [];
    for (let s = 0; s < 1000; s++) meds.push(median(Array.from({ length: seeds }, () => b[rng.int(b.length)])));
    meds.sort((x, y) => x - y);
    lo.push(meds[25]);
    hi.push(meds[974]);
  });
  return { expected: bests.map(median), lo, hi };
}

/** 95 % bootstrap interval of the median of `xs`. */
function medianInterval(xs: readonly number[], seed = 7): [number, number] {
  const rng = createRng(seed);
  const meds: number[] = [];
  for (let s = 0; s < 2000; s++) meds.push(median(Array.from({ length: xs.length }, () => xs[rng.int(xs.length)])));
  meds.sort((a, b) => a - b);
  return [meds[50], meds[1949]];
}

const fmt = (v: number | undefined): string => (v === undefined ? "—" : v.toFixed(2));
const pad = (s: string, n: number): string => s.padStart(n);

async function main(): Promise<void> {
  const samplers = arg("samplers", Object.keys(SEARCH_SAMPLERS).join(",")).split(",").filter(Boolean);
  const seeds = Number(arg("seeds", "20"));
  const problems = arg("problems", "branin,hartmann6").split(",").filter(Boolean);
  for (const s of samplers) if (!(s in SEARCH_SAMPLERS)) throw new Error(`unknown sampler "${s}"; known: ${Object.keys(SEARCH_SAMPLERS).join(", ")}`);
  for (const p of problems) if (!(p in PROBLEMS)) throw new Error(`unknown problem "${p}"; known: ${Object.keys(PROBLEMS).join(", ")}`);
  const n = BUDGETS[BUDGETS.length - 1];
  console.log(`search benchmark: ${seeds} seeds (0…${seeds - 1}), median best value at ${BUDGETS.join("/")} evaluations (lower is better)`);
  for (const name of problems) {
    const problem = PROBLEMS[name];
    console.log(`\n${name} (f* = ${problem.min.toFixed(5)})`);
    console.log(`${"sampler".padEnd(18)}${BUDGETS.map((b) => pad(`ours@${b}`, 9)).join("")}  ${BUDGETS.map((b) => pad(`optuna@${b}`, 11)).join("")}   vs Optuna (≤ / ≈ / worse)    ms/ask`);
    for (const sampler of samplers) {
      const started = performance.now();
      const runs: { best: number[]; msPerAsk: number }[] = [];
      for (let seed = 0; seed < seeds; seed++) runs.push(await run(problem, sampler, seed, n));
      const med = BUDGETS.map((_, k) => median(runs.map((r) => r.best[k])));
      const anchor = OPTUNA_31[name]?.[sampler];
      let verdict = "";
      if (anchor) {
        // per budget: "≤" ours at or below Optuna's median; "≈" Optuna's median inside our median's 95 % bootstrap interval; "worse"
        verdict = BUDGETS.map((_, k) => {
          if (med[k] <= anchor[k] + 1e-9) return "≤";
          const [lo, hi] = medianInterval(runs.map((r) => r.best[k]));
          return anchor[k] >= lo && anchor[k] <= hi ? "≈" : "worse";
        }).join(" ");
      } else if (sampler === "gp") {
        const t = GP_TARGETS[name];
        verdict = t.map((v, k) => (v === undefined ? "" : `target@${BUDGETS[k]} ≤ ${v}: ${med[k] <= v ? "met" : "MISSED"}`)).filter(Boolean).join(" ");
      }
      const ms = runs.reduce((a, r) => a + r.msPerAsk, 0) / runs.length;
      console.log(
        `${sampler.padEnd(18)}${med.map((m) => pad(fmt(m), 9)).join("")}  ${BUDGETS.map((_, k) => pad(fmt(anchor?.[k]), 11)).join("")}   ${verdict.padEnd(29)}${ms.toFixed(2)}   (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      const other = OPTUNA_31_SEEDS_20_39[name]?.[sampler];
      if (other) console.log(`${"  (seeds 20–39)".padEnd(18)}${" ".repeat(9 * BUDGETS.length)}  ${other.map((m) => pad(fmt(m), 11)).join("")}   Optuna 3.1 itself on other seeds`);
      if (sampler === "random") {
        const mc = randomMedianInterval(problem, seeds);
        const inside = med.map((m, k) => m >= mc.lo[k] && m <= mc.hi[k]);
        console.log(
          `${"  MC expectation".padEnd(18)}${mc.expected.map((m) => pad(fmt(m), 9)).join("")}  ${RANDOM_MC_MEDIAN[name].map((m) => pad(fmt(m), 11)).join("")}   ` +
            `harness check: ${inside.every(Boolean) ? "ours inside" : "OUTSIDE"} the 95% interval of a ${seeds}-seed median ` +
            `[${mc.lo.map(fmt).join(", ")}] … [${mc.hi.map(fmt).join(", ")}] (right column: numpy MC)`,
        );
      }
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
