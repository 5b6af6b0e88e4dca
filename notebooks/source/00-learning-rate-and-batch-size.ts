// smoke: {"epochs": 2, "trainRows": 300}
// %% [markdown]
// # 0 · Training hyperparameters: learning-rate schedules and the batch size (section 18.1)
//
// Before it turns to the model, the chapter discusses two knobs of the training itself.
//
// **The learning rate.** Gradient descent moves the weights by the gradient times the learning rate.
// A large rate learns fast but can overshoot the minimum and bounce around it, or diverge. A small
// rate is more careful but needs many more epochs. A rate that suits the start of training is usually
// too large by the end. The usual fix is a **decay schedule**: start large, which also helps escape
// narrow minima that overfit, and shrink the rate as training goes on. The chapter names step,
// exponential, polynomial and cyclic schedules.
//
// **The batch size.** Small batches give noisy gradient estimates. That noise tends to push training
// towards broad minima, which generalise well, at the price of more and slower steps. Smith et al.
// (2017) showed that *growing the batch size* during training has the same effect as decaying the
// rate: where a step decay would divide the rate by 2, double the batch size instead.
//
// This notebook draws each schedule over the epochs, then trains the chapter's network with each
// one and compares the validation AUC per epoch. In `trainModel` a schedule is one option,
// `lrSchedule: {kind, …}`, and the ramp is another, `batchSizeSchedule: {boundaries, factor}`.
// Both are plain JSON, so a tuned configuration can be written down and retrained. The formulas are
// Keras's (`keras.optimizers.schedules`), and the tests check them against Keras's closed forms.

// %% tags=["parameters"]
// Epochs of every run (the chapter: 20).
let epochs = 20;
// Training rows (0 = the whole training split).
let trainRows = 0;
// Peak learning rate of the schedules (the chapter's Adam rate).
let lr = 1e-3;
// Seed of the weights, the batch order and the dropout masks (the same for every run).
let seed = 0;

// %%
import { chart, ensureBackend, lrScheduleValues, trainModel, withTrainRows, type LrScheduleSpec, type TrainModelOptions } from "tfjs-tune";
import { buildModel, chapterSplit, hemolysisConfig, HEMOLYSIS_LR_SCHEDULES, loadHemolysis } from "tfjs-tune/chapter";

const backend = await ensureBackend({ quiet: true });
const data = await loadHemolysis();
const splits = withTrainRows(chapterSplit(data, { seed: 0 }), trainRows);
console.log(`backend ${backend.name}; ${splits.train.count} training rows, ${splits.val.count} validation rows, ${epochs} epochs per run`);

// A line per series over the epochs (the Vega-Lite spec of a plain multi-line chart).
const linesSpec = (rows: { epoch: number; series: string; value: number }[], yTitle: string, title: string, logY = false) => ({
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  title: title,
  width: 460,
  height: 260,
  data: { values: rows },
  mark: { type: "line", point: true },
  encoding: {
    x: { field: "epoch", type: "quantitative", title: "epoch" },
    y: { field: "value", type: "quantitative", title: yTitle, scale: logY ? { type: "log" } : { zero: false } },
    color: { field: "series", type: "nominal", title: null },
  },
});

// %% [markdown]
// ## The schedules
//
// `hemolysisConfig` turns a schedule's name into a `trainModel` configuration. Every shape spans the
// whole run:
//
// * **step**: halve the rate at each third of the run;
// * **exponential**: decay smoothly to a tenth by the last epoch;
// * **polynomial** (power 1): fall linearly to a hundredth;
// * **cosine** (Loshchilov & Hutter 2016): follow half a cosine down to a hundredth;
// * **warmup-cosine**: climb linearly from a tenth of the rate to the full rate over the first tenth
//   of the run, then follow the cosine. A warmup avoids large, badly aimed steps while Adam's moment
//   estimates are still poor;
// * **cyclical** (Smith 2017, "triangular"): go up and down between a tenth of the rate and the rate,
//   one cycle every 4 epochs. The rate keeps returning to high values that can shake training out of
//   a poor region.

// %%
const schedules: Record<string, { lr: number; lrSchedule?: LrScheduleSpec }> = {};
for (const name of HEMOLYSIS_LR_SCHEDULES) {
  const t = hemolysisConfig({ lr: lr, lrSchedule: name, epochs: epochs }).train;
  schedules[name] = { lr: t.lr!, lrSchedule: t.lrSchedule };
}
const scheduleRows = Object.entries(schedules).flatMap(([name, s]) =>
  (s.lrSchedule ? lrScheduleValues(s.lrSchedule, epochs, s.lr) : new Array<number>(epochs).fill(s.lr)).map((v, e) => ({ epoch: e + 1, series: name, value: v })),
);
await chart(linesSpec(scheduleRows, "learning rate", "The learning rate of each epoch", true));

