/**
 * A monotone transform of the GP's outputs, chosen on the observed values, so that an objective that
 * is skewed or spans orders of magnitude (a few huge values, the interesting ones tiny) still looks
 * Gaussian to the GP. Minimization is preserved: every transform is strictly increasing.
 *
 * - Box-Cox power transform when every value is positive, Yeo-Johnson (on standardized values) when
 *   some are not, as HEBO does (Cowen-Rivers et al. 2022, "HEBO: pushing the limits of
 *   sample-efficient hyperparameter optimisation", §4.1).
 * - λ maximizes the profile log likelihood of a normal sample (Box & Cox 1964, eq. 8; Yeo & Johnson
 *   2000, eq. 3.1), searched on [0, 2]: λ < 0 would map the large values into a bounded range and
 *   stretch the ones near the minimum, turning each minimum into a narrow well (on Branin, λ̂ ≈ −0.6
 *   stalled a quarter of the seeds at 1.5–1.9 against f* = 0.398; bench/hpo/search.ts), so the log
 *   (λ = 0) is the strongest compression used.
 * - The transform is used only when it fits much better than no transform: likelihood-ratio test of
 *   λ̂ against λ = 1 (the identity up to an affine map) at the 1 % level, 2Δℓ > 6.63 (χ²₁).
 */

/** Which transform was chosen. */
export type OutputTransformKind = "identity" | "box-cox" | "yeo-johnson";

/** A fitted monotone output transform. */
export interface OutputTransform {
  readonly kind: OutputTransformKind;
  /** The power λ (1 for the identity). */
  readonly lambda: number;
  /** Maps an objective value (minimization view) to the modelled scale. */
  forward(y: number): number;
  /** Maps a modelled value back to the objective's scale (clamped to the transform's range). */
  inverse(t: number): number;
  /** log of the transform's derivative at an objective value (the Jacobian term of a warped GP's likelihood). */
  logDerivative(y: number): number;
  /** One line for `why`, e.g. "Box-Cox λ = 0.02 (LR 41.3)". */
  readonly description: string;
}

/** Options of {@link chooseOutputTransform}. */
export interface OutputTransformOptions {
  /** "auto" chooses on the data; "none" keeps the values as they are. @default "auto" */
  mode?: "auto" | "none";
  /** Fewer observations than this keep the identity (λ is not identifiable). @default 8 */
  minObservations?: number;
  /** Search interval of λ. @default [0, 2] (from the log to the square; see the header) */
  lambdaBounds?: readonly [number, number];
  /** Likelihood-ratio threshold 2(ℓ(λ̂) − ℓ(1)) above which the transform is used. @default 6.63 (χ²₁ at 1 %) */
  threshold?: number;
}

const IDENTITY: OutputTransform = Object.freeze({
  kind: "identity" as const,
  lambda: 1,
  forward: (y: number) => y,
  inverse: (t: number) => t,
  logDerivative: () => 0,
  description: "no output transform",
});

function boxCox(y: number, lambda: number): number {
  return Math.abs(lambda) < 1e-8 ? Math.log(y) : (y ** lambda - 1) / lambda;
}

function boxCoxInverse(t: number, lambda: number): number {
  if (Math.abs(lambda) < 1e-8) return Math.exp(t);
  const base = lambda * t + 1;
  // outside the range of the transform: clamp to its edge
  return base <= 0 ? 0 : base ** (1 / lambda);
}

function yeoJohnson(y: number, lambda: number): number {
  if (y >= 0) return Math.abs(lambda) < 1e-8 ? Math.log1p(y) : ((y + 1) ** lambda - 1) / lambda;
  return Math.abs(lambda - 2) < 1e-8 ? -Math.log1p(-y) : -((1 - y) ** (2 - lambda) - 1) / (2 - lambda);
}

function yeoJohnsonInverse(t: number, lambda: number): number {
  if (t >= 0) {
    if (Math.abs(lambda) < 1e-8) return Math.expm1(t);
    const base = lambda * t + 1;
    return base <= 0 ? Number.MAX_VALUE : base ** (1 / lambda) - 1;
  }
  if (Math.abs(lambda - 2) < 1e-8) return -Math.expm1(-t);
  const base = 1 - (2 - lambda) * t;
  return base <= 0 ? -Number.MAX_VALUE : 1 - base ** (1 / (2 - lambda));
}

