// The tuning side of the chapter: params → {model, train} JSON that retrains, the search spaces (every
// sample builds), the unused-hyperparameter warning, option checks, and the seeds comparison.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../../src/backend/index.js";
import { buildModel } from "../../src/chapter/build-model.js";
import { chapterSplit } from "../../src/chapter/chapter-split.js";
import { HEMOLYSIS_LR_SCHEDULES, hemolysisConfig, hemolysisObjective, hemolysisTraining } from "../../src/chapter/hemolysis-objective.js";
import { retrainAndTest } from "../../src/chapter/retrain-and-test.js";
import { BASELINE_CONFIG, compareOverSeeds, retrainOverSeeds } from "../../src/chapter/retrain-over-seeds.js";
import { HEMOLYSIS_SPACE, SCHEDULE_SPACE } from "../../src/chapter/search-spaces.js";
import { createStudy } from "../../src/hpo/study.js";
import { randomSampler } from "../../src/hpo/samplers/random.js";
import { trainModel } from "../../src/train/train-model.js";
import { evaluate } from "../../src/train/evaluate.js";
import { SMALL, syntheticDataset } from "../train/synthetic.js";

await ensureBackend({ backend: "cpu", quiet: true });

const splits = {
  train: syntheticDataset(96, SMALL.sequenceLength, 1),
  val: syntheticDataset(48, SMALL.sequenceLength, 2),
  test: syntheticDataset(48, SMALL.sequenceLength, 3),
};
const small = { filters: 4, kernelSizes: [3], poolSizes: [2], denseUnits: [8], embeddingSize: 4 } as const;

test("hemolysisConfig: the chapter's defaults, and every knob mapped to buildModel/trainModel options as plain JSON", () => {
  assert.deepEqual(hemolysisConfig({}), { model: { reg: 0.01, addDropout: false, sequenceLength: 190 }, train: { lr: 1e-3, epochs: 20 } });
  const c = hemolysisConfig({
    lr: 2e-3,
    convBlocks: 2,
    kernelSize: 7,
    denseUnits: 128,
    dropout: 0.25,
    patience: 6,
    lrSchedule: "cosine",
    batchRamp: true,
    batchSize: 32,
    epochs: 30,
  });
  assert.deepEqual(c.model, {
    reg: 0.01,
    addDropout: true,
    dropoutRate: 0.25,
    denseUnits: [128, 32],
    kernelSizes: [7, 7],
    poolSizes: [4, 2],
    sequenceLength: 190,
  });
  assert.deepEqual(c.train, {
    lr: 2e-3,
    batchSize: 32,
    epochs: 30,
    earlyStop: { patience: 6, minDelta: 1e-3 },
    lrSchedule: { kind: "cosine", decaySteps: 30, alpha: 0.01 },
    batchSizeSchedule: { boundaries: [10, 20], factor: 2 },
  });
  assert.deepEqual(JSON.parse(JSON.stringify(c)), c, "survives JSON");
  // warmup-cosine and cyclical start below the peak rate lr
  const w = hemolysisConfig({ lr: 1e-2, lrSchedule: "warmup-cosine", epochs: 20 }).train;
  assert.deepEqual(w, { lr: 1e-3, epochs: 20, lrSchedule: { kind: "cosine", decaySteps: 18, alpha: 0.01, warmupSteps: 2, warmupTarget: 1e-2 } });
  assert.throws(() => hemolysisConfig({ lrSchedule: "linear" as never }), /lrSchedule must be one of constant, step/);
  assert.throws(() => hemolysisConfig({ convBlocks: 0 }), /convBlocks must be a positive integer/);
});

test("every named schedule trains, and the JSON configuration retrains: trainModel(buildModel({...model, seed}), splits, train)", async () => {
  for (const lrSchedule of HEMOLYSIS_LR_SCHEDULES) {
    const config = JSON.parse(JSON.stringify(hemolysisConfig({ ...small, lrSchedule, epochs: 3, batchRamp: true }, { sequenceLength: SMALL.sequenceLength })));
    const model = buildModel({ ...config.model, seed: 1 });
    const h = await trainModel(model, splits, { ...config.train, verbose: 0 });
    assert.equal(h.history.lr.length, 3, lrSchedule);
    assert.ok(h.history.val_auc.every(Number.isFinite), lrSchedule);
    model.dispose();
  }
  // The objective trains exactly that configuration.
  const params = { ...small, lr: 5e-3, lrSchedule: "step" as const, epochs: 3 };
  const config = hemolysisConfig(params, { sequenceLength: SMALL.sequenceLength });
  const model = buildModel({ ...config.model, seed: 7 });
  const h = await trainModel(model, splits, { ...config.train, seed: 7, verbose: 0 });
  model.dispose();
  assert.equal(await hemolysisObjective(splits, { seed: 7 })(params), h.history.val_auc.at(-1));
});

