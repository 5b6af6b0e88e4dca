/**
 * A one-parameter slice of a study's GP surrogate, for plotting: the posterior mean ± 2σ and the
 * acquisition along one parameter while the others stay at the incumbent's values, plus the observed
 * trials projected onto that parameter. Values are on the objective's own scale and direction.
 */
import type { ParamValue, Space } from "../space.js";
import { cardinality, fromUnit, gridValue, toUnit } from "../transform.js";
import type { Direction, TrialRecord } from "../types.js";
import { encodeParams } from "./encoding.js";
import { acquisitionFunction, type AcquisitionKind } from "./optimize-acquisition.js";
import { predictAt, predictScratch } from "./posterior.js";
import { fitSurrogate, isObserved, type SurrogateOptions } from "./surrogate.js";
import { checkOptions, optionKeys } from "../../util/options.js";

/** One point of the slice. */
export interface GpSlicePoint {
  /** The parameter's value (a number, or a choice for a categorical parameter). */
  readonly value: ParamValue;
  /** Posterior mean of the objective. */
  readonly mean: number;
  /** mean − 2σ. */
  readonly lower: number;
  /** mean + 2σ. */
  readonly upper: number;
  /** The acquisition (log-EI, or the confidence bound) to maximize. */
  readonly acquisition: number;
}

/** An observed trial projected onto the sliced parameter. */
export interface GpSliceObservation {
  /** Trial number. */
  readonly number: number;
  /** The trial's value of the sliced parameter. */
  readonly value: ParamValue;
  /** The trial's objective value. */
  readonly objective: number;
}

/** The data of a GP posterior/acquisition plot along one parameter. */
export interface GpSlice {
  /** The sliced parameter. */
  readonly param: string;
  /** Its kind: "numeric" (float/int) or "categorical". */
  readonly kind: "numeric" | "categorical";
  /** True for a log-scaled numeric parameter. */
  readonly log: boolean;
  /** Direction of the objective. */
  readonly direction: Direction;
  /** Which acquisition was computed. */
  readonly acquisitionKind: AcquisitionKind;
  /** The slice, in increasing parameter order (choices in declaration order). */
  readonly points: readonly GpSlicePoint[];
  /** Completed trials (all of them, projected). */
  readonly observed: readonly GpSliceObservation[];
  /** The other parameters, held at the incumbent's values. */
  readonly fixed: Readonly<Record<string, ParamValue>>;
  /** The slice point with the largest acquisition. */
  readonly argmax: GpSlicePoint;
}

/** Options of {@link gpSlice}. */
export interface GpSliceOptions extends SurrogateOptions {
  /** Points along a continuous parameter. @default 200 */
  resolution?: number;
  /** Acquisition to compute. @default "log-ei" */
  acquisition?: AcquisitionKind;
  /** β of the confidence bound. @default 2 */
  beta?: number;
  /** Values of the other parameters. @default the best completed trial's */
  at?: Readonly<Record<string, ParamValue>>;
}

/** Fits the study's GP and evaluates it along `param` (others fixed); needs ≥ 1 completed trial. */
export function gpSlice(space: Space, trials: readonly TrialRecord[], direction: Direction, param: string, options: GpSliceOptions = {}): GpSlice {
  checkOptions(
    "gpSlice",
    options,
    optionKeys<GpSliceOptions>({
      resolution: true,
      acquisition: true,
      beta: true,
      at: true,
      pending: true,
      outputTransform: true,
      inputWarping: true,
      deterministic: true,
      minNoise: true,
      maxNoise: true,
      inverseSquaredLengthscaleBounds: true,
      scaleBounds: true,
      warmStart: true,
      gradientTolerance: true,
      maxIterations: true,
      warp: true,
    }),
  );
  const { resolution = 200, acquisition = "log-ei", beta = 2, at, ...surrogateOptions } = options;
  const k = space.names.indexOf(param);
  if (k < 0) throw new Error(`gpSlice: "${param}" is not a parameter of the space (it has ${space.names.join(", ")})`);
  if (!(Number.isInteger(resolution) && resolution >= 2)) throw new Error(`gpSlice: resolution must be an integer ≥ 2, got ${resolution}`);
  const sur = fitSurrogate(space, trials, direction, surrogateOptions);
  const done = trials.filter(isObserved);
  const incumbent = done.find((t) => t.number === sur.completed[sur.bestRow])!;
  const fixed: Record<string, ParamValue> = { ...(at ?? incumbent.params) };
  const dist = space.spec[param];
  // Values along the parameter.
  let values: ParamValue[];
  if (dist.kind === "categorical") values = [...dist.choices];
  else if (cardinality(dist) <= resolution) values = Array.from({ length: cardinality(dist) }, (_, i) => gridValue(dist, i));
  else values = Array.from({ length: resolution }, (_, i) => fromUnit(dist, i / (resolution - 1)));
  const acq = acquisitionFunction(acquisition, sur.bestStandardized, beta);
  const scratch = predictScratch(sur.posterior);
  const base = encodeParams(sur.encoding, fixed);
  const row = new Float64Array(base.length);
  const points: GpSlicePoint[] = values.map((v) => {
    row.set(base);
    row[k] = dist.kind === "categorical" ? dist.choices.indexOf(v) : toUnit(dist, v);
    const p = predictAt(sur.posterior, sur.toModel(row), scratch);
    const std = Math.sqrt(Math.max(p.variance, 1e-12));
    // the band is ±2σ on the modelled scale, mapped back through the (monotone) output transform
    const mean = sur.toObjective(p.mean);
    const a = sur.toObjective(p.mean - 2 * Math.sqrt(Math.max(p.variance, 0)));
    const b = sur.toObjective(p.mean + 2 * Math.sqrt(Math.max(p.variance, 0)));
    return { value: v, mean, lower: Math.min(a, b), upper: Math.max(a, b), acquisition: acq(p.mean, std).value };
  });
  let argmax = points[0];
  for (const p of points) if (p.acquisition > argmax.acquisition) argmax = p;
  delete fixed[param];
  const observed = done.filter((t) => t.params[param] !== undefined).map((t) => ({ number: t.number, value: t.params[param], objective: t.value as number }));
  return {
    param,
    kind: dist.kind === "categorical" ? "categorical" : "numeric",
    log: dist.kind !== "categorical" && dist.log,
    direction,
    acquisitionKind: acquisition,
    points,
    observed,
    fixed,
    argmax,
  };
}

/** What {@link gpSliceOf} needs from a study (a `Study` fits as is). */
export interface GpSliceSource {
  /** The search space. */
  readonly space: Space;
  /** The study's trials. */
  readonly trials: readonly TrialRecord[];
  /** Direction of the objective. */
  readonly direction: Direction;
}

/** {@link gpSlice} of a study: `gpSliceSpec(gpSliceOf(study, "lr"))` draws its GP along lr. */
export function gpSliceOf(study: GpSliceSource, param: string, options: GpSliceOptions = {}): GpSlice {
  return gpSlice(study.space, study.trials, study.direction, param, options);
}
