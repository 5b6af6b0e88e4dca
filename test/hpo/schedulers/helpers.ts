// Test helpers: trial records from plain curves, and the benchmark protocol's summary over 50 orders.
import type { TrialRecord, TrialState } from "../../../src/hpo/types.js";
import type { Scheduler } from "../../../src/hpo/types.js";
import { benchmarkRank, learningCurveBenchmark } from "../../../src/hpo/schedulers/learning-curve-benchmark.js";
import { simulateCurves } from "../../../src/hpo/schedulers/simulate-curves.js";
import { median } from "../../../src/util/stats.js";

/** A frozen trial record with the given reports (steps 1..n). */
export function rec(number: number, state: TrialState, values: readonly number[]): TrialRecord {
  return Object.freeze({
    number,
    state,
    params: {},
    value: state === "complete" ? values[values.length - 1] : undefined,
    intermediate: values.map((value, i) => ({ step: i + 1, value })),
    why: "",
    note: undefined,
    createdAt: 0,
    startedAt: 0,
    completedAt: undefined,
    heartbeatAt: undefined,
    userAttrs: {},
    systemAttrs: {},
  });
}

/** The learning-curves.md protocol over all 50 orders: medians of epochs saved, rank, regret, and how often the best was found. */
export async function protocol(make: () => Scheduler): Promise<{ saved: number; rank: number; found: number; regret: number }> {
  const b = learningCurveBenchmark();
  const E: number[] = [];
  const R: number[] = [];
  const G: number[] = [];
  let found = 0;
  for (const order of b.orders) {
    const r = await simulateCurves({ scheduler: make(), curves: b.curves, order });
    E.push(r.epochs);
    R.push(benchmarkRank(b, r.bestValue));
    G.push(r.bestValue - b.bestFinal);
    if (r.bestConfig === b.bestConfig) found++;
  }
  return { saved: 100 * (1 - median(E) / 2700), rank: median(R), found, regret: median(G) };
}
