// Small read-only helpers over trial records that every scheduler uses: values at a step, best so
// far, running means, direction-aware comparison and the number format of explanations.
import { formatCompact } from "../../util/format-number.js";
import type { Direction, TrialRecord } from "../types.js";

/** The value a trial reported at exactly `step`, or undefined. */
export function valueAt(trial: TrialRecord, step: number): number | undefined {
  for (const iv of trial.intermediate) if (iv.step === step) return iv.value;
  return undefined;
}

/** The value at the first reported step ≥ `step` (Optuna records a rung there), or undefined. */
export function valueAtOrAfter(trial: TrialRecord, step: number): number | undefined {
  for (const iv of trial.intermediate) if (iv.step >= step) return iv.value;
  return undefined;
}

/** The last reported step, or undefined when nothing was reported. */
export function lastStep(trial: TrialRecord): number | undefined {
  const n = trial.intermediate.length;
  return n === 0 ? undefined : trial.intermediate[n - 1].step;
}

/** True when `a` is strictly better than `b` in `direction` (NaN is never better). */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === "minimize" ? a < b : a > b;
}

/** The best non-NaN value reported at steps ≤ `upTo` (default all), or NaN when there is none. */
export function bestSoFar(trial: TrialRecord, direction: Direction, upTo = Infinity): number {
  let best = NaN;
  for (const iv of trial.intermediate) {
    if (iv.step > upTo || Number.isNaN(iv.value)) continue;
    if (Number.isNaN(best) || isBetter(iv.value, best, direction)) best = iv.value;
  }
  return best;
}

/** Mean of the non-NaN values at steps in [from, upTo], or NaN when there is none. */
export function runningMean(trial: TrialRecord, upTo: number, from = -Infinity): number {
  let s = 0;
  let n = 0;
  for (const iv of trial.intermediate) {
    if (iv.step < from || iv.step > upTo || Number.isNaN(iv.value)) continue;
    s += iv.value;
    n++;
  }
  return n === 0 ? NaN : s / n;
}

/** Linear-interpolated percentile of the non-NaN values (numpy's default `nanpercentile`), NaN if none. */
export function percentile(values: readonly number[], q: number): number {
  const xs = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const pos = (q / 100) * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
}

/** Formats a value for an explanation: 3 significant digits, plain notation when reasonable. */
export function fmt(v: number): string {
  return formatCompact(v, { plainMin: 1e-3, plainMax: 1e6, expDigits: 2 });
}

/** "1 trial" / "3 trials": a count with its noun for explanations. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
