// Constraint values of a trial, as Optuna stores them: `constraints(trial) → number[]` is evaluated when
// a trial completes and kept in its system attributes; the trial is feasible when every value is ≤ 0.
// Samplers rank infeasible trials after feasible ones by their total violation Σ max(0, cᵢ) (Optuna's
// constrained TPE, after Gardner et al. 2014's "feasible first" ordering).
import type { TrialRecord } from "../types.js";

/** The system attribute holding a trial's constraint values. */
export const CONSTRAINTS_ATTR = "constraints";

/** The trial's constraint values, or undefined when the study has no constraints. */
export function constraintValues(t: TrialRecord): readonly number[] | undefined {
  const c = t.systemAttrs[CONSTRAINTS_ATTR];
  return Array.isArray(c) ? (c as readonly number[]) : undefined;
}

/** Σ max(0, cᵢ): 0 for a feasible trial (or one without constraints). */
export function constraintViolation(t: TrialRecord): number {
  const c = constraintValues(t);
  if (c === undefined) return 0;
  let v = 0;
  for (const x of c) v += x > 0 ? x : 0;
  return v;
}

/** True when every constraint value is ≤ 0 (or there are none). */
export function isFeasible(t: TrialRecord): boolean {
  return constraintViolation(t) === 0;
}
