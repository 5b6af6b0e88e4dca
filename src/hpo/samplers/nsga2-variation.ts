// NSGA-II's variation operators on unit-cube coordinates (every parameter lives in [0, 1] through
// transform.ts, so the bounds are 0 and 1 for all of them).
import type { Rng } from "../../util/rng.js";

/**
 * Simulated binary crossover, bounded form (Deb & Agrawal 1995, Complex Systems 9; the bound-aware spread
 * factor of Deb's NSGA-II code): two children whose spread around the parents' mean follows a polynomial
 * distribution of index `eta` (larger: children closer to the parents). One uniform draw for both children,
 * so they stay symmetric; the pair is swapped with probability ½.
 */
export function sbx(x1: number, x2: number, eta: number, rng: Rng): [number, number] {
  if (Math.abs(x1 - x2) < 1e-14) return [x1, x2];
  const y1 = Math.min(x1, x2);
  const y2 = Math.max(x1, x2);
  const u = rng.uniform();
  const betaQ = (beta: number): number => {
    const alpha = 2 - beta ** -(eta + 1);
    return u <= 1 / alpha ? (u * alpha) ** (1 / (eta + 1)) : (1 / (2 - u * alpha)) ** (1 / (eta + 1));
  };
  // spread factors limited by the distance of each parent to its bound
  const c1 = 0.5 * (y1 + y2 - betaQ(1 + (2 * y1) / (y2 - y1)) * (y2 - y1));
  const c2 = 0.5 * (y1 + y2 + betaQ(1 + (2 * (1 - y2)) / (y2 - y1)) * (y2 - y1));
  const a = Math.min(1, Math.max(0, c1));
  const b = Math.min(1, Math.max(0, c2));
  return rng.uniform() < 0.5 ? [b, a] : [a, b];
}

/**
 * Polynomial mutation, bounded form (Deb & Goyal 1996, Computer Science and Informatics 26(4)): a
 * perturbation δ ∈ (−x, 1 − x) drawn from a polynomial distribution of index `eta`, so the result stays in [0, 1].
 */
export function polynomialMutation(x: number, eta: number, rng: Rng): number {
  const u = rng.uniform();
  const p = 1 / (eta + 1);
  let dq: number;
  if (u < 0.5) {
    const v = 2 * u + (1 - 2 * u) * (1 - x) ** (eta + 1);
    dq = v ** p - 1;
  } else {
    const v = 2 * (1 - u) + 2 * (u - 0.5) * x ** (eta + 1);
    dq = 1 - v ** p;
  }
  return Math.min(1, Math.max(0, x + dq));
}
