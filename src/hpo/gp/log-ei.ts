/**
 * Numerically stable log expected improvement (Ament et al. 2023, "Unexpected improvements to
 * expected improvement for Bayesian optimization", NeurIPS; eq. 9 for log h) and the lower
 * confidence bound, both for MINIMIZATION and with derivatives in the posterior mean and std.
 */
import { erfcx, normalCdf, normalPdf } from "./erfcx.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const HALF_LOG_PI_2 = 0.5 * Math.log(Math.PI / 2);
const SQRT_PI_2 = Math.sqrt(Math.PI / 2);
/** Below this z the asymptotic series of 1 + z·Φ(z)/φ(z) is used (it is exact to ~1e-13 there). */
const Z_ASYMPTOTIC = -100;

/** log(1 − eˣ) for x < 0 without cancellation (Mächler 2012). */
export function log1mexp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** Value and derivative of log h(z), h(z) = φ(z) + zΦ(z): the expected improvement of a unit-std posterior. */
export function logH(z: number): { value: number; dz: number } {
  if (z > -1) {
    const cdf = normalCdf(z);
    const h = normalPdf(z) + z * cdf;
    return { value: Math.log(h), dz: cdf / h };
  }
  if (z >= Z_ASYMPTOTIC) {
    // h = φ(z)·(1 − |z|·r), r = Φ(z)/φ(z) = √(π/2)·erfcx(−z/√2).
    const ex = erfcx(-z / Math.SQRT2);
    const logZr = Math.log(-z * ex) + HALF_LOG_PI_2;
    const q = -Math.expm1(logZr); // 1 − |z| r > 0
    const r = SQRT_PI_2 * ex;
    return { value: -0.5 * z * z - HALF_LOG_2PI + log1mexp(logZr), dz: r / q };
  }
  // z → −∞: r = (1/|z|)(1 − z⁻² + 3z⁻⁴ − 15z⁻⁶ + 105z⁻⁸), 1 − |z|r = z⁻²(1 − 3z⁻² + 15z⁻⁴ − 105z⁻⁶ + 945z⁻⁸).
  const u = 1 / (z * z);
  const r = (1 / -z) * (1 - u * (1 - u * (3 - u * (15 - u * 105))));
  const s = 1 - u * (3 - u * (15 - u * (105 - u * 945)));
  return { value: -0.5 * z * z - HALF_LOG_2PI + Math.log(u) + Math.log(s), dz: r / (u * s) };
}

/** Acquisition value with its derivatives in the posterior mean and standard deviation. */
export interface AcquisitionValue {
  /** The acquisition (larger is better). */
  value: number;
  /** ∂value/∂mean. */
  dMean: number;
  /** ∂value/∂std. */
  dStd: number;
}

/** log EI(x) = log σ + log h((best − μ)/σ) for minimization; σ must be > 0. */
export function logExpectedImprovement(mean: number, std: number, best: number): AcquisitionValue {
  const z = (best - mean) / std;
  const lh = logH(z);
  return { value: Math.log(std) + lh.value, dMean: -lh.dz / std, dStd: 1 / std - (lh.dz * z) / std };
}

/** Plain EI = σ·h((best − μ)/σ) for minimization (underflows to 0 where log-EI does not; for tests and display). */
export function expectedImprovement(mean: number, std: number, best: number): number {
  const z = (best - mean) / std;
  return std * (normalPdf(z) + z * normalCdf(z));
}

/** Lower confidence bound for minimization as an acquisition to maximize: β·σ − μ. */
export function lowerConfidenceBound(mean: number, std: number, beta: number): AcquisitionValue {
  return { value: beta * std - mean, dMean: -1, dStd: beta };
}
