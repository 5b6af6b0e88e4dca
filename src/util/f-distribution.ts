// The F distribution's upper tail, through the regularized incomplete beta function
// (P(F > x) = I_{d₂/(d₂ + d₁x)}(d₂/2, d₁/2); Abramowitz & Stegun 26.6.2).
import { incompleteBeta } from "./student-t.js";

/** P(F > x) for F with (d1, d2) degrees of freedom (d1, d2 > 0; x ≥ 0). */
export function fSurvival(x: number, d1: number, d2: number): number {
  if (!(d1 > 0 && d2 > 0 && Number.isFinite(d1) && Number.isFinite(d2)))
    throw new RangeError(`fSurvival: degrees of freedom must be finite and > 0, got ${d1}, ${d2}`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return incompleteBeta(d2 / (d2 + d1 * x), d2 / 2, d1 / 2);
}
