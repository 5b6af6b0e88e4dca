// Snapshot tests of the Vega-Lite specs: every spec function of src/plot gets one fixed, hand-built input
// (plain trial records, no sampler or clock involved), and its spec must equal test/plot/snapshots/<case>.snapshot.json,
// so a change to any chart is a deliberate diff (refresh: UPDATE_SNAPSHOTS=1 node scripts/test.mjs test/plot/spec-snapshots).
// Each spec is also compiled by vega-lite itself, and must compile to a Vega spec without a warning.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { categorical, float, int } from "../../src/hpo/space.js";
import type { Direction, TrialRecord, TrialState } from "../../src/hpo/types.js";
import type { AttrValue } from "../../src/hpo/types.js";
import { newTrialRecord } from "../../src/hpo/storage/record.js";
import type { GpSlice } from "../../src/hpo/gp/slice.js";
import type { VegaLiteSpec } from "../../src/plot/vega-lite-spec.js";
import { errorBarsSpec } from "../../src/plot/error-bars-spec.js";
import { histogramSpec } from "../../src/plot/histogram-spec.js";
import { coverageSpec } from "../../src/plot/hpo-coverage.js";
import { learningCurvesSpec } from "../../src/plot/hpo-curves.js";
import { gpSliceSpec } from "../../src/plot/hpo-gp.js";
import { optimizationHistorySpec } from "../../src/plot/hpo-history.js";
import { parallelCoordinatesSpec } from "../../src/plot/hpo-parallel.js";
import { paretoFrontSpec } from "../../src/plot/hpo-pareto.js";
import { hyperbandBracketsSpec, rungDiagramSpec } from "../../src/plot/hpo-schedule.js";
import { paramSlicesSpec } from "../../src/plot/hpo-slices.js";
import { lossesSpec } from "../../src/plot/losses-spec.js";

const here = dirname(fileURLToPath(import.meta.url));
const snapshots = join(here, "snapshots");
const plotSources = join(here, "..", "..", "src", "plot");
const update = process.env.UPDATE_SNAPSHOTS === "1";

interface RecordInit {
  state?: TrialState;
  value?: number;
  values?: readonly number[];
  /** Intermediate values at steps 1, 2, … */
  curve?: readonly number[];
  note?: string;
  systemAttrs?: Record<string, AttrValue>;
}

/** A finished trial record built by hand (times fixed at 0), so the inputs depend on no sampler and no clock. */
function record(number: number, params: Record<string, string | number>, init: RecordInit = {}): TrialRecord {
  const base = newTrialRecord(number, { state: "running", params, systemAttrs: init.systemAttrs }, 0);
  const curve = init.curve ?? [];
  const state = init.state ?? "complete";
  return {
    ...base,
    state,
    value: init.value ?? (state === "pruned" || state === "paused" ? curve[curve.length - 1] : undefined),
    ...(init.values ? { values: init.values } : {}),
    intermediate: curve.map((value, i) => ({ step: i + 1, value })),
    note: init.note,
    completedAt: state === "paused" ? undefined : 0,
  };
}

const space = { lr: float(1e-4, 1e-1, { log: true }), units: int(8, 64), act: categorical(["relu", "tanh"]) };
/** Ten trials of `space`: values from a fixed formula, trial 3 failed. */
const trials: TrialRecord[] = [0.05, 0.002, 0.0003, 0.01, 0.08, 0.004, 0.0007, 0.02, 0.001, 0.006].map((lr, i) => {
  const params = { lr, units: 8 + ((i * 13) % 57), act: i % 3 === 0 ? "tanh" : "relu" };
  if (i === 3) return record(i, params, { state: "failed", note: "NaN objective" });
  const value = Number(((Math.log10(lr) + 2.5) ** 2 + params.units / 64 + (params.act === "relu" ? 0 : 0.3)).toFixed(6));
  return record(i, params, { value });
});

/** A grid and a random search over (x1, x2). */
const grid = [0, 1, 2].flatMap((a) => [0, 1, 2].map((b) => ({ x1: -5 + 7.5 * a, x2: 7.5 * b })));
const random = [
  [-3.1, 2.2],
  [0.4, 11.8],
  [7.9, 5.5],
  [-4.6, 14.1],
  [3.3, 0.7],
  [9.2, 9.9],
  [-1.7, 6.4],
  [5.8, 12.6],
  [1.1, 3.9],
].map(([x1, x2]) => ({ x1, x2 }));
const bowl = (p: { x1: number; x2: number }): number => Number(((p.x1 - 2) ** 2 / 10 + (p.x2 - 5) ** 2 / 20).toFixed(6));
const gridTrials = grid.map((p, i) => record(i, p, { value: bowl(p) }));
const randomTrials = random.map((p, i) => record(i, p, { value: bowl(p) }));

