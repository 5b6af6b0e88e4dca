// Search benchmark against Optuna 5 (npm run bench:hpo): the 12 test functions of
// bench/hpo/suite-functions.ts, 20 seeds each, median best value (with IQR) after 25/50/100 trials
// for our TPE and GP and for Optuna's TPESampler and GPSampler, ask time per trial, and per function a
// verdict: our default sampler (autoSampler, which picks GP or TPE from the space) against Optuna's
// better sampler at 100 trials, with a two-sided Mann–Whitney p-value over the seeds.
// "Best" is the true (noise-free) value of the best observed trial.
//
// The Optuna side runs in a Python venv, found (or made) by bench/hpo/optuna-python.ts, as a child
// process beside our runs; its per-seed results are cached in bench/results/ (same problem, sampler,
// seed, n and Optuna version → the same numbers), so a rerun only computes what is missing.
// Usage: npx tsx bench/hpo/search.ts [--seeds 20] [--n 100] [--problems a,b] [--ours tpe,gp] [--optuna tpe,gp|none]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, appendFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRng } from "../../src/util/rng.js";
import { createStudy } from "../../src/hpo/study.js";
import { defineSpace } from "../../src/hpo/space.js";
import { decode } from "../../src/hpo/transform.js";
import type { Sampler } from "../../src/hpo/types.js";
import { tpeSampler } from "../../src/hpo/samplers/tpe.js";
import { gpSampler } from "../../src/hpo/samplers/gp.js";
import { randomSampler } from "../../src/hpo/samplers/random.js";
import { autoSampler } from "../../src/hpo/samplers/auto.js";
import { CHECK_FRACTIONS, SUITE } from "./suite-functions.js";
import { mannWhitney } from "./rank-test.js";
import { optunaPython } from "./optuna-python.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const BUDGETS = [25, 50, 100];

const OURS: Readonly<Record<string, () => Sampler>> = {
  tpe: () => tpeSampler(),
  gp: () => gpSampler(),
  // ablations of the GP's robustness choices (input warping is off by default)
  "gp-warp": () => gpSampler({ inputWarping: true }),
  "gp-no-transform": () => gpSampler({ outputTransform: "none" }),
  "gp-plain": () => gpSampler({ inputWarping: false, outputTransform: "none" }),
  random: () => randomSampler(),
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

/** One seeded run: true value of the best observed trial after each trial, and ms per ask. */
interface Run {
  readonly best: number[];
  readonly msPerAsk: number;
}

/** Best-so-far of the true values, choosing by the observed ones (they differ only for the noisy problem). */
function bestSoFar(observed: readonly number[], truth: readonly number[]): number[] {
  const out: number[] = [];
  let bestObs = Infinity;
  let bestTrue = Infinity;
  observed.forEach((o, i) => {
    if (o < bestObs) {
      bestObs = o;
      bestTrue = truth[i];
    }
    out.push(bestTrue);
  });
  return out;
}

async function runOurs(problem: string, sampler: string, seed: number, n: number): Promise<Run> {
  const pb = SUITE[problem];
  const study = await createStudy({ space: pb.space, sampler: OURS[sampler](), seed });
  const rng = createRng(1000 + seed, 7);
  const observed: number[] = [];
  const truth: number[] = [];
  let objectiveMs = 0;
  const t0 = performance.now();
  await study.optimize(
    (p) => {
      const s = performance.now();
      const params = p as Readonly<Record<string, number | string | boolean>>;
      const y = pb.f(params, () => rng.uniform());
      observed.push(y);
      truth.push(pb.truth(params));
      objectiveMs += performance.now() - s;
      return y;
    },
    { nTrials: n },
  );
  return { best: bestSoFar(observed, truth), msPerAsk: (performance.now() - t0 - objectiveMs) / n };
}

interface OptunaLine {
  problem: string;
  sampler: string;
  seed: number;
  observed: number[];
  truth: number[];
  msPerAsk: number;
  optuna: string;
  /** 2 once suggest_* time counts as ask time (earlier lines under-reported Optuna's ask time). */
  timing?: number;
}

const cacheFile = (version: string) => join(HERE, "..", "results", `optuna-${version}-suite.jsonl`);

function readCache(file: string): OptunaLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as OptunaLine);
}

