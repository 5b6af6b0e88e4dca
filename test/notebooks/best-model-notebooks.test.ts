// Notebooks 00 (section 18.1: schedules and the batch ramp) and 11 (the best model) in smoke mode through
// the headless runner: no error output, charts with all four MIME types, notebook 11's metrics under the
// names the issue fixes, and its chosen configuration as application/json that retrains.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runNotebooks, type RunSummary } from "../../packages/kernel/src/runner/run-command.js";
import { seedCacheFrom, loadHemolysis } from "../../src/chapter/load-hemolysis.js";
import { buildModel } from "../../src/chapter/build-model.js";
import { chapterSplit } from "../../src/chapter/chapter-split.js";
import { ensureBackend } from "../../src/backend/index.js";
import { trainModel } from "../../src/train/train-model.js";
import { withTrainRows } from "../../src/data/subset.js";
import { allOutputs, readCells, streamText, type Cell } from "./executed-notebook.js";

const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");
const NOTEBOOKS = join(ROOT, "notebooks");
const KERNEL = join(ROOT, "packages", "kernel", "dist", "kernel", "main.js");
const VEGA_LITE = "application/vnd.vegalite.v5+json";
const CHART_MIMES = [VEGA_LITE, "image/png", "image/svg+xml", "text/plain"];
const FILES = ["00-learning-rate-and-batch-size.ipynb", "11-best-model.ipynb"];
const out = mkdtempSync(join(tmpdir(), "tfjs-tune-best-model-"));
const rows = new Map<string, RunSummary>();
const executed = (file: string): Cell[] => readCells(join(out, file));

before(async () => {
  if (!existsSync(KERNEL)) {
    const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, `npm run build failed:\n${r.stdout}\n${r.stderr}`);
  }
  process.env.TFJS_TUNE_DATA = seedCacheFrom(join(ROOT, "..", "shared", "data"), mkdtempSync(join(tmpdir(), "tfjs-tune-data-")));
  const kernelArgv = [process.execPath, KERNEL, "{connection_file}"];
  for (const r of await runNotebooks(FILES.map((f) => join(NOTEBOOKS, f)), { out, params: {}, smoke: true, timeout: 300, kernelArgv })) rows.set(r.notebook, r);
});

test("notebooks 00 and 11 ran to the end without an error output, with charts in all four MIME types", () => {
  for (const file of FILES) {
    assert.equal(rows.get(file)?.status, "ok", `${file}: ${rows.get(file)?.message}`);
    for (const [i, c] of executed(file).entries()) {
      if (c.cell_type !== "code") continue;
      assert.notEqual(c.execution_count ?? null, null, `${file} cell ${i + 1} did not run`);
      const err = (c.outputs ?? []).find((o) => o.output_type === "error");
      assert.equal(err, undefined, `${file} cell ${i + 1}: ${err?.ename}: ${err?.evalue}`);
    }
    const charts = allOutputs(executed(file)).filter((o) => o.data && VEGA_LITE in o.data);
    assert.ok(charts.length >= (file.startsWith("00") ? 3 : 1), `${file}: ${charts.length} charts`);
    for (const c of charts) assert.deepEqual(Object.keys(c.data!).sort(), CHART_MIMES, `${file}: chart MIME types`);
    assert.doesNotMatch(streamText(executed(file)), /was never read/, `${file}: no unused-hyperparameter warning`);
  }
});

test("notebook 00 trains one run per schedule and the batch ramp", () => {
  const s = streamText(executed(FILES[0]));
  for (const name of ["constant", "step", "exponential", "polynomial", "cosine", "warmup-cosine", "cyclical", "batch ramp"]) {
    assert.match(s, new RegExp(`^${name} +validation AUC: last [01]\\.\\d{3}`, "m"), name);
  }
});

test("notebook 11 reports the issue's metrics and shows a {model, train} configuration that retrains", async () => {
  const m = rows.get(FILES[1])!.metrics;
  for (const k of ["baseline_test_auc_median", "tuned_test_auc_median", "grouped_baseline_test_auc_median", "grouped_tuned_test_auc_median", "p_value"]) {
    assert.ok(m[k] !== undefined && m[k] > 0 && m[k] <= 1, `${k} = ${m[k]}`);
  }
  assert.equal(m.seeds, 2, "the smoke run's seeds");
  const json = allOutputs(executed(FILES[1])).find((o) => o.data && "application/json" in o.data);
  assert.ok(json, "an application/json output");
  const config = json.data!["application/json"] as { model: Record<string, unknown>; train: Record<string, unknown> };
  assert.deepEqual(Object.keys(config).sort(), ["model", "train"]);
  // trainModel(buildModel({...model, seed}), chapterSplit(data, {seed: 0}), train), cut to one epoch on few rows for speed.
  await ensureBackend({ quiet: true });
  const splits = withTrainRows(chapterSplit(await loadHemolysis(), { seed: 0 }), 128);
  const model = buildModel({ ...config.model, seed: 1 });
  const h = await trainModel(model, splits, { ...config.train, epochs: 1, verbose: 0 });
  assert.ok(Number.isFinite(h.history.val_auc[0]));
  model.dispose();
});
