// The incumbent of a multi-fidelity run (successive halving, Hyperband, ASHA): the best value at the
// highest resource any trial reached. Values at different resources are not comparable (a model seen for
// 2 epochs looks worse than it will be), so the incumbent only compares trials at that top step; this is
// defined even when no trial was trained to the end yet (ASHA's top rung may still hold only paused trials).
import type { Direction, TrialRecord } from "../types.js";
import { isBetter, valueAt } from "./trial-values.js";

/** The best trial at the highest step reached (see {@link incumbent}). */
export interface Incumbent {
  /** Trial number. */
  readonly trial: number;
  /** The highest step (epoch) any trial reported a value at. */
  readonly step: number;
  /** The trial's value at that step. */
  readonly value: number;
  /** The trial's state ("complete" when it was trained to the end, "paused" when it waits at a rung, …). */
  readonly state: TrialRecord["state"];
}

/**
 * The incumbent: among the non-failed trials, the highest step with a non-NaN report, and the trial with the
 * best value at exactly that step (ties: the lower trial number). Undefined when no trial reported a value.
 */
export function incumbent(trials: readonly TrialRecord[], direction: Direction): Incumbent | undefined {
  if (direction !== "minimize" && direction !== "maximize")
    throw new RangeError(`incumbent: direction must be "minimize" or "maximize", got ${String(direction)}`);
  let top = -Infinity;
  for (const t of trials) {
    if (t.state === "failed") continue;
    for (const iv of t.intermediate) if (!Number.isNaN(iv.value) && iv.step > top) top = iv.step;
  }
  if (top === -Infinity) return undefined;
  let best: Incumbent | undefined;
  for (const t of trials) {
    if (t.state === "failed") continue;
    const v = valueAt(t, top);
    if (v === undefined || Number.isNaN(v)) continue;
    if (best === undefined || isBetter(v, best.value, direction)) best = { trial: t.number, step: top, value: v, state: t.state };
  }
  return best;
}
