// Parzen estimator of TPE (Bergstra et al., NeurIPS 2011, §4; bandwidths as in Optuna's
// parzen_estimator.py): a weighted mixture of product kernels, one kernel per observation plus a
// prior kernel, in unit-cube coordinates. Numeric dimensions use truncated normals on [0, 1]
// (discrete ones by the mass of the value's cell), categorical ones a smoothed one-hot.
import type { Rng } from "../../util/rng.js";
import type { Distribution } from "../space.js";
import { fromUnit, toUnit, unitBounds } from "../transform.js";
import { logMassTruncNorm, logPdfTruncNorm, sampleTruncNorm } from "./truncnorm.js";

/** A dimension of the estimator: its distribution (decides numeric/discrete/categorical handling). */
export interface ParzenDim {
  readonly dist: Distribution;
}

/** Options of `ParzenEstimator`. */
export interface ParzenOptions {
  /** Weight of the prior kernel (relative to observation weights). @default 1 */
  priorWeight?: number;
  /** Lower-bound bandwidths by range / min(100, n + 2) (Bergstra's "magic clip"). @default true */
  magicClip?: boolean;
  /** Let the outermost kernels' bandwidths reach the interval ends. @default false */
  considerEndpoints?: boolean;
  /** One Scott-like bandwidth 0.2·n^(−1/(d+4)) for all kernels (multivariate TPE) instead of neighbour distances. @default false */
  multivariate?: boolean;
  /**
   * How `logPdf` weighs continuous kernels: "density" is the mixture's true density; "kernel-height"
   * multiplies each kernel by its bandwidth (all kernels compared by peak height), which is what
   * Optuna 3.0–3.x computed (its truncated-normal log-pdf omitted the −log σ term). @default "density"
   */
  scoring?: "density" | "kernel-height";
}

type NumericDim = { kind: "numeric"; dist: Exclude<Distribution, { kind: "categorical" }>; mus: Float64Array; sigmas: Float64Array };
type CategoricalDim = { kind: "categorical"; k: number; probs: Float64Array[] };

/**
 * Mixture over observations (rows, unit coordinates for numeric dims, choice index for categorical
 * ones) with the given per-observation weights; the prior kernel (centre, full width / uniform) is appended.
 */
export class ParzenEstimator {
  /** Normalized log weights of the kernels (observations, then the prior). */
  readonly logWeights: Float64Array;
  private readonly dims: (NumericDim | CategoricalDim)[];
  private readonly heights: boolean;

  /** Builds the estimator; `observations[i][j]` is observation i in dimension j. */
  constructor(dims: readonly ParzenDim[], observations: readonly (readonly number[])[], weights: readonly number[], options: ParzenOptions = {}) {
    const { priorWeight = 1, magicClip = true, considerEndpoints = false, multivariate = false } = options;
    const n = observations.length;
    if (options.scoring !== undefined && options.scoring !== "density" && options.scoring !== "kernel-height") {
      throw new RangeError(`ParzenEstimator: scoring must be "density" or "kernel-height", got ${JSON.stringify(options.scoring)}`);
    }
    this.heights = options.scoring === "kernel-height";
    if (weights.length !== n) throw new RangeError(`ParzenEstimator: ${n} observations but ${weights.length} weights`);
    const w = n === 0 ? [1] : [...weights, priorWeight];
    const total = w.reduce((s, x) => s + x, 0);
    this.logWeights = Float64Array.from(w, (x) => Math.log(x / total));
    const nKernels = n + 1;
    this.dims = dims.map((dim, j) => {
      const d = dim.dist;
      const obs = observations.map((row) => row[j]);
      if (d.kind === "categorical") {
        const k = d.choices.length;
        const probs: Float64Array[] = [];
        for (const o of obs) {
          const p = new Float64Array(k).fill(priorWeight / nKernels);
          p[o] += 1;
          const s = p.reduce((a, b) => a + b, 0);
          for (let c = 0; c < k; c++) p[c] /= s;
          probs.push(p);
        }
        probs.push(new Float64Array(k).fill(1 / k));
        return { kind: "categorical", k, probs } as CategoricalDim;
      }
      const mus = new Float64Array(n + 1);
      const sigmas = new Float64Array(n + 1);
      obs.forEach((o, i) => (mus[i] = o));
      mus[n] = 0.5;
      sigmas[n] = 1;
      if (n > 0) {
        if (multivariate) {
          sigmas.fill(0.2 * Math.pow(Math.max(n, 1), -1 / (dims.length + 4)), 0, n);
        } else {
          // distance to the farther neighbour among the sorted observations + prior centre and the ends 0, 1
          const order = Array.from({ length: n + 1 }, (_, i) => i).sort((a, b) => mus[a] - mus[b]);
          const s = [0, ...order.map((i) => mus[i]), 1];
          const sorted = new Float64Array(n + 1);
          for (let r = 0; r <= n; r++) sorted[r] = Math.max(s[r + 1] - s[r], s[r + 2] - s[r + 1]);
          if (!considerEndpoints && s.length >= 4) {
            sorted[0] = s[2] - s[1];
            sorted[n] = s[n + 1] - s[n];
          }
          order.forEach((i, r) => {
            if (i < n) sigmas[i] = sorted[r];
          });
        }
        const minSigma = magicClip ? 1 / Math.min(100, 1 + nKernels) : 1e-12;
        for (let i = 0; i < n; i++) sigmas[i] = Math.min(1, Math.max(minSigma, sigmas[i]));
      }
      return { kind: "numeric", dist: d, mus, sigmas } as NumericDim;
    });
  }

