import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { chart, chartBundle, chartSummary, toV5Spec, VEGA_LITE_MIME } from "../../src/notebook/chart.js";
import { KERNEL_HOOK } from "../../src/notebook/kernel-hook.js";
import { fakeKernel } from "./fake-kernel.js";
import { decodePng, inkPixels } from "./png-decode.js";

const spec = {
  title: "Loss",
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  data: {
    values: [
      { epoch: 1, loss: 0.7, set: "train" },
      { epoch: 2, loss: 0.5, set: "train" },
      { epoch: 1, loss: 0.8, set: "val" },
      { epoch: 2, loss: 0.6, set: "val" },
    ],
  },
  mark: "line",
  encoding: { x: { field: "epoch", type: "quantitative" }, y: { field: "loss", type: "quantitative" }, color: { field: "set", type: "nominal" } },
};

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[KERNEL_HOOK];
});

test("chartBundle carries Vega-Lite v5, SVG, PNG and text, never HTML", async () => {
  const { data, metadata } = await chartBundle(spec);
  assert.deepEqual(Object.keys(data).sort(), [VEGA_LITE_MIME, "image/png", "image/svg+xml", "text/plain"].sort());
  const vl = data[VEGA_LITE_MIME] as Record<string, unknown>;
  assert.equal(vl.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  assert.deepEqual(vl.data, spec.data);
  assert.match(data["image/svg+xml"] as string, /<svg [^>]*width="\d+"/);
  const img = decodePng(Buffer.from(data["image/png"] as string, "base64"));
  assert.ok(inkPixels(img) > 2000);
  assert.deepEqual(Object.keys(metadata), ["image/png"]);
  assert.equal(data["text/plain"], '[chart "Loss": line loss vs epoch by set; 4 rows]');
});

test("chart in a kernel sends one display_data and registers its work with the kernel", async () => {
  const k = fakeKernel();
  const pending = chart(spec, { svg: false, png: false, displayId: "c1" });
  assert.equal(k.tracked.length, 1);
  await pending;
  assert.equal(k.sent.length, 1);
  assert.deepEqual(Object.keys(k.sent[0]!.content.data), [VEGA_LITE_MIME, "text/plain"]);
  assert.deepEqual(k.sent[0]!.content.transient, { display_id: "c1" });
});

test("chart outside a kernel prints a one-line summary", async (t) => {
  const lines: string[] = [];
  t.mock.method(process.stdout, "write", (s: string) => (lines.push(s), true));
  await chart(spec);
  t.mock.restoreAll();
  assert.deepEqual(lines, ['[chart "Loss": line loss vs epoch by set; 4 rows]\n']);
});

test("URL data is rejected: outputs must be self-contained", () => {
  assert.throws(() => toV5Spec({ layer: [{ data: { url: "x.csv" }, mark: "point" }] }), /spec\.layer\[0\]\.data\.url \(x\.csv\) is not allowed/);
  assert.equal(chartSummary({ layer: [{ mark: { type: "point" }, data: { values: [1, 2] } }, { mark: "rule" }] }), "[chart: point; rule; 2 rows]");
});