/** Profile log likelihood of a normal sample after the transform, with the Jacobian term. */
function profileLogLikelihood(ys: Float64Array, lambda: number, kind: "box-cox" | "yeo-johnson", logJacobianPerUnitLambda: number): number {
  const n = ys.length;
  let mean = 0;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = kind === "box-cox" ? boxCox(ys[i], lambda) : yeoJohnson(ys[i], lambda);
    mean += t[i];
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (t[i] - mean) ** 2;
  const variance = ss / n;
  if (!(variance > 0) || !Number.isFinite(variance)) return -Infinity;
  return -0.5 * n * Math.log(variance) + (lambda - 1) * logJacobianPerUnitLambda;
}

/** Golden-section search of the maximum of a unimodal-enough function on [lo, hi], after a coarse grid. */
function maximize(f: (x: number) => number, lo: number, hi: number): number {
  let best = lo;
  let bestV = -Infinity;
  const steps = 16;
  for (let i = 0; i <= steps; i++) {
    const x = lo + ((hi - lo) * i) / steps;
    const v = f(x);
    if (v > bestV) {
      bestV = v;
      best = x;
    }
  }
  let a = Math.max(lo, best - (hi - lo) / steps);
  let b = Math.min(hi, best + (hi - lo) / steps);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let it = 0; it < 40; it++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  const x = (a + b) / 2;
  return f(x) >= bestV ? x : best;
}

/** Chooses and fits the output transform on the observed values `y` (minimization view). */
export function chooseOutputTransform(y: ArrayLike<number>, options: OutputTransformOptions = {}): OutputTransform {
  const { mode = "auto", minObservations = 8, threshold = 6.63, lambdaBounds = [0, 2] } = options;
  if (!(lambdaBounds[0] < lambdaBounds[1] && lambdaBounds[0] <= 1 && lambdaBounds[1] >= 1))
    throw new Error(`chooseOutputTransform: lambdaBounds must be an interval containing 1, got ${JSON.stringify(lambdaBounds)}`);
  if (mode === "none") return IDENTITY;
  if (mode !== "auto") throw new Error(`chooseOutputTransform: mode must be "auto" or "none", got ${JSON.stringify(mode)}`);
  const n = y.length;
  if (n < minObservations) return IDENTITY;
  let min = Infinity;
  let max = -Infinity;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i])) throw new Error(`chooseOutputTransform: y[${i}] = ${y[i]} is not finite`);
    min = Math.min(min, y[i]);
    max = Math.max(max, y[i]);
    mean += y[i];
  }
  mean /= n;
  if (!(max > min)) return IDENTITY;
  const kind = min > 0 ? "box-cox" : "yeo-johnson";
  // Box-Cox's λ̂ does not depend on the scale of y, so divide by the maximum for numerical range;
  // Yeo-Johnson is not scale-free and, as in HEBO, works on standardized values.
  let sd = 0;
  for (let i = 0; i < n; i++) sd += (y[i] - mean) ** 2;
  sd = Math.sqrt(sd / n);
  const shift = kind === "box-cox" ? 0 : mean;
  const scale = kind === "box-cox" ? max : sd;
  const ys = new Float64Array(n);
  let logJ = 0;
  for (let i = 0; i < n; i++) {
    ys[i] = (y[i] - shift) / scale;
    logJ += kind === "box-cox" ? Math.log(ys[i]) : Math.sign(ys[i]) * Math.log1p(Math.abs(ys[i]));
  }
  const ll = (lambda: number): number => profileLogLikelihood(ys, lambda, kind, logJ);
  const lambda = maximize(ll, lambdaBounds[0], lambdaBounds[1]);
  const ratio = 2 * (ll(lambda) - ll(1));
  if (!(ratio > threshold)) return IDENTITY;
  const name = kind === "box-cox" ? "Box-Cox" : "Yeo-Johnson";
  const description = `${name} λ = ${lambda.toFixed(2)} (likelihood ratio ${ratio.toFixed(1)} vs none)`;
  if (kind === "box-cox") {
    return Object.freeze({
      kind,
      lambda,
      // values below the smallest observed one stay positive (a new best): clamp into the domain
      forward: (v: number) => boxCox(Math.max(v, Number.MIN_VALUE) / scale, lambda),
      inverse: (t: number) => boxCoxInverse(t, lambda) * scale,
      logDerivative: (v: number) => (lambda - 1) * Math.log(Math.max(v, Number.MIN_VALUE) / scale) - Math.log(scale),
      description,
    });
  }
  return Object.freeze({
    kind,
    lambda,
    forward: (v: number) => yeoJohnson((v - shift) / scale, lambda),
    inverse: (t: number) => yeoJohnsonInverse(t, lambda) * scale + shift,
    logDerivative: (v: number) => {
      const z = (v - shift) / scale;
      return (z >= 0 ? (lambda - 1) * Math.log1p(z) : (1 - lambda) * Math.log1p(-z)) - Math.log(scale);
    },
    description,
  });
}
