import assert from "node:assert/strict";
import { test } from "node:test";
import { float } from "../../src/hpo/space.js";
import { createStudy } from "../../src/hpo/study.js";
import { randomSampler } from "../../src/hpo/samplers/random.js";
import { CONSTRAINTS_ATTR } from "../../src/hpo/samplers/constraints.js";
import { CONSTRAINTS_KEY, paretoFrontSpec, paretoRows } from "../../src/plot/hpo-pareto.js";
import { renderSvg } from "../../src/plot/render.js";

const space = { x: float(0, 1), y: float(0, 1) };

async function study(constrained: boolean) {
  const s = await createStudy({
    space,
    directions: ["minimize", "maximize"],
    objectiveNames: ["error", "speed"],
    sampler: randomSampler(),
    seed: 3,
    ...(constrained ? { constraints: (t: { params: Record<string, unknown> }) => [(t.params.y as number) - 0.8] } : {}),
  });
  await s.optimize((p) => [p.x + p.y, p.x], { nTrials: 25 });
  return s;
}

test("pareto chart: rows mark the study's front, dominated and infeasible trials", async () => {
  const s = await study(true);
  const rows = paretoRows(s);
  assert.equal(rows.length, 25);
  const front = new Set(s.bestTrials.map((t) => t.number));
  for (const r of rows) {
    const t = s.trials[r.number];
    assert.equal(r.x, t.values![0]);
    assert.equal(r.y, t.values![1]);
    const infeasible = (t.params.y as number) > 0.8;
    assert.equal(r.status, infeasible ? "infeasible" : front.has(r.number) ? "Pareto front" : "dominated");
    assert.match(r.params, /^x=[\d.e-]+, y=[\d.e-]+$/);
  }
  assert.ok(rows.some((r) => r.status === "infeasible") && rows.some((r) => r.status === "dominated") && rows.some((r) => r.status === "Pareto front"));
  assert.equal(CONSTRAINTS_KEY, CONSTRAINTS_ATTR, "the chart reads the attribute the study writes");
});

test("pareto chart: valid Vega-Lite (renders to SVG), axes named after the objectives, staircase matching the x direction", async () => {
  const s = await study(false);
  const spec = paretoFrontSpec(s);
  const svg = await renderSvg(spec);
  assert.ok(svg.startsWith("<svg") && svg.length > 1000);
  const layers = spec.layer as { mark: { type: string; interpolate?: string }; encoding: { x: { title: string }; y: { title: string } } }[];
  assert.equal(layers[0].mark.type, "line");
  assert.equal(layers[0].mark.interpolate, "step-after");
  assert.equal(layers[1].encoding.x.title, "error (minimize)");
  assert.equal(layers[1].encoding.y.title, "speed (maximize)");
  const flipped = paretoFrontSpec(s, { objectives: [1, 0] }).layer as { mark: { interpolate?: string } }[];
  assert.equal(flipped[0].mark.interpolate, "step-before");
  assert.match(String((spec.title as { subtitle: string }).subtitle), new RegExp(`^25 complete trials, ${s.bestTrials.length} on the front$`));
});

test("pareto chart: bad input gets clear errors", async () => {
  const single = await createStudy({ space, sampler: randomSampler() });
  assert.throws(() => paretoFrontSpec(single), /has 1 objective; a Pareto front needs at least 2/);
  const s = await study(false);
  assert.throws(() => paretoFrontSpec(s, { objectives: [0, 2] }), /two indices in 0…1/);
  assert.throws(() => paretoFrontSpec(s, { objectives: [1, 1] }), /two different indices/);
});