// %% [markdown]
// ## Their effect on the chapter's model
//
// Each schedule trains the chapter's baseline network (no L2, no dropout) from the same initial
// weights and with the same batch order. Only the learning rate differs between runs. A ninth run
// keeps the rate constant and uses the **batch-size ramp** instead: the batch doubles from 64 to 128
// at a third of the run and to 256 at two thirds. Smith et al. argue this matches a step decay that
// halves the rate at the same epochs, with fewer updates.

// %%
const runs: Record<string, TrainModelOptions> = { ...schedules };
runs["batch ramp"] = { lr: lr, batchSizeSchedule: hemolysisConfig({ lr: lr, batchRamp: true, epochs: epochs }).train.batchSizeSchedule };
const valAuc: Record<string, number[]> = {};
const seconds: Record<string, number> = {};
for (const [name, options] of Object.entries(runs)) {
  const model = buildModel({ reg: 0, addDropout: false, seed: seed });
  const h = await trainModel(model, splits, { ...options, epochs: epochs, seed: seed, verbose: 0 });
  valAuc[name] = h.history.val_auc;
  seconds[name] = h.seconds;
  model.dispose();
  console.log(`${name.padEnd(14)} validation AUC: last ${h.history.val_auc.at(-1)!.toFixed(3)}, best ${Math.max(...h.history.val_auc).toFixed(3)}; ${h.seconds.toFixed(0)} s`);
}

// %%
await chart(linesSpec(Object.entries(valAuc).flatMap(([name, v]) => v.map((x, e) => ({ epoch: e + 1, series: name, value: x }))), "validation AUC", "Validation AUC per epoch, one run per schedule"));
const table: Record<string, Record<string, number>> = {};
for (const name of Object.keys(valAuc)) {
  const v = valAuc[name];
  table[name] = { "last val AUC": Number(v.at(-1)!.toFixed(3)), "best val AUC": Number(Math.max(...v).toFixed(3)), "epoch of best": v.indexOf(Math.max(...v)) + 1, seconds: Math.round(seconds[name]) };
}
console.table(table);

// %% [markdown]
// What to look for. With a constant rate the baseline overfits: validation AUC peaks after a few
// epochs and then slides, as in the chapter's section 18.5. The decaying schedules take smaller
// steps late in training, so they hold on to more of the peak. The ramp's curve should follow the
// step decay's, in line with Smith et al.'s claim, while taking fewer updates (see the seconds).
// Each line is a single run on a single seed, and runs differ from seed to seed by about ±0.02 AUC.
// Read the chart for shapes, not for a winner. Notebook 11 tunes the schedule together with everything
// else and compares over several seeds.
//
// ## Schedules compose with the chapter's callbacks
//
// A schedule can run together with ReduceLROnPlateau and early stopping. When the plateau rule cuts
// the rate, the cut stays in force as a factor on the later scheduled rates instead of being
// overwritten at the next epoch. Here a cosine schedule runs with the chapter's ReduceLROnPlateau
// (factor 0.9, patience 5) and with early stopping:

// %%
const model = buildModel({ reg: 0.01, addDropout: true, seed: seed });
const composed = await trainModel(model, splits, {
  lr: lr,
  lrSchedule: { kind: "cosine", decaySteps: epochs, alpha: 0.01 },
  reducedLR: { patience: 2 },
  earlyStop: { patience: 6, minDelta: 1e-3 },
  epochs: epochs,
  seed: seed,
  verbose: 0,
  log: () => {},
});
model.dispose();
const cosineOnly = lrScheduleValues({ kind: "cosine", decaySteps: epochs, alpha: 0.01 }, composed.epoch.length, lr);
await chart(
  linesSpec(
    [...composed.history.lr.map((v, e) => ({ epoch: e + 1, series: "cosine + plateau cuts", value: v })), ...cosineOnly.map((v, e) => ({ epoch: e + 1, series: "cosine alone", value: v }))],
    "learning rate",
    `Cosine schedule with ReduceLROnPlateau; ${composed.epoch.length} of ${epochs} epochs before early stopping`,
    true,
  ),
);
console.log(`trained ${composed.epoch.length} epochs; best validation AUC ${Math.max(...composed.history.val_auc).toFixed(3)}`);
