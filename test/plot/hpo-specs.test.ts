import { test } from "node:test";
import assert from "node:assert/strict";
import { categorical, float, int } from "../../src/hpo/space.js";
import { createStudy } from "../../src/hpo/study.js";
import { randomSampler } from "../../src/hpo/samplers/random.js";
import { gridSampler } from "../../src/hpo/samplers/grid.js";
import { branin, braninSpace } from "../../src/hpo/test-functions.js";
import { historyRows, optimizationHistorySpec } from "../../src/plot/hpo-history.js";
import { paramSlicesSpec } from "../../src/plot/hpo-slices.js";
import { parallelCoordinatesSpec } from "../../src/plot/hpo-parallel.js";
import { coverageSpec } from "../../src/plot/hpo-coverage.js";
import { renderSvg } from "../../src/plot/render.js";

const space = { lr: float(1e-4, 1e-1, { log: true }), units: int(8, 64), act: categorical(["relu", "tanh"]) };
const f = (p: { lr: number; units: number; act: string }): number => (Math.log10(p.lr) + 2.5) ** 2 + p.units / 64 + (p.act === "relu" ? 0 : 0.3);

async function studies() {
  const a = await createStudy({ space, sampler: randomSampler(), seed: 1 });
  let k = 0;
  await a.optimize((p) => (++k === 4 ? NaN : f(p)), { nTrials: 12, countFailed: true });
  const g = await createStudy({ space: braninSpace, sampler: gridSampler({ points: 4 }) });
  await g.optimize((p) => branin(p), {});
  const r = await createStudy({ space: braninSpace, sampler: randomSampler(), seed: 2 });
  await r.optimize((p) => branin(p), { nTrials: 16 });
  return { a, g, r };
}

test("history rows: best so far is monotone and skips failed trials", async () => {
  const { a } = await studies();
  const rows = historyRows(a.trials, "minimize");
  assert.equal(rows.length, 12);
  assert.equal(rows[3].value, null);
  assert.equal(rows[3].state, "failed");
  for (let i = 1; i < rows.length; i++) assert.ok((rows[i].best as number) <= (rows[i - 1].best as number));
  assert.equal(rows[11].best, a.bestValue);
  const max = historyRows(a.trials, "maximize");
  assert.equal(max[11].best, Math.max(...a.trials.filter((t) => t.state === "complete").map((t) => t.value as number)));
});

test("all HPO specs are valid Vega-Lite (they render to SVG)", async () => {
  const { a, g, r } = await studies();
  const specs = [
    optimizationHistorySpec(a.trials),
    optimizationHistorySpec({ grid: g.trials, random: r.trials }, { title: "Branin" }),
    paramSlicesSpec(a.trials, { space }),
    parallelCoordinatesSpec(a.trials, { space }),
    parallelCoordinatesSpec(r.trials),
    coverageSpec({ grid: g.trials, random: r.trials }, "x1", "x2"),
  ];
  for (const s of specs) {
    const svg = await renderSvg(s);
    assert.ok(svg.startsWith("<svg") && svg.length > 1000);
  }
  const cov = coverageSpec({ grid: g.trials, random: r.trials }, "x1", "x2");
  assert.deepEqual((cov.title as unknown as { subtitle: string[] }).subtitle, [
    "grid: 16 trials, 4 distinct x1, 4 distinct x2",
    "random: 16 trials, 16 distinct x1, 16 distinct x2",
  ]);
  const slices = paramSlicesSpec(a.trials, { space }) as { concat: { encoding: { x: { scale?: { type?: string } } } }[] };
  assert.equal(slices.concat.length, 3);
  assert.equal(slices.concat[0].encoding.x.scale?.type, "log");
});

test("specs reject bad input with clear errors", () => {
  assert.throws(() => optimizationHistorySpec({}), /expected trials/);
  assert.throws(() => coverageSpec({ grid: [] }, "x1", "x2"), /no trial of "grid"/);
  assert.throws(() => paramSlicesSpec([], { space, params: ["nope"] }), /"nope"/);
});
