import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { trainingProgress } from "../../src/notebook/training-progress.js";
import { reportMetrics, METRICS_MIME } from "../../src/notebook/report-metrics.js";
import { KERNEL_HOOK } from "../../src/notebook/kernel-hook.js";
import type { TrainContext } from "../../src/train/callback.js";
import { fakeKernel } from "./fake-kernel.js";

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[KERNEL_HOOK];
});

const context = { epochs: 3, stopTraining: false, learningRate: 1e-3, log: () => {} } as unknown as TrainContext;

test("trainingProgress is one display over the epochs, updated in place, ending with the last metrics", async () => {
  const k = fakeKernel();
  const cb = trainingProgress({ minIntervalMs: 0 });
  await cb.onTrainBegin!({}, context);
  await cb.onEpochEnd!(0, { loss: 0.6, val_loss: 0.55, val_auc: 0.7, lr: 0.001 }, context);
  await cb.onEpochEnd!(1, { loss: 0.5, val_loss: 0.5, val_auc: 0.75 }, context);
  await cb.onTrainEnd!({}, context);
  const ids = new Set(k.sent.map((s) => s.content.transient.display_id));
  assert.equal(ids.size, 1);
  assert.equal(k.sent[0]!.update, false);
  assert.ok(k.sent.slice(1).every((s) => s.update));
  const last = String(k.sent.at(-1)!.content.data["text/plain"]);
  assert.match(last, /^epoch .* 2\/3 .*loss=0\.5 val_loss=0\.5 val_auc=0\.75  done$/);
  assert.doesNotMatch(last, /lr=/);
});

test("trainingProgress outside a kernel writes text lines, with the chosen label and metrics", async () => {
  const lines: string[] = [];
  const cb = trainingProgress({ label: "fit", metrics: ["val_auc"], write: (l) => void lines.push(l), logIntervalMs: 0 });
  await cb.onTrainBegin!({}, context);
  await cb.onEpochEnd!(0, { loss: 0.6, val_auc: 0.7 }, context);
  await cb.onTrainEnd!({}, context);
  assert.equal(lines.length, 3);
  assert.match(lines[1]!, /^fit .*1\/3 .*val_auc=0\.7\n$/);
  assert.match(lines[2]!, /done\n$/);
});

test("reportMetrics sends text plus the runner's JSON; bad values are named", () => {
  const k = fakeKernel();
  reportMetrics({ "baseline AUC": 0.80123456, runs: 12 });
  assert.equal(k.sent.length, 1);
  const data = k.sent[0]!.content.data;
  assert.deepEqual(data[METRICS_MIME], { "baseline AUC": 0.80123456, runs: 12 });
  assert.equal(data["text/plain"], "baseline AUC  0.8012\nruns          12");
  assert.throws(() => reportMetrics({}), /no metrics/);
  assert.throws(() => reportMetrics({ auc: NaN }), /"auc" must be a finite number/);
});
