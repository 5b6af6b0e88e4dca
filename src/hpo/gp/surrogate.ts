/**
 * The GP surrogate of a study: encodes its completed trials, maps the values through a monotone
 * output transform chosen on them (output-transform.ts), fits the GP (standardized outputs, MAP
 * hyperparameters, Kumaraswamy input warping of the numeric columns, input-warping.ts), and conditions on running trials with the kriging believer (each pending
 * point is added as an observation equal to the posterior mean there, which collapses the
 * uncertainty at that point so parallel asks do not collide; Ginsbourger, Le Riche & Carraro 2010).
 */
import type { Space } from "../space.js";
import type { Direction, TrialRecord } from "../types.js";
import { fitGp, type FitGpOptions, type FittedGp } from "./fit.js";
import { encodeParams, gpEncoding, type GpEncoding } from "./encoding.js";
import { gpPosterior, predictAt, type GpPosterior } from "./posterior.js";
import { chooseOutputTransform, type OutputTransform } from "./output-transform.js";
import { unwarpPoint, warpPoint, type InputWarp } from "./input-warping.js";

/** Options of {@link fitSurrogate}. */
export interface SurrogateOptions extends FitGpOptions {
  /** How running/waiting/paused trials are used: "believer" (kriging believer) or "ignore". @default "believer" */
  pending?: "believer" | "ignore";
  /** Output transform: "auto" (Box-Cox / Yeo-Johnson when the values call for it) or "none". @default "auto" */
  outputTransform?: "auto" | "none";
  /** Learn a Kumaraswamy input warp for each numeric column. @default false */
  inputWarping?: boolean;
}

/** A fitted surrogate of a study (minimization view: y = value, or −value when maximizing). */
export interface Surrogate {
  /** The GP encoding of the space. */
  readonly encoding: GpEncoding;
  /** The GP fitted to the completed trials (standardized outputs). */
  readonly fitted: FittedGp;
  /** Posterior conditioned on completed trials plus pending believers (same hyperparameters). */
  readonly posterior: GpPosterior;
  /** Numbers of the completed trials used, in row order. */
  readonly completed: readonly number[];
  /** Numbers of the pending trials conditioned on. */
  readonly pending: readonly number[];
  /** Sign applied to values: +1 to minimize, −1 to maximize. */
  readonly sign: 1 | -1;
  /** Smallest standardized posterior mean among completed trials (the noise-aware EI incumbent). */
  readonly bestStandardized: number;
  /** Row index (into `completed`) of the incumbent. */
  readonly bestRow: number;
  /** The output transform applied before standardizing (identity when the values did not call for one). */
  readonly transform: OutputTransform;
  /** The learned input warp, or undefined when off (the posterior's inputs are warped). */
  readonly warp: InputWarp | undefined;
  /** Maps encoded columns ([d], see encoding.ts) to the posterior's input space, in place. */
  toModel(row: Float64Array): Float64Array;
  /** Maps a point of the posterior's input space back to encoded columns, in place. */
  fromModel(row: Float64Array): Float64Array;
  /** A standardized posterior value back on the objective's scale and direction. */
  toObjective(standardized: number): number;
}

/** True when the trial has a finite value to learn from. */
export function isObserved(t: TrialRecord): boolean {
  return t.state === "complete" && typeof t.value === "number" && Number.isFinite(t.value);
}

/** True when the trial is in flight with its params already chosen. */
export function isPending(t: TrialRecord): boolean {
  return (t.state === "running" || t.state === "waiting" || t.state === "paused") && Object.keys(t.params).length > 0;
}