/** Learning curves of six trials (maxStep 9): two complete, one paused at rung 3, three pruned, with brackets and a promotion. */
const curve = (x: number, steps: number): number[] => Array.from({ length: steps }, (_, i) => Number(((x - 0.3) ** 2 + 1 / (i + 1)).toFixed(6)));
const curveTrials: TrialRecord[] = [
  record(0, { x: 0.31 }, { curve: curve(0.31, 9), value: curve(0.31, 9)[8], systemAttrs: { bracket: 0, resumeReason: "promoted from rung 3" } }),
  record(1, { x: 0.9 }, { state: "pruned", curve: curve(0.9, 1), note: "below the rung-1 median", systemAttrs: { bracket: 0 } }),
  record(2, { x: 0.5 }, { state: "paused", curve: curve(0.5, 3), note: "waiting at rung 3", systemAttrs: { bracket: 0 } }),
  record(3, { x: 0.2 }, { curve: curve(0.2, 9), value: curve(0.2, 9)[8], systemAttrs: { bracket: 1 } }),
  record(4, { x: 0.75 }, { state: "pruned", curve: curve(0.75, 3), note: "below the rung-3 median", systemAttrs: { bracket: 1 } }),
  record(5, { x: 0.05 }, { state: "pruned", curve: curve(0.05, 1), note: "below the rung-1 median", systemAttrs: { bracket: 1 } }),
];

/** A two-objective study: error (minimize) vs speed (maximize), one infeasible trial, the front given. */
const paretoTrials = [
  [0.1, 0.2],
  [0.3, 0.6],
  [0.5, 0.9],
  [0.4, 0.4],
  [0.7, 0.8],
  [0.2, 0.1],
  [0.6, 0.95],
].map(([error, speed], i) => record(i, { x: error, y: speed }, { values: [error, speed], systemAttrs: i === 6 ? { constraints: [0.15] } : {} }));
const paretoSource = {
  trials: paretoTrials,
  directions: ["minimize", "maximize"] as Direction[],
  objectiveNames: ["error", "speed"],
  bestTrials: [0, 1, 2].map((i) => paretoTrials[i]),
};

/** A GP slice along a log parameter: the posterior mean is a parabola in log10(lr), σ grows away from the observations. */
const observedLr = [1e-4, 1e-3, 1e-2, 1e-1];
const gpPoints = Array.from({ length: 13 }, (_, i) => {
  const e = -4 + i / 4;
  const mean = Number(((e + 2) ** 2 / 4).toFixed(6));
  const sd = Number((0.05 + 0.1 * Math.min(...observedLr.map((lr) => Math.abs(Math.log10(lr) - e)))).toFixed(6));
  return {
    value: Number((10 ** e).toPrecision(6)),
    mean,
    lower: Number((mean - 2 * sd).toFixed(6)),
    upper: Number((mean + 2 * sd).toFixed(6)),
    acquisition: -i,
  };
});
const gpSlice: GpSlice = {
  param: "lr",
  kind: "numeric",
  log: true,
  direction: "minimize",
  acquisitionKind: "log-ei",
  points: gpPoints.map((p, i) => ({ ...p, acquisition: Number((-((i - 8) ** 2) / 3).toFixed(6)) })),
  observed: observedLr.map((lr, i) => ({ number: i, value: lr, objective: Number(((Math.log10(lr) + 2) ** 2 / 4).toFixed(6)) })),
  fixed: { units: 32, act: "relu" },
  argmax: { ...gpPoints[8], acquisition: 0 },
};