test("every configuration the search space can propose builds on the chapter's length-190 input", async () => {
  const study = await createStudy({ space: HEMOLYSIS_SPACE, direction: "maximize", sampler: randomSampler(), seed: 3 });
  const before = tf.memory().numTensors;
  for (let i = 0; i < 40; i++) {
    const t = await study.ask();
    const config = hemolysisConfig(t.params);
    const m = buildModel({ ...config.model, seed: i });
    assert.ok(m.countParams() > 0);
    m.dispose();
    await study.tell(t.number, 0.5);
  }
  assert.equal(tf.memory().numTensors, before);
  // Extremes of the ranges: three blocks of kernel 9, one block of kernel 3 with the widest layers.
  for (const p of [
    { convBlocks: 3, kernelSize: 9 },
    { convBlocks: 1, kernelSize: 3, filters: 64, denseUnits: 512 },
  ])
    buildModel(hemolysisConfig(p).model).dispose();
  assert.deepEqual(Object.keys(SCHEDULE_SPACE), ["lr", "lrSchedule", "batchSize", "batchRamp"]);
});

test("a hyperparameter the objective never reads is reported after the first trial, with a suggestion, once", async () => {
  const lines: string[] = [];
  const objective = hemolysisObjective(splits, { epochs: 1, warn: (l) => lines.push(l) });
  await objective({ ...small, dropuot: 0.3 } as never);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /hemolysisObjective: hyperparameter "dropuot" \(did you mean dropout\?\) was never read, so tuning it changes nothing/);
  await objective({ ...small, dropuot: 0.3 } as never);
  assert.equal(lines.length, 1, "only after the first trial");
  const quiet: string[] = [];
  await hemolysisObjective(splits, { epochs: 1, warn: (l) => quiet.push(l) })({ ...small, lr: 1e-3 });
  assert.deepEqual(quiet, []);
});

test("the chapter's options objects reject unknown keys with a suggestion", async () => {
  assert.throws(() => hemolysisObjective(splits, { epoch: 3 } as never), /hemolysisObjective: unknown option epoch; did you mean epochs\?/);
  assert.throws(() => hemolysisTraining(splits, { seeds: 1 } as never), /hemolysisTraining: unknown option seeds; did you mean seed\?/);
  assert.throws(() => chapterSplit(splits.train, { seeds: 1 } as never), /chapterSplit: unknown option seeds; did you mean seed\?/);
  assert.throws(() => hemolysisConfig({}, { epoch: 2 } as never), /hemolysisConfig: unknown option epoch; did you mean epochs\?/);
  await Promise.all([
    assert.rejects(retrainAndTest(splits, {}, { epoch: 2 } as never), /retrainAndTest: unknown option epoch; did you mean epochs\?/),
    assert.rejects(retrainOverSeeds(splits, BASELINE_CONFIG, { seed: 2 } as never), /retrainOverSeeds: unknown option seed; did you mean seeds\?/),
    assert.rejects(
      retrainOverSeeds(splits, { epochs: 3 } as never),
      /config must be a configuration \{model: <buildModel options>, train: <trainModel options>\}/,
    ),
  ]);
});

test("retrainOverSeeds and compareOverSeeds: the same seeds for both, test AUC per seed equals a run by hand, summary with the rank test", async () => {
  const tuned = hemolysisConfig({ ...small, lr: 1e-2, epochs: 3 }, { sequenceLength: SMALL.sequenceLength });
  const baseline = hemolysisConfig({ ...small, lr: 1e-3, epochs: 1 }, { sequenceLength: SMALL.sequenceLength });
  const lines: string[] = [];
  const before = tf.memory().numTensors;
  const r = await compareOverSeeds(splits, tuned, { baseline, seeds: [0, 1, 2], log: (l) => lines.push(l) });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(
    r.tuned.map((x) => x.seed),
    [0, 1, 2],
  );
  assert.deepEqual(
    r.baseline.map((x) => x.seed),
    [0, 1, 2],
  );
  assert.equal(lines.length, 6);
  assert.match(lines[0], /^baseline seed 0: test AUC \d\.\d{3} \(1 epochs, \d+ s\)$/);
  const model = buildModel({ ...tuned.model, seed: 1 });
  await trainModel(model, splits, { ...tuned.train, seed: 1, verbose: 0 });
  assert.equal((await evaluate(model, splits.test)).auc, r.tuned[1].testAuc);
  model.dispose();
  assert.equal(r.comparison.tuned.n, 3);
  assert.ok(r.comparison.test.p > 0 && r.comparison.test.p <= 1);
  assert.match(r.summary, /^tuned \d\.\d{3} \[\d\.\d{3}–\d\.\d{3}\] vs baseline .* over 3 seeds\), one-sided Mann–Whitney p = /);
  assert.deepEqual(BASELINE_CONFIG, { model: { reg: 0, addDropout: false }, train: { epochs: 20 } });
});

