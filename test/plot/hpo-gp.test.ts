import { test } from "node:test";
import assert from "node:assert/strict";
import { categorical, defineSpace, float, int } from "../../src/hpo/space.js";
import type { TrialRecord } from "../../src/hpo/types.js";
import { newTrialRecord } from "../../src/hpo/storage/record.js";
import { gpSlice, gpSliceOf } from "../../src/hpo/gp/slice.js";
import { createStudy } from "../../src/hpo/study.js";
import { gpSampler } from "../../src/hpo/samplers/gp.js";
import { gpSliceSpec } from "../../src/plot/hpo-gp.js";
import { renderSvg } from "../../src/plot/render.js";

const space = defineSpace({ lr: float(1e-4, 1, { log: true }), layers: int(1, 4), act: categorical(["relu", "tanh"]) });
const objective = (p: Record<string, unknown>) => (Math.log10(p.lr as number) + 2) ** 2 + 0.1 * (p.layers as number) + (p.act === "relu" ? 0 : 0.5);

function trials(): TrialRecord[] {
  const out: TrialRecord[] = [];
  const lrs = [1e-4, 3e-4, 1e-3, 5e-3, 2e-2, 0.1, 0.5, 1];
  lrs.forEach((lr, i) => {
    const params = { lr, layers: 1 + (i % 4), act: i % 3 === 0 ? "tanh" : "relu" };
    out.push(Object.freeze({ ...newTrialRecord(i, { state: "running", params }, 0), state: "complete" as const, value: objective(params) }));
  });
  return out;
}

test("gpSlice: posterior along a log parameter: grid ends, band around the mean, acquisition peak near the optimum", () => {
  const ts = trials();
  const s = gpSlice(space, ts, "minimize", "lr", { resolution: 50 });
  assert.equal(s.points.length, 50);
  assert.equal(s.kind, "numeric");
  assert.equal(s.log, true);
  assert.ok(Math.abs((s.points[0].value as number) - 1e-4) < 1e-12 && Math.abs((s.points[49].value as number) - 1) < 1e-12);
  for (const p of s.points) assert.ok(p.lower <= p.mean && p.mean <= p.upper && Number.isFinite(p.acquisition));
  assert.deepEqual(Object.keys(s.fixed).sort(), ["act", "layers"]);
  assert.equal(s.observed.length, 8);
  // acquisition peaks near the objective's minimum at lr = 1e-2 (others at the incumbent)
  assert.ok(Math.abs(Math.log10(s.argmax.value as number) + 2) < 1, `argmax at lr=${s.argmax.value}`);
});

test("gpSlice: integer and categorical parameters list their values; maximize flips the mean", () => {
  const ts = trials();
  const ints = gpSlice(space, ts, "minimize", "layers");
  assert.deepEqual(
    ints.points.map((p) => p.value),
    [1, 2, 3, 4],
  );
  const cats = gpSlice(space, ts, "minimize", "act");
  assert.equal(cats.kind, "categorical");
  assert.deepEqual(
    cats.points.map((p) => p.value),
    ["relu", "tanh"],
  );
  const neg = ts.map((t) => Object.freeze({ ...t, value: -(t.value as number) }));
  const max = gpSlice(space, neg, "maximize", "layers");
  ints.points.forEach((p, i) => assert.ok(Math.abs(p.mean + max.points[i].mean) < 1e-6 * Math.max(1, Math.abs(p.mean))));
  assert.throws(() => gpSlice(space, ts, "minimize", "units"), /"units" is not a parameter of the space/);
});

test("gpSliceSpec: a two-panel Vega-Lite spec that renders to SVG", async () => {
  const s = gpSlice(space, trials(), "minimize", "lr", { resolution: 30 });
  const spec = gpSliceSpec(s);
  assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  const panels = spec.vconcat as { layer: { mark: { type: string }; encoding: { x: { scale?: { type: string } } } }[] }[];
  assert.equal(panels.length, 2);
  assert.deepEqual(
    panels[0].layer.map((l) => l.mark.type),
    ["area", "line", "point"],
  );
  assert.deepEqual(
    panels[1].layer.map((l) => l.mark.type),
    ["line", "rule"],
  );
  assert.equal(panels[0].layer[0].encoding.x.scale?.type, "log");
  const svg = await renderSvg(spec);
  assert.match(svg, /^<svg/);
  assert.match(svg, /log EI/);
  const catSvg = await renderSvg(gpSliceSpec(gpSlice(space, trials(), "minimize", "act"), { title: "act" }));
  assert.match(catSvg, /tanh/);
  assert.throws(() => gpSliceSpec({ points: [] } as never), /expected a GpSlice/);
});

test("gpSliceOf reads space, trials and direction from a study", async () => {
  const study = await createStudy({ space, sampler: gpSampler({ nStartupTrials: 4, candidates: 64, restarts: 2 }), seed: 3, direction: "maximize" });
  await study.optimize((p) => -objective(p), { nTrials: 6 });
  const s = gpSliceOf(study, "layers");
  assert.equal(s.direction, "maximize");
  assert.equal(s.observed.length, 6);
  assert.deepEqual(
    s.points.map((p) => p.value),
    [1, 2, 3, 4],
  );
});
