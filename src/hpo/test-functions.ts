// Synthetic objectives for benchmarking samplers (minimize): Branin and Hartmann6, the Table-2
// functions of Eggensperger et al. 2013 (HPOlib), with their search spaces and known minima.
import { float } from "./space.js";

/** Branin's search space: x1 ∈ [−5, 10], x2 ∈ [0, 15]. */
export const braninSpace = { x1: float(-5, 10), x2: float(0, 15) };

/** Global minimum of Branin, 0.397887 (at (−π, 12.275), (π, 2.275), (9.42478, 2.475)). */
export const BRANIN_MIN = 0.39788735772973816;

/** Branin–Hoo: a(x2 − b·x1² + c·x1 − r)² + s(1 − t)cos(x1) + s. */
export function branin(p: { readonly x1: number; readonly x2: number }): number {
  const a = 1;
  const b = 5.1 / (4 * Math.PI * Math.PI);
  const c = 5 / Math.PI;
  const r = 6;
  const s = 10;
  const t = 1 / (8 * Math.PI);
  const u = p.x2 - b * p.x1 * p.x1 + c * p.x1 - r;
  return a * u * u + s * (1 - t) * Math.cos(p.x1) + s;
}

/** Hartmann6's search space: [0, 1]^6 as x1 … x6. */
export const hartmann6Space = { x1: float(0, 1), x2: float(0, 1), x3: float(0, 1), x4: float(0, 1), x5: float(0, 1), x6: float(0, 1) };

/** Global minimum of Hartmann6, −3.32237. */
export const HARTMANN6_MIN = -3.3223680114155147;

const H6_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

/** Hartmann6: −Σᵢ αᵢ exp(−Σⱼ Aᵢⱼ (xⱼ − Pᵢⱼ)²). */
export function hartmann6(p: {
  readonly x1: number;
  readonly x2: number;
  readonly x3: number;
  readonly x4: number;
  readonly x5: number;
  readonly x6: number;
}): number {
  const x = [p.x1, p.x2, p.x3, p.x4, p.x5, p.x6];
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += H6_A[i][j] * (x[j] - H6_P[i][j]) ** 2;
    sum += H6_ALPHA[i] * Math.exp(-inner);
  }
  return -sum;
}
