// The tuning notebooks 07–10 in smoke mode (their own `// smoke:` parameters: a few trials of a couple
// of epochs on a few hundred rows) through the headless runner on our kernel: no error output, every
// cell ran, charts with all four MIME types, and the best configuration's test AUC printed.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runNotebooks, type RunSummary } from "../../packages/kernel/src/runner/run-command.js";
import { seedCacheFrom } from "../../src/chapter/load-hemolysis.js";
import { allOutputs, readCells, streamText, text, type Cell } from "./executed-notebook.js";

const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");
const NOTEBOOKS = join(ROOT, "notebooks");
const KERNEL = join(ROOT, "packages", "kernel", "dist", "kernel", "main.js");
const VEGA_LITE = "application/vnd.vegalite.v5+json";
const CHART_MIMES = [VEGA_LITE, "image/png", "image/svg+xml", "text/plain"];
/** The tuning notebooks and the charts each draws at least in smoke mode. */
const TUNING: Record<string, number> = {
  "07": 3, // coverage, history, slices
  "08": 5, // GP slice after the start, two GP slices at the end, history, slices
  "09": 3, // curves on the synthetic benchmark (median, curve fitting), curves on the hemolysis model
  "10": 3, // Hyperband brackets, rung diagram, epochs vs best AUC
};

const out = mkdtempSync(join(tmpdir(), "tfjs-tune-tuning-notebooks-"));
const files = readdirSync(NOTEBOOKS)
  .filter((f) => /^(0[7-9]|10)-.*\.ipynb$/.test(f))
  .sort();
const rows = new Map<string, RunSummary>();

const stem = (file: string) => file.replace(/\.ipynb$/, "");
const executed = (file: string): Cell[] => readCells(join(out, file));
const outputs = (file: string) => allOutputs(executed(file));
const streams = (file: string) => streamText(executed(file));

before(async () => {
  if (!existsSync(KERNEL)) {
    // npm test builds first (pretest); a direct run of this file builds here.
    const r = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, `npm run build failed:\n${r.stdout}\n${r.stderr}`);
  }
  // The kernels inherit this environment: data from ../shared/data, never downloaded.
  process.env.TFJS_TUNE_DATA = seedCacheFrom(join(ROOT, "..", "shared", "data"), mkdtempSync(join(tmpdir(), "tfjs-tune-data-")));
  const kernelArgv = [process.execPath, KERNEL, "{connection_file}"];
  const paths = files.map((f) => join(NOTEBOOKS, f));
  for (const r of await runNotebooks(paths, { out, params: {}, smoke: true, timeout: 300, kernelArgv })) rows.set(r.notebook, r);
});

test("notebooks 07 to 10 exist and ran to the end without an error output", () => {
  assert.deepEqual(files.map((f) => f.slice(0, 2)), Object.keys(TUNING).sort(), `tuning notebooks found: ${files.join(", ")}`);
  for (const file of files) {
    const row = rows.get(file);
    assert.ok(row, `${file} was not run`);
    assert.equal(row.status, "ok", `${file}: ${row.message}`);
    for (const [i, c] of executed(file).entries()) {
      if (c.cell_type !== "code") continue;
      assert.notEqual(c.execution_count ?? null, null, `${file} cell ${i + 1} did not run`);
      const err = (c.outputs ?? []).find((o) => o.output_type === "error");
      assert.equal(err, undefined, `${file} cell ${i + 1}: ${err?.ename}: ${err?.evalue}`);
    }
  }
});

test("the tuning notebooks run in smoke mode with their tfjs-tune kernel and smoke parameters", () => {
  for (const file of files) {
    const nb = JSON.parse(readFileSync(join(NOTEBOOKS, file), "utf8")) as { metadata: Record<string, { name?: string; smoke?: unknown }> };
    assert.equal(nb.metadata.kernelspec?.name, "tfjs-tune", file);
    assert.ok(nb.metadata["tfjs-tune"]?.smoke, `${file}: no smoke parameters (a "// smoke: {...}" line in notebooks/source)`);
  }
});

test("every chart of the tuning notebooks carries Vega-Lite v5, SVG, PNG and text", () => {
  for (const file of files) {
    const charts = outputs(file).filter((o) => o.data && VEGA_LITE in o.data);
    const min = TUNING[file.slice(0, 2)]!;
    assert.ok(charts.length >= min, `${file}: ${charts.length} charts, expected at least ${min}`);
    for (const c of charts) {
      assert.deepEqual(Object.keys(c.data!).sort(), CHART_MIMES, `${file}: chart MIME types`);
      assert.ok(text(c.data!["image/svg+xml"]).startsWith("<svg"), `${file}: SVG`);
      assert.equal(Buffer.from(text(c.data!["image/png"]), "base64").subarray(1, 4).toString(), "PNG", `${file}: PNG`);
    }
    const html = readFileSync(join(out, `${stem(file)}.html`), "utf8");
    assert.ok((html.match(/<svg/g) ?? []).length >= min, `${file}.html: inline SVG charts`);
  }
});

test("each tuning notebook prints the test AUC of its best configuration", () => {
  for (const file of files) {
    const auc = rows.get(file)!.metrics["Test AUC"];
    assert.ok(auc !== undefined && auc > 0 && auc <= 1, `${file}: Test AUC = ${auc}`);
    assert.match(streams(file), /^Test AUC: [01]\.\d{3}$/m, file);
    assert.match(streams(file), /0\.84/, `${file}: the upstream bi-LSTM target is mentioned`);
  }
});

test("each tuning notebook closes with tuned vs baseline over the same seeds: metrics, the per-seed table and the chart", () => {
  for (const file of files) {
    const m = rows.get(file)!.metrics;
    for (const k of ["tuned_test_auc_median", "baseline_test_auc_median", "p_value", "tuning_epochs"]) assert.ok(Number.isFinite(m[k]), `${file}: ${k} = ${m[k]}`);
    const s = streams(file);
    // The same seeds on both sides, one row each, then the medians (comparisonTable under console.table).
    const seedsOf = (who: string) => [...s.matchAll(new RegExp(`^${who} seed (\\d+): test AUC`, "gm"))].map((x) => Number(x[1]));
    assert.ok(seedsOf("tuned").length >= 2, `${file}: tuned runs per seed`);
    assert.deepEqual(seedsOf("tuned"), seedsOf("baseline"), `${file}: the same seeds`);
    assert.match(s, /baseline test AUC.*tuned test AUC.*gain/, `${file}: the per-seed table`);
    assert.match(s, /'median'/, `${file}: the medians row`);
    assert.match(s, /one-sided Mann–Whitney p = /, `${file}: the rank test`);
    assert.match(s, /^cost: \d+ trials, \d+ epochs, \d+ s of training$/m, `${file}: what tuning cost`);
    const titles = outputs(file)
      .map((o) => (o.data?.[VEGA_LITE] as { title?: unknown } | undefined)?.title)
      .filter((t): t is string => typeof t === "string");
    assert.ok(
      titles.some((t) => /^Tuned vs baseline, \d+ seeds each$/.test(t)),
      `${file}: the closing chart (titles: ${titles.join("; ")})`,
    );
  }
});