/** Every case: a file name and the spec. Several cases of one function cover its differently shaped outputs. */
const cases: Record<string, () => VegaLiteSpec> = {
  "losses-spec": () =>
    lossesSpec({ history: { loss: [0.69, 0.52, 0.41, 0.37, 0.35], val_loss: [0.67, 0.55, 0.49, NaN, 0.5] } }, { title: "Training and validation loss" }),
  "histogram-spec": () =>
    histogramSpec(
      { hemolytic: [3, 5, 5, 6, 8, 9, 12, 14], "non-hemolytic": [2, 4, 4, 5, 7, 11] },
      { binWidth: 2, xTitle: "sequence length", title: "Lengths" },
    ),
  "error-bars-spec": () =>
    errorBarsSpec(
      [
        { group: "baseline", series: "chapter split", value: 0.78 },
        { group: "baseline", series: "chapter split", value: 0.82 },
        { group: "baseline", series: "grouped split", value: 0.7 },
        { group: "baseline", series: "grouped split", value: 0.74 },
        { group: "L2", series: "chapter split", value: 0.8 },
        { group: "L2", series: "grouped split", value: 0.76 },
      ],
      [{ group: "baseline", series: "chapter split", value: 0.798 }],
      { yTitle: "test AUC", referenceLabel: "chapter", title: "AUC over seeds" },
    ),
  "optimization-history-spec": () => optimizationHistorySpec(trials, { title: "History" }),
  "optimization-history-spec-compare": () => optimizationHistorySpec({ grid: gridTrials, random: randomTrials }, { logY: true }),
  "param-slices-spec": () => paramSlicesSpec(trials, { space }),
  "parallel-coordinates-spec": () => parallelCoordinatesSpec(trials, { space }),
  "coverage-spec": () => coverageSpec({ grid: gridTrials, random: randomTrials }, "x1", "x2"),
  "learning-curves-spec": () =>
    learningCurvesSpec(curveTrials, {
      extrapolations: { 4: [4, 5, 6, 9].map((step) => ({ step, mean: Number(((0.75 - 0.3) ** 2 + 1 / step).toFixed(6)), std: 0.01 * step })) },
      valueTitle: "val loss",
    }),
  "hyperband-brackets-spec": () =>
    hyperbandBracketsSpec([
      {
        s: 2,
        rounds: [
          { n: 9, r: 1 },
          { n: 3, r: 3 },
          { n: 1, r: 9 },
        ],
      },
      {
        s: 1,
        rounds: [
          { n: 5, r: 3 },
          { n: 1, r: 9 },
        ],
      },
      { s: 0, rounds: [{ n: 3, r: 9 }] },
    ]),
  "rung-diagram-spec": () => rungDiagramSpec(curveTrials.slice(0, 3), { rungs: [1, 3] }),
  "rung-diagram-spec-brackets": () => rungDiagramSpec(curveTrials, { rungs: { 0: [1, 3], 1: [3] } }),
  "pareto-front-spec": () => paretoFrontSpec(paretoSource),
  "gp-slice-spec": () => gpSliceSpec(gpSlice),
};

/** Names of the functions src/plot exports whose name ends in "Spec" (the spec functions). */
async function specFunctions(): Promise<string[]> {
  const names: string[] = [];
  for (const file of readdirSync(plotSources).filter((f) => f.endsWith(".ts"))) {
    const mod = (await import(join(plotSources, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === "function" && /Spec$/.test(name)) names.push(name);
  }
  return names.sort();
}

/** kebab-case of a function name: "paretoFrontSpec" → "pareto-front-spec". */
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

test("every spec function of src/plot has a snapshot case", async () => {
  const missing = (await specFunctions()).filter((name) => !(kebab(name) in cases));
  assert.deepEqual(missing, [], "add a case (one fixed input) for each new spec function");
});

let vegaLite: Promise<{ compile: (spec: unknown, options?: { logger?: unknown }) => { spec: unknown } }> | undefined;
/** vega-lite 6 has top-level await: it is loaded with import(), once. */
const loadVegaLite = () => (vegaLite ??= import("vega-lite") as never);

/** Compiles `spec` with vega-lite, collecting its warnings and errors instead of printing them. */
async function compileQuietly(spec: VegaLiteSpec): Promise<{ vega: { $schema?: string; marks?: unknown[] }; messages: string[] }> {
  const { compile } = await loadVegaLite();
  const messages: string[] = [];
  let level = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...args: unknown[]) => (messages.push(`error: ${args.join(" ")}`), logger),
    warn: (...args: unknown[]) => (messages.push(`warn: ${args.join(" ")}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  const out = compile(spec, { logger });
  return { vega: out.spec as { $schema?: string; marks?: unknown[] }, messages };
}

for (const [name, make] of Object.entries(cases)) {
  test(`${name}: the spec equals its snapshot and vega-lite compiles it without a warning`, async () => {
    const spec = make();
    // what a notebook receives: the spec as JSON (NaN and undefined do not survive)
    const json = JSON.parse(JSON.stringify(spec)) as unknown;
    const file = join(snapshots, `${name}.snapshot.json`);
    if (update || !existsSync(file)) {
      assert.ok(update || process.env.CI !== "true", `${file} is missing: run with UPDATE_SNAPSHOTS=1 and commit it`);
      mkdirSync(snapshots, { recursive: true });
      writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
    }
    assert.deepEqual(json, JSON.parse(readFileSync(file, "utf8")), `${name} changed: if on purpose, refresh with UPDATE_SNAPSHOTS=1 and commit the diff`);
    const { vega, messages } = await compileQuietly(spec);
    assert.deepEqual(messages, [], `vega-lite complained about ${name}`);
    assert.match(String(vega.$schema), /vega\/v\d+\.json$/);
    assert.ok(Array.isArray(vega.marks) && vega.marks.length > 0, `${name} compiles to a Vega spec without marks`);
  });
}

test("no snapshot file is left without a case", () => {
  const files = existsSync(snapshots) ? readdirSync(snapshots).filter((f) => f.endsWith(".snapshot.json")) : [];
  const stale = files.map((f) => f.replace(/\.snapshot\.json$/, "")).filter((n) => !(n in cases));
  assert.deepEqual(stale, [], "delete the snapshots of removed cases");
});
