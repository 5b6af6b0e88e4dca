// Smoke mode: every notebook in notebooks/ (except those with their own test) runs on our kernel with its own smoke parameters
// (metadata tfjs-tune.smoke, set by a "// smoke: {...}" line in notebooks/source), and its outputs
// are checked: no errors, every cell ran, charts with all four MIME types; the chapter notebooks'
// metrics and printed lines in detail.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runNotebooks, type RunSummary } from "../../packages/kernel/src/runner/run-command.js";
import { seedCacheFrom } from "../../src/chapter/load-hemolysis.js";
import { readCells, streamText, text, type Cell } from "./executed-notebook.js";

const ROOT = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");
const NOTEBOOKS = join(ROOT, "notebooks");
const KERNEL = join(ROOT, "packages", "kernel", "dist", "kernel", "main.js");
const CHART_MIMES = ["application/vnd.vegalite.v5+json", "image/png", "image/svg+xml", "text/plain"];
/** Charts the chapter's notebooks draw at least (other notebooks: every chart is checked, no minimum). */
const MIN_CHARTS: Record<string, number> = {
  "01-data": 1,
  "02-baseline": 2,
  "03-l2-regularization": 1,
  "04-early-stopping": 2,
  "05-dropout-reduced-lr": 1,
  "06-summary": 1,
};

const out = mkdtempSync(join(tmpdir(), "tfjs-tune-notebooks-"));
const rows = new Map<string, RunSummary>();

const executed = (name: string): Cell[] => readCells(join(out, `${name}.ipynb`));
const streams = streamText;

/** Notebooks with their own smoke test (tuning-notebooks.test.ts runs 07–10, best-model-notebooks.test.ts 00 and 11), not run twice. */
const TESTED_ELSEWHERE = /^(0[07-9]|1[01])-/;
/** Every other notebook in notebooks/, so a new one is smoke-tested here until it gets its own test. */
const allNotebooks = () => readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb") && !TESTED_ELSEWHERE.test(f)).sort();

before(async () => {
  assert.ok(existsSync(KERNEL), `${KERNEL} is missing: run \`npm run build\` first (npm test does it in pretest)`);
  // The kernels inherit this environment: data from ../shared/data, never downloaded.
  process.env.TFJS_TUNE_DATA = seedCacheFrom(join(ROOT, "..", "shared", "data"), mkdtempSync(join(tmpdir(), "tfjs-tune-data-")));
  const kernelArgv = [process.execPath, KERNEL, "{connection_file}"];
  const files = allNotebooks().map((f) => join(NOTEBOOKS, f));
  for (const r of await runNotebooks(files, { out, params: {}, smoke: true, timeout: 300, kernelArgv })) rows.set(r.notebook, r);
});

