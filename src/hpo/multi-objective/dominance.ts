// Pareto dominance between objective vectors. Everything here works on losses (minimized): a
// maximized objective is negated once, by `toLosses`, so no other code branches on direction.
import type { Direction } from "../types.js";

/** The values as losses: maximized objectives negated, so that lower is better everywhere. */
export function toLosses(values: readonly number[], directions: readonly Direction[]): number[] {
  if (values.length !== directions.length) throw new RangeError(`toLosses: ${values.length} values for ${directions.length} directions`);
  return values.map((v, i) => (directions[i] === "maximize" ? -v : v));
}

/** True when loss vector `a` Pareto-dominates `b`: no worse in every objective and better in one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

/**
 * Deb et al. 2002 §VI constrained domination: a feasible point (violation 0) beats an infeasible one,
 * of two infeasible points the smaller total violation wins, and two feasible points compare by Pareto
 * dominance of their losses.
 */
export function constrainedDominates(a: readonly number[], violationA: number, b: readonly number[], violationB: number): boolean {
  if (violationA === 0 && violationB === 0) return dominates(a, b);
  if (violationA === 0) return true;
  if (violationB === 0) return false;
  return violationA < violationB;
}
