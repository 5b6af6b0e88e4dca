import { test } from "node:test";
import assert from "node:assert/strict";
import { learningCurveBenchmark } from "../../src/hpo/schedulers/learning-curve-benchmark.js";
import { simulateCurves } from "../../src/hpo/schedulers/simulate-curves.js";
import { medianStopping } from "../../src/hpo/schedulers/median-stopping.js";
import { asha } from "../../src/hpo/schedulers/asha.js";
import { extrapolate } from "../../src/hpo/schedulers/learning-curve.js";
import { hyperbandBrackets } from "../../src/hpo/schedulers/rungs.js";
import { curveRows, learningCurvesSpec } from "../../src/plot/hpo-curves.js";
import { hyperbandBracketsSpec, rungBarRows, rungDiagramSpec } from "../../src/plot/hpo-schedule.js";
import { renderSvg } from "../../src/plot/render.js";

const bench = learningCurveBenchmark();
const curves = bench.curves.slice(0, 20);

test("learning curves: stopped curves faded with end marks, the best highlighted, extrapolations dashed", async () => {
  const r = await simulateCurves({ scheduler: medianStopping.optuna(), curves });
  const rows = curveRows(r.trials);
  assert.equal(rows.length, r.epochs);
  assert.equal(new Set(rows.filter((x) => x.group === "best").map((x) => x.trial)).size, 1);
  const stopped = r.trials.find((t) => t.state === "pruned")!;
  const model = extrapolate(stopped, { maxStep: 27 });
  const pts = Array.from({ length: 27 - stopped.intermediate.length + 1 }, (_, i) => model.predict(stopped.intermediate.length + i));
  const spec = learningCurvesSpec(r.trials, { extrapolations: { [stopped.number]: pts }, valueTitle: "val loss" });
  const layers = spec.layer as { mark: { type: string; strokeDash?: number[] }; data: { values: unknown[] } }[];
  assert.deepEqual(
    layers.map((l) => l.mark.type),
    ["line", "point", "area", "line"],
  );
  assert.deepEqual(layers[3].mark.strokeDash, [5, 4]);
  assert.equal(layers[1].data.values.length, r.trials.filter((t) => t.state === "pruned").length);
  const svg = await renderSvg(spec);
  assert.ok(svg.startsWith("<svg") && svg.includes("stroke-dasharray"));
});

test("Hyperband bracket diagram and rung diagram render; promoted trials are marked", async () => {
  const br = hyperbandBracketsSpec(hyperbandBrackets(81, 3));
  assert.equal((br.data!.values as unknown[]).length, 5 + 4 + 3 + 2 + 1);
  assert.ok((await renderSvg(br)).startsWith("<svg"));
  const r = await simulateCurves({ scheduler: asha.hyperband({ maxStep: 27, maxTrials: 20 }), curves });
  const bars = rungBarRows(r.trials);
  assert.ok(bars.some((b) => b.state === "paused"));
  assert.ok(bars.some((b) => b.promoted));
  assert.ok(new Set(bars.map((b) => b.bracket)).size > 1);
  const hb = asha.hyperband({ maxStep: 27 });
  const spec = rungDiagramSpec(r.trials, { rungs: Object.fromEntries([0, 1, 2, 3].map((b) => [b, hb.rungSteps(b)])) });
  assert.equal((spec.vconcat as unknown[]).length, new Set(bars.map((b) => b.bracket)).size);
  assert.ok((await renderSvg(spec)).startsWith("<svg"));
});