test("notebooks/*.ipynb are up to date with notebooks/source/*.ts", () => {
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "build-notebooks.mjs"), "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});

test("every notebook ran to the end without an error output", () => {
  assert.deepEqual([...rows.keys()].sort(), allNotebooks());
  for (const n of Object.keys(MIN_CHARTS)) assert.ok(rows.has(`${n}.ipynb`), `${n}.ipynb is missing`);
  for (const [name, row] of rows) {
    assert.equal(row.status, "ok", `${name}: ${row.message}`);
    const cells = executed(name.replace(/\.ipynb$/, ""));
    for (const [i, c] of cells.entries()) {
      if (c.cell_type !== "code") continue;
      assert.notEqual(c.execution_count ?? null, null, `${name} cell ${i + 1} did not run`);
      const err = (c.outputs ?? []).find((o) => o.output_type === "error");
      assert.equal(err, undefined, `${name} cell ${i + 1}: ${err?.ename}: ${err?.evalue}`);
    }
    assert.ok(existsSync(join(out, name.replace(/\.ipynb$/, ".html"))), `${name}: no HTML page`);
  }
});

test("every chart carries Vega-Lite v5, SVG, PNG and text; the HTML pages show them without scripts", () => {
  for (const file of allNotebooks()) {
    const name = file.replace(/\.ipynb$/, "");
    const min = MIN_CHARTS[name] ?? 0;
    const charts = executed(name).flatMap((c) => c.outputs ?? []).filter((o) => o.data && "application/vnd.vegalite.v5+json" in o.data);
    assert.ok(charts.length >= min, `${name}: ${charts.length} charts, expected at least ${min}`);
    for (const c of charts) {
      assert.deepEqual(Object.keys(c.data!).sort(), CHART_MIMES, `${name}: chart MIME types`);
      assert.ok(text(c.data!["image/svg+xml"]).startsWith("<svg"), `${name}: SVG`);
      assert.ok(Buffer.from(text(c.data!["image/png"]), "base64").subarray(1, 4).toString() === "PNG", `${name}: PNG`);
    }
    const html = readFileSync(join(out, `${name}.html`), "utf8");
    assert.ok((html.match(/<svg/g) ?? []).length >= min, `${name}.html: inline SVG charts`);
    assert.doesNotMatch(html, /<script/);
  }
});

test("the data notebook reports the data set's facts", () => {
  const m = rows.get("01-data.ipynb")!.metrics;
  assert.equal(m.rows, 9316);
  assert.equal(m["distinct sequences"], 6076);
  assert.equal(m["label conflicts"], 465);
  assert.ok(m["chapter-split test rows in train"]! > 0);
  assert.match(streams(executed("01-data")), /features: 9316 × 190/);
});

test("the section notebooks print the chapter's lines and a test AUC and accuracy", () => {
  const chapterAuc: Record<string, number> = { "02-baseline": 0.798, "03-l2-regularization": 0.797, "04-early-stopping": 0.78, "05-dropout-reduced-lr": 0.802 };
  for (const [name, auc] of Object.entries(chapterAuc)) {
    const m = rows.get(`${name}.ipynb`)!.metrics;
    for (const k of ["Test AUC", "Test Accuracy"]) assert.ok(m[k]! > 0 && m[k]! <= 1, `${name}: ${k} = ${m[k]}`);
    assert.equal(m["chapter AUC"], auc, `${name}: the chapter's AUC beside ours in the run summary`);
    const s = streams(executed(name));
    assert.match(s, /Train Loss: \d\.\d{3}, Test Loss: \d\.\d{3}/, name);
    assert.match(s, / Test AUC: \d\.\d{3} Test Accuracy: \d\.\d{3}/, name);
  }
  // The progress display ends in its final state; the baseline's summary shows the parameter count.
  const baseline = executed("02-baseline");
  const bar = baseline.flatMap((c) => c.outputs ?? []).find((o) => /^epoch .*2\/2.*done/.test(text(o.data?.["text/plain"])));
  assert.ok(bar, "the training progress display reached 2/2");
  assert.match(streams(baseline), /Total params: 60929/);
  assert.equal(rows.get("04-early-stopping.ipynb")!.metrics["epochs run"], 2);
  // Section 18.5.3 prints the learning rate at the start of every epoch.
  assert.equal((streams(executed("05-dropout-reduced-lr")).match(/^lr = 0\.001$/gm) ?? []).length, 2);
});

test("the summary notebook reports a median test AUC per section on both splits", () => {
  const m = rows.get("06-summary.ipynb")!.metrics;
  for (const k of ["baseline AUC", "l2 AUC", "early-stopping AUC", "dropout-reduced-lr AUC", "grouped AUC (mean of medians)"]) {
    assert.ok(m[k]! > 0 && m[k]! <= 1, `${k} = ${m[k]}`);
  }
  const table = executed("06-summary").flatMap((c) => c.outputs ?? []).find((o) => o.data && "text/markdown" in o.data);
  const md = text(table?.data?.["text/markdown"]);
  assert.equal((md.match(/\| chapter split \|/g) ?? []).length, 4);
  assert.equal((md.match(/\| grouped split \|/g) ?? []).length, 4);
});

test("the executed notebooks are valid nbformat 4.5 (Debian's nbformat validator)", () => {
  const py = process.env.TFJS_TUNE_PYTHON ?? "/usr/bin/python3";
  const files = allNotebooks().map((f) => join(out, f));
  const code = "import sys, nbformat\nfor f in sys.argv[1:]:\n    nb = nbformat.read(f, as_version=4)\n    nbformat.validate(nb)\n    assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), f\nprint('ok')";
  const r = spawnSync(py, ["-c", code, ...files], { encoding: "utf8" });
  assert.equal(r.status, 0, `${r.stderr}\n(needs Debian's python3-nbformat: scripts/setup-system.sh)`);
});