  /** Draws `count` points (rows as in the constructor; discrete numeric dims snapped to their value's unit coordinate). */
  sample(rng: Rng, count: number): number[][] {
    const cdf = Array.from(this.logWeights, Math.exp);
    for (let i = 1; i < cdf.length; i++) cdf[i] += cdf[i - 1];
    const out: number[][] = [];
    for (let s = 0; s < count; s++) {
      const u = rng.uniform() * cdf[cdf.length - 1];
      let k = 0;
      while (k < cdf.length - 1 && cdf[k] <= u) k++;
      out.push(
        this.dims.map((dim) => {
          if (dim.kind === "categorical") {
            const p = dim.probs[k];
            let r = rng.uniform();
            for (let c = 0; c < dim.k; c++) {
              r -= p[c];
              if (r < 0) return c;
            }
            return dim.k - 1;
          }
          const x = sampleTruncNorm(dim.mus[k], dim.sigmas[k], 0, 1, rng);
          return dim.dist.step === undefined ? x : toUnit(dim.dist, fromUnit(dim.dist, x));
        }),
      );
    }
    return out;
  }

  /** log density (mass for discrete dims) of each point under the mixture (see `scoring`). */
  logPdf(points: readonly (readonly number[])[]): Float64Array {
    const nk = this.logWeights.length;
    const out = new Float64Array(points.length);
    const terms = new Float64Array(nk);
    points.forEach((x, p) => {
      terms.set(this.logWeights);
      this.dims.forEach((dim, j) => {
        if (dim.kind === "categorical") {
          for (let k = 0; k < nk; k++) terms[k] += Math.log(dim.probs[k][x[j]]);
          return;
        }
        if (dim.dist.step === undefined) {
          for (let k = 0; k < nk; k++) terms[k] += logPdfTruncNorm(x[j], dim.mus[k], dim.sigmas[k], 0, 1) + (this.heights ? Math.log(dim.sigmas[k]) : 0);
        } else {
          const [a, b] = unitBounds(dim.dist, fromUnit(dim.dist, x[j]) as number);
          for (let k = 0; k < nk; k++) terms[k] += logMassTruncNorm(a, b, dim.mus[k], dim.sigmas[k], 0, 1);
        }
      });
      let m = -Infinity;
      for (let k = 0; k < nk; k++) if (terms[k] > m) m = terms[k];
      let s = 0;
      for (let k = 0; k < nk; k++) s += Math.exp(terms[k] - m);
      out[p] = m + Math.log(s);
    });
    return out;
  }
}
