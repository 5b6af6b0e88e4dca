// Normal distribution helpers for the Parzen estimators of TPE: Φ, log Φ with an asymptotic tail,
// log(Φ(b) − Φ(a)) without cancellation, Φ⁻¹ (Acklam's rational approximation), and the
// truncated normal's log density and inverse-CDF sampler.
import type { Rng } from "../../util/rng.js";
import { erfc } from "../../util/erfc.js";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal CDF Φ(z). */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** log Φ(z), accurate far into the lower tail (asymptotic series below z = −8). */
export function logNormCdf(z: number): number {
  if (z > -8) return Math.log(normCdf(z));
  // Φ(z) ≈ φ(z)/|z| · (1 − 1/z² + 3/z⁴ − 15/z⁶) (Abramowitz & Stegun 26.2.12)
  const z2 = z * z;
  return -0.5 * z2 - LOG_SQRT_2PI - Math.log(-z) + Math.log(1 - 1 / z2 + 3 / (z2 * z2) - 15 / (z2 * z2 * z2));
}

/** log(Φ(b) − Φ(a)) for a ≤ b, computed in the tail where the difference is accurate. */
export function logNormMass(a: number, b: number): number {
  if (!(a < b)) return -Infinity;
  if (b <= 0) {
    const lb = logNormCdf(b);
    return lb + Math.log1p(-Math.exp(logNormCdf(a) - lb));
  }
  if (a >= 0) return logNormMass(-b, -a);
  return Math.log(Math.max(1e-300, 1 - normCdf(a) - normCdf(-b)));
}

/** Standard normal quantile Φ⁻¹(p) (Acklam 2003, relative error < 1.2e-9). */
export function normPpf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** A draw from N(mu, sigma²) truncated to [lo, hi] by inverse-CDF sampling. */
export function sampleTruncNorm(mu: number, sigma: number, lo: number, hi: number, rng: Rng): number {
  const pa = normCdf((lo - mu) / sigma);
  const pb = normCdf((hi - mu) / sigma);
  const p = pa + rng.uniform() * (pb - pa);
  const x = mu + sigma * normPpf(Math.min(1 - 1e-16, Math.max(1e-300, p)));
  return Math.min(hi, Math.max(lo, x));
}

/** log density at x of N(mu, sigma²) truncated to [lo, hi]. */
export function logPdfTruncNorm(x: number, mu: number, sigma: number, lo: number, hi: number): number {
  const z = (x - mu) / sigma;
  return -0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma) - logNormMass((lo - mu) / sigma, (hi - mu) / sigma);
}

/** log of the mass of [a, b] under N(mu, sigma²) truncated to [lo, hi]. */
export function logMassTruncNorm(a: number, b: number, mu: number, sigma: number, lo: number, hi: number): number {
  return logNormMass((a - mu) / sigma, (b - mu) / sigma) - logNormMass((lo - mu) / sigma, (hi - mu) / sigma);
}