/** Fits the surrogate; throws when there is no completed trial with a finite value. */
export function fitSurrogate(space: Space, trials: readonly TrialRecord[], direction: Direction, options: SurrogateOptions = {}): Surrogate {
  const { pending: pendingMode = "believer", outputTransform = "auto", inputWarping = false, ...fitOptions } = options;
  const encoding = gpEncoding(space);
  const d = encoding.d;
  const sign: 1 | -1 = direction === "maximize" ? -1 : 1;
  const done = trials.filter(isObserved);
  if (done.length === 0) throw new Error("fitSurrogate: needs at least one completed trial with a finite value");
  const x = new Float64Array(done.length * d);
  const y = new Float64Array(done.length);
  done.forEach((t, i) => {
    encodeParams(encoding, t.params, x.subarray(i * d, (i + 1) * d));
    y[i] = sign * (t.value as number);
  });
  const warpMask = new Uint8Array(d);
  if (inputWarping) for (let k = 0; k < d; k++) warpMask[k] = encoding.categorical[k] ? 0 : 1;
  const fitWith = (tr: OutputTransform) => {
    const yt = y.map((v) => tr.forward(v));
    const gp = fitGp(x, yt, d, encoding.categorical, { ...fitOptions, warp: warpMask });
    // the warped GP's log likelihood of the raw values (Snelson, Rasmussen & Ghahramani 2004, eq. 5): GP on the
    // transformed, standardized values + the Jacobians of the transform and of the standardization
    let score = gp.logPosterior - y.length * Math.log(gp.yStd);
    for (let i = 0; i < y.length; i++) score += tr.logDerivative(y[i]);
    return { gp, tr, score };
  };
  // the transform chosen on the marginal distribution of the values is kept only when the GP also explains the
  // values better with it than without (a marginally skewed sample can come from a smooth function, e.g. Branin)
  const proposed = chooseOutputTransform(y, { mode: outputTransform });
  let pick = fitWith(proposed);
  if (proposed.kind !== "identity") {
    const plain = fitWith(chooseOutputTransform(y, { mode: "none" }));
    if (plain.score >= pick.score) pick = plain;
  }
  const { gp: fitted, tr: transform } = pick;
  const warp = fitted.warp;
  const toModel = (row: Float64Array): Float64Array => (warp ? warpPoint(row, warp) : row);
  const fromModel = (row: Float64Array): Float64Array => (warp ? unwarpPoint(row, warp) : row);
  // Noise-aware incumbent: the smallest posterior mean at an observed point. At training points
  // μ = Kf (Kf + νI)⁻¹ y = y − (ν + jitter)·α, so it costs O(n); for noise-free data it is min y.
  const ys = fitted.posterior.data.y;
  const shrink = fitted.posterior.params.noise + fitted.posterior.jitter;
  const meanAt = (i: number) => ys[i] - shrink * fitted.posterior.alpha[i];
  let bestRow = 0;
  for (let i = 1; i < ys.length; i++) if (meanAt(i) < meanAt(bestRow)) bestRow = i;

  const inFlight = pendingMode === "believer" ? trials.filter(isPending) : [];
  let posterior = fitted.posterior;
  if (inFlight.length > 0) {
    const n0 = done.length;
    const n = n0 + inFlight.length;
    const xa = new Float64Array(n * d);
    const ya = new Float64Array(n);
    xa.set(fitted.posterior.data.x);
    ya.set(ys);
    // Conditioning on y = μ(x) leaves the mean unchanged everywhere, so all believers can take
    // their value from the completed-only posterior and be added in one factorization.
    inFlight.forEach((t, j) => {
      const row = xa.subarray((n0 + j) * d, (n0 + j + 1) * d);
      toModel(encodeParams(encoding, t.params, row));
      ya[n0 + j] = predictAt(fitted.posterior, row).mean;
    });
    posterior = gpPosterior({ x: xa, y: ya, n, d, categorical: encoding.categorical }, fitted.posterior.params);
  }
  return {
    encoding,
    fitted,
    posterior,
    completed: done.map((t) => t.number),
    pending: inFlight.map((t) => t.number),
    sign,
    bestStandardized: meanAt(bestRow),
    bestRow,
    transform,
    warp,
    toModel,
    fromModel,
    toObjective: (z) => sign * transform.inverse(fitted.yMean + fitted.yStd * z),
  };
}