/** Starts the Optuna runs that the cache lacks; resolves when they are all in the cache. */
function runOptuna(python: string, version: string, jobs: { problem: string; sampler: string; seeds: number[] }[], n: number): Promise<void> {
  const file = cacheFile(version);
  mkdirSync(dirname(file), { recursive: true });
  const have = new Set(
    readCache(file)
      .filter((l) => l.truth.length === n && l.timing === 2)
      .map((l) => `${l.problem}/${l.sampler}/${l.seed}`),
  );
  const todo = jobs.flatMap((j) => j.seeds.filter((s) => !have.has(`${j.problem}/${j.sampler}/${s}`)).map((s) => ({ ...j, seed: s })));
  if (todo.length === 0) return Promise.resolve();
  console.log(`optuna: ${todo.length} runs to compute (the rest from ${file})`);
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(HERE, "optuna_suite.py"), "jobs", "--n", String(n)], { stdio: ["pipe", "pipe", "inherit"] });
    let buf = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buf += chunk.toString();
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) appendFileSync(file, line + "\n");
      }
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`optuna_suite.py exited with code ${code}`))));
    child.stdin.end(JSON.stringify(todo.map(({ problem, sampler, seed }) => ({ problem, sampler, seed }))));
  });
}

/** Checks that the two implementations of each function agree at a few points. */
async function checkFunctions(python: string, problems: readonly string[]): Promise<void> {
  const points: Record<string, Record<string, unknown>[]> = {};
  for (const name of problems) {
    const space = defineSpace(SUITE[name].space);
    points[name] = CHECK_FRACTIONS.map((t) =>
      decode(
        space,
        space.names.map((_, k) => (t + 0.137 * k) % 1),
      ),
    );
  }
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(python, [join(HERE, "optuna_suite.py"), "check"], { stdio: ["pipe", "pipe", "inherit"] });
    let s = "";
    child.stdout.on("data", (c: Buffer) => (s += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(s) : reject(new Error(`optuna_suite.py check exited with ${code}`))));
    child.stdin.end(JSON.stringify(points));
  });
  const theirs = JSON.parse(out) as Record<string, number[]>;
  for (const name of problems) {
    points[name].forEach((p, i) => {
      const ours = SUITE[name].truth(p as never);
      if (!(Math.abs(ours - theirs[name][i]) <= 1e-9 * Math.max(1, Math.abs(ours)))) {
        throw new Error(`${name} differs between TypeScript (${ours}) and Python (${theirs[name][i]}) at ${JSON.stringify(p)}`);
      }
    });
  }
  console.log(`harness check: the TypeScript and Python functions agree at ${CHECK_FRACTIONS.length} points each`);
}

const fmt = (v: number): string => {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return v.toPrecision(4).replace(/\.?0+$/, (m) => (m.includes(".") ? "" : m));
};
const cell = (xs: readonly number[]): string => `${fmt(quantile(xs, 0.5))} [${fmt(quantile(xs, 0.25))}, ${fmt(quantile(xs, 0.75))}]`;

