import { test } from "node:test";
import assert from "node:assert/strict";
import { histogramRows, histogramSpec } from "../../src/plot/histogram-spec.js";

test("histogramRows bins each series on one shared grid, keeping empty bins", () => {
  const rows = histogramRows({ a: [1, 2, 2, 7], b: [3] }, { binWidth: 2 });
  // bins [0,2) [2,4) [4,6) [6,8) for both series
  assert.deepEqual(
    rows.map((r) => [r.series, r.start, r.end, r.count]),
    [
      ["a", 0, 2, 1],
      ["a", 2, 4, 2],
      ["a", 4, 6, 0],
      ["a", 6, 8, 1],
      ["b", 0, 2, 0],
      ["b", 2, 4, 1],
      ["b", 4, 6, 0],
      ["b", 6, 8, 0],
    ],
  );
  const shares = histogramRows({ a: [1, 2, 2, 7] }, { binWidth: 2, normalize: true });
  assert.deepEqual(
    shares.map((r) => r.count),
    [0.25, 0.5, 0, 0.25],
  );
  assert.equal(
    shares.reduce((s, r) => s + r.count, 0),
    1,
  );
});

test("histogramRows picks a round bin width when none is given", () => {
  const rows = histogramRows({ x: Array.from({ length: 191 }, (_, i) => i) });
  const width = rows[0]!.end - rows[0]!.start;
  assert.ok([5, 10].includes(width), `width ${width}`);
  assert.equal(
    rows.reduce((s, r) => s + r.count, 0),
    191,
  );
});

test("histogramSpec: pre-binned bars, stacked counts or overlaid shares, series colours in order", () => {
  const stacked = histogramSpec({ pos: [1, 2], neg: [2, 3] }, { binWidth: 1, xTitle: "length", title: "t" });
  const enc = stacked.encoding as Record<string, any>;
  assert.deepEqual(enc.x, { field: "start", type: "quantitative", bin: { binned: true }, title: "length" });
  assert.deepEqual(enc.x2, { field: "end" });
  assert.equal(enc.y.stack, "zero");
  assert.deepEqual(enc.color.scale, { domain: ["pos", "neg"], range: ["#1BBC9B", "#F06060"] });
  assert.equal(stacked.title, "t");
  assert.equal((stacked.data!.values as unknown[]).length, 6);
  const overlaid = histogramSpec({ pos: [1, 2], neg: [2, 3] }, { binWidth: 1, normalize: true });
  assert.equal((overlaid.encoding as any).y.stack, null);
  assert.equal((overlaid.encoding as any).y.title, "fraction of the series");
  assert.deepEqual(overlaid.mark, { type: "bar", opacity: 0.55 });
});

test("histogramSpec names bad input", () => {
  assert.throws(() => histogramSpec({}), /no series/);
  assert.throws(() => histogramSpec({ a: [] }), /every series is empty/);
  assert.throws(() => histogramSpec({ a: [1, NaN] }), /series "a" value 1 is not finite/);
  assert.throws(() => histogramSpec({ a: [1] }, { binWidth: 0 }), /binWidth must be a positive number/);
});
