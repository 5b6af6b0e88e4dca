import { test } from "node:test";
import assert from "node:assert/strict";
import { errorBarRows, errorBarsSpec } from "../../src/plot/error-bars-spec.js";
import { renderSvg } from "../../src/plot/render.js";

const rows = [
  { group: "baseline", series: "chapter split", value: 0.78 },
  { group: "baseline", series: "chapter split", value: 0.82 },
  { group: "baseline", series: "grouped split", value: 0.7 },
  { group: "L2", series: "chapter split", value: 0.8 },
];

test("errorBarRows: n, mean, sample sd, median and mean ± sd per (group, series), in order of appearance", () => {
  const stats = errorBarRows(rows);
  assert.deepEqual(
    stats.map((s) => [s.group, s.series, s.n]),
    [
      ["baseline", "chapter split", 2],
      ["baseline", "grouped split", 1],
      ["L2", "chapter split", 1],
    ],
  );
  const first = stats[0]!;
  assert.ok(Math.abs(first.mean - 0.8) < 1e-12 && Math.abs(first.median - 0.8) < 1e-12);
  assert.ok(Math.abs(first.sd - Math.sqrt(0.0008)) < 1e-12); // ((0.02² + 0.02²) / 1)^½
  assert.ok(Math.abs(first.low - (0.8 - first.sd)) < 1e-12 && Math.abs(first.high - (0.8 + first.sd)) < 1e-12);
  assert.equal(stats[1]!.sd, 0);
});

test("errorBarsSpec layers error bars, means, runs and reference ticks aligned with their series", async () => {
  const spec = errorBarsSpec(rows, [{ group: "baseline", value: 0.798, series: "chapter split" }], { yTitle: "test AUC", referenceLabel: "chapter" });
  const layer = spec.layer as Array<Record<string, any>>;
  assert.deepEqual(
    layer.map((l) => l.mark.type),
    ["errorbar", "point", "point", "tick"],
  );
  assert.deepEqual(layer[0]!.encoding.x.sort, ["baseline", "L2"]);
  assert.equal(layer[0]!.encoding.y.field, "low");
  assert.equal(layer[0]!.encoding.y2.field, "high");
  assert.equal(layer[2]!.data.values.length, 4);
  assert.deepEqual(layer[3]!.data.values, [{ group: "baseline", series: "chapter split", value: 0.798, kind: "chapter" }]);
  assert.ok(layer[3]!.encoding.xOffset, "ticks sit over their series");
  const svg = await renderSvg(spec);
  assert.match(svg, /test AUC/);
  assert.match(svg, /chapter split/);
});

test("errorBarsSpec names bad input", () => {
  assert.throws(() => errorBarsSpec([]), /non-empty array/);
  assert.throws(() => errorBarsSpec([{ group: "a", series: "b", value: NaN }]), /row 0 \(a, b\) has a non-finite value/);
  assert.throws(() => errorBarsSpec(rows, [{ group: "a", value: Infinity }]), /reference 0 \(a\)/);
});
