// The Pareto front of a study: its complete, feasible trials that no other such trial dominates
// (Optuna's `study.best_trials`). Trials with equal values are all kept.
import { isFeasible } from "../samplers/constraints.js";
import type { Direction, TrialRecord } from "../types.js";
import { dominates, toLosses } from "./dominance.js";
import { nonDominatedSort } from "./non-dominated-sort.js";

/** The objective values of a complete trial as a vector: `values`, or `[value]` in a single-objective study; undefined when it has none. */
export function objectiveVector(t: TrialRecord, objectives: number): readonly number[] | undefined {
  if (t.state !== "complete") return undefined;
  const v = t.values ?? (t.value !== undefined ? [t.value] : undefined);
  return v !== undefined && v.length === objectives && v.every(Number.isFinite) ? v : undefined;
}

/** The non-dominated complete feasible trials of `trials` under `directions`, in number order. */
export function paretoFront<T extends TrialRecord>(trials: readonly T[], directions: readonly Direction[]): T[] {
  const pool: T[] = [];
  const losses: number[][] = [];
  for (const t of trials) {
    const v = objectiveVector(t, directions.length);
    if (v === undefined || !isFeasible(t)) continue;
    pool.push(t);
    losses.push(toLosses(v, directions));
  }
  if (pool.length === 0) return [];
  const [first] = nonDominatedSort(pool.length, (i, j) => dominates(losses[i], losses[j]));
  return first.map((i) => pool[i]);
}