test("oneEpochScreening (Egele et al. 2023): one epoch each, the top k trained fully, the best by validation AUC; cost counted", async () => {
  const { oneEpochScreening } = await import("../../src/chapter/one-epoch-screening.js");
  const candidates = [1e-4, 3e-3, 1e-2, 3e-2].map((lr) => ({ ...small, lr }));
  const lines: string[] = [];
  const r = await oneEpochScreening(splits, candidates, { k: 2, epochs: 3, log: (l) => lines.push(l) });
  assert.equal(r.screened.length, 4);
  const topTwo = [...r.screened]
    .sort((a, b) => b.value - a.value)
    .slice(0, 2)
    .map((s) => s.params.lr);
  assert.deepEqual(r.finalists.map((f) => f.params.lr).sort(), topTwo.sort());
  assert.equal(r.epochsTrained, 4 + 3 + 3);
  assert.ok(r.finalists[0].value >= r.finalists[1].value);
  assert.deepEqual(r.best.config, hemolysisConfig(r.best.params, { epochs: 3, sequenceLength: SMALL.sequenceLength }));
  assert.equal(lines.length, 6);
  await assert.rejects(oneEpochScreening(splits, [], {}), /candidates must be a non-empty array/);
  const { comparisonRows } = await import("../../src/chapter/retrain-over-seeds.js");
  const rows = comparisonRows({ tuned: [{ testAuc: 0.9 }], baseline: [{ testAuc: 0.8 }] } as never, "chapter split");
  assert.deepEqual(rows, [
    { group: "chapter split", series: "baseline", value: 0.8 },
    { group: "chapter split", series: "tuned", value: 0.9 },
  ]);
});

test("params set to undefined or overridden by earlyStop are still read (no false unused warning)", async () => {
  const lines: string[] = [];
  await hemolysisObjective(splits, { epochs: 1, warn: (l) => lines.push(l) })({ ...small, patience: undefined, earlyStop: false, lrSchedule: undefined });
  await hemolysisObjective(splits, { epochs: 1, warn: (l) => lines.push(l) })({ ...small, patience: 4, earlyStop: false });
  assert.deepEqual(lines, []);
});

test("comparisonTable: one row per seed with both test AUCs and the gain, then the medians; mismatched seeds are refused", async () => {
  const { comparisonTable } = await import("../../src/chapter/retrain-over-seeds.js");
  const run = (seed: number, testAuc: number, epochs: number) => ({ seed, testAuc, testAccuracy: 0.8, valAuc: 0.8, epochs, seconds: 1 });
  const rows = comparisonTable({
    baseline: [run(0, 0.8, 20), run(1, 0.79, 20), run(2, 0.81, 20)],
    tuned: [run(0, 0.83, 12), run(1, 0.8412, 15), run(2, 0.82, 9)],
  });
  assert.deepEqual(rows, [
    { seed: 0, "baseline test AUC": 0.8, "tuned test AUC": 0.83, gain: 0.03, "baseline epochs": 20, "tuned epochs": 12 },
    { seed: 1, "baseline test AUC": 0.79, "tuned test AUC": 0.841, gain: 0.051, "baseline epochs": 20, "tuned epochs": 15 },
    { seed: 2, "baseline test AUC": 0.81, "tuned test AUC": 0.82, gain: 0.01, "baseline epochs": 20, "tuned epochs": 9 },
    { seed: "median", "baseline test AUC": 0.8, "tuned test AUC": 0.83, gain: 0.03, "baseline epochs": 20, "tuned epochs": 12 },
  ]);
  assert.throws(() => comparisonTable({ baseline: [run(0, 0.8, 1)], tuned: [run(1, 0.8, 1)] }), /same seeds in the same order, got \[1\] and \[0\]/);
});
