// One contract suite run against every scheduler: never stops during warm-up, never stops a trial
// whose curve is the best at every step, mirrors exactly under minimize ↔ maximize, is deterministic.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Direction, Scheduler } from "../../../src/hpo/types.js";
import { learningCurveBenchmark } from "../../../src/hpo/schedulers/learning-curve-benchmark.js";
import { simulateCurves } from "../../../src/hpo/schedulers/simulate-curves.js";
import { medianStopping } from "../../../src/hpo/schedulers/median-stopping.js";
import { learningCurveStopping } from "../../../src/hpo/schedulers/learning-curve.js";
import { asha } from "../../../src/hpo/schedulers/asha.js";

const bench = learningCurveBenchmark();
const N = 24;
const base = bench.curves.slice(0, N);
// a curve strictly better than every other at every step
const dominant = base[0].map((_, t) => Math.min(...base.map((c) => c[t])) - 0.03);

interface Case {
  name: string;
  make: () => Scheduler;
  /** No stop or pause may happen at steps below this. */
  warmup: number;
  /** Expensive schedulers run fewer positions. */
  positions?: number[];
}

const cases: Case[] = [
  { name: "median (Vizier, chapter)", make: () => medianStopping({ warmupSteps: 4 }), warmup: 4 },
  { name: "median-optuna", make: () => medianStopping.optuna({ nWarmupSteps: 3, nStartupTrials: 2 }), warmup: 3 },
  { name: "median-ray", make: () => medianStopping.ray({ gracePeriod: 5 }), warmup: 5 },
  { name: "learning-curve", make: () => learningCurveStopping({ maxStep: 27, warmupSteps: 6, interval: 3 }), warmup: 6, positions: [0, 12, N] },
  { name: "asha (promote)", make: () => asha({ minStep: 3, maxStep: 27, maxTrials: N + 1 }), warmup: 3 },
  { name: "asha-stop (Optuna SH)", make: () => asha.optunaSuccessiveHalving({ minStep: 2, maxStep: 27, reductionFactor: 3 }), warmup: 2 },
  { name: "hyperband-optuna (stop)", make: () => asha.optunaHyperband({ minStep: 2, maxStep: 27, reductionFactor: 3 }), warmup: 2 },
  { name: "hyperband-async (promote)", make: () => asha.hyperband({ minStep: 2, maxStep: 27, maxTrials: N + 1 }), warmup: 2 },
];

function withDominant(pos: number): number[][] {
  const cs = base.map((c) => [...c]);
  cs.splice(pos, 0, dominant);
  return cs;
}

for (const c of cases) {
  describe(`scheduler contract: ${c.name}`, () => {
    test("never stops or pauses during warm-up", async () => {
      const r = await simulateCurves({ scheduler: c.make(), curves: base });
      assert.ok(
        r.events.some((e) => e.decision.action !== "continue"),
        "the scheduler never acted: the test would prove nothing",
      );
      for (const e of r.events)
        if (e.decision.action !== "continue")
          assert.ok(e.step >= c.warmup, `${e.decision.action} at step ${e.step} < warm-up ${c.warmup}: ${e.decision.reason}`);
    });

    test("never stops the trial that is best at every step (it completes)", async () => {
      for (const pos of c.positions ?? [0, 5, 12, N]) {
        const r = await simulateCurves({ scheduler: c.make(), curves: withDominant(pos) });
        const t = r.trials[pos];
        assert.equal(t.state, "complete", `dominant trial at position ${pos} ended ${t.state}: ${t.note}`);
        assert.equal(r.bestConfig, pos);
      }
    });

    test("maximize on negated curves takes exactly the same decisions", async () => {
      const neg = base.map((cv) => cv.map((v) => -v));
      const a = await simulateCurves({ scheduler: c.make(), curves: base, direction: "minimize" as Direction });
      const b = await simulateCurves({ scheduler: c.make(), curves: neg, direction: "maximize" as Direction });
      assert.deepEqual(
        b.events.map((e) => [e.trial, e.step, e.decision.action]),
        a.events.map((e) => [e.trial, e.step, e.decision.action]),
      );
      assert.equal(b.epochs, a.epochs);
    });

    test("is deterministic: the same run gives the same decisions and reasons", async () => {
      const a = await simulateCurves({ scheduler: c.make(), curves: base, concurrency: 3 });
      const b = await simulateCurves({ scheduler: c.make(), curves: base, concurrency: 3 });
      assert.deepEqual(b.events, a.events);
      for (const e of a.events) assert.match(e.decision.reason, /^(stopped|paused|promoted|continue)/);
    });
  });
}