async function main(): Promise<void> {
  const seeds = Number(arg("seeds", "20"));
  const n = Number(arg("n", "100"));
  const problems = arg("problems", Object.keys(SUITE).join(",")).split(",").filter(Boolean);
  const ours = arg("ours", "tpe,gp").split(",").filter(Boolean);
  const theirs = arg("optuna", "tpe,gp")
    .split(",")
    .filter((s) => s && s !== "none");
  for (const p of problems) if (!(p in SUITE)) throw new Error(`unknown problem "${p}"; known: ${Object.keys(SUITE).join(", ")}`);
  for (const s of ours) if (!(s in OURS)) throw new Error(`unknown sampler "${s}"; known: ${Object.keys(OURS).join(", ")}`);
  const budgets = BUDGETS.filter((b) => b <= n);
  const auto = autoSampler();
  const defaults = Object.fromEntries(problems.map((p) => [p, auto.choose(defineSpace(SUITE[p].space))]));
  for (const p of problems) if (!ours.includes(defaults[p].sampler)) ours.push(defaults[p].sampler);

  let optuna: Promise<void> = Promise.resolve();
  let version = "";
  if (theirs.length > 0) {
    const py = await optunaPython();
    version = py.version;
    console.log(`Optuna ${version} (${py.python})`);
    await checkFunctions(py.python, problems);
    optuna = runOptuna(
      py.python,
      version,
      problems.flatMap((problem) => theirs.map((sampler) => ({ problem, sampler, seeds: Array.from({ length: seeds }, (_, i) => i) }))),
      n,
    );
    optuna.catch(() => undefined);
  }
  console.log(
    `search benchmark: ${problems.length} functions, ${seeds} seeds, ${n} trials; median [IQR] of the best true value after ${budgets.join("/")} trials (lower is better)`,
  );

  const results: Record<string, Record<string, Run[]>> = {};
  for (const problem of problems) {
    results[problem] = {};
    for (const s of ours) {
      const t0 = performance.now();
      const runs: Run[] = [];
      for (let seed = 0; seed < seeds; seed++) {
        runs.push(await runOurs(problem, s, seed, n));
        // let the child process's output be read between runs
        await new Promise((r) => setImmediate(r));
      }
      results[problem][`ours ${s}`] = runs;
      process.stderr.write(`  ${problem} ours ${s}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    }
  }
  await optuna;
  if (theirs.length > 0) {
    for (const l of readCache(cacheFile(version))) {
      if (!problems.includes(l.problem) || !theirs.includes(l.sampler) || l.seed >= seeds || l.truth.length !== n || l.timing !== 2) continue;
      const key = `optuna ${l.sampler}`;
      (results[l.problem][key] ??= [])[l.seed] = { best: bestSoFar(l.observed, l.truth), msPerAsk: l.msPerAsk };
    }
  }

  const verdicts: string[] = [];
  for (const problem of problems) {
    const pb = SUITE[problem];
    console.log(`\n${problem} — ${pb.about}; f* = ${fmt(pb.min)}; default: auto → ${defaults[problem].sampler} (${defaults[problem].reason})`);
    console.log(`${"sampler".padEnd(12)}${budgets.map((b) => `best@${b}`.padEnd(30)).join("")}ms/ask`);
    for (const [key, runs] of Object.entries(results[problem])) {
      const full = runs.filter(Boolean);
      if (full.length === 0) continue;
      const ms = full.reduce((a, r) => a + r.msPerAsk, 0) / full.length;
      console.log(`${key.padEnd(12)}${budgets.map((b) => cell(full.map((r) => r.best[b - 1])).padEnd(30)).join("")}${ms.toFixed(1)}`);
    }
    if (theirs.length === 0) continue;
    const last = n - 1;
    const mine = results[problem][`ours ${defaults[problem].sampler}`].map((r) => r.best[last]);
    let bestKey = "";
    let bestMed = Infinity;
    for (const s of theirs) {
      const runs = results[problem][`optuna ${s}`]?.filter(Boolean) ?? [];
      if (runs.length === 0) continue;
      const med = quantile(
        runs.map((r) => r.best[last]),
        0.5,
      );
      if (med < bestMed) {
        bestMed = med;
        bestKey = `optuna ${s}`;
      }
    }
    if (!bestKey) continue;
    const other = results[problem][bestKey].filter(Boolean).map((r) => r.best[last]);
    const mMine = quantile(mine, 0.5);
    const { p } = mannWhitney(mine, other);
    const word = mMine < bestMed ? (p < 0.05 ? "WIN" : "ahead (not significant)") : mMine === bestMed ? "TIE" : p < 0.05 ? "LOSS" : "behind (not significant)";
    const line = `${problem.padEnd(18)} default (${defaults[problem].sampler}) ${fmt(mMine)} vs ${bestKey} ${fmt(bestMed)} at ${n}: ${word}, Mann–Whitney p = ${p.toPrecision(2)}`;
    console.log(`verdict: ${line}`);
    verdicts.push(line);
  }
  if (verdicts.length > 0) {
    console.log(`\nverdicts (our default sampler vs Optuna ${version}'s better sampler per function, median best@${n} over ${seeds} seeds):`);
    for (const v of verdicts) console.log(`  ${v}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
