// Learning-rate schedules as data (so a tuned configuration is plain JSON) and the closed forms of
// Keras' schedules (keras.optimizers.schedules) plus Smith's cyclical rate; docs/learning-rate-schedules.md.
import { checkOptions } from "../util/options.js";

/** Step decay: lr₀ · factor^⌊step / every⌋ (the chapter's "linear (step)" decay; Keras ExponentialDecay with staircase). */
export interface StepDecaySchedule {
  readonly kind: "step";
  /** Steps between two drops. */
  readonly every: number;
  /** Multiplier at each drop, in (0, 1]. @default 0.5 */
  readonly factor?: number;
}

/** Keras ExponentialDecay: lr₀ · rate^(step / decaySteps), with ⌊·⌋ on the exponent when staircase. */
export interface ExponentialDecaySchedule {
  readonly kind: "exponential";
  readonly decaySteps: number;
  /** In (0, 1]. */
  readonly decayRate: number;
  /** @default false */
  readonly staircase?: boolean;
}

/** Keras PolynomialDecay: (lr₀ − end) · (1 − min(step, decaySteps) / decaySteps)^power + end. */
export interface PolynomialDecaySchedule {
  readonly kind: "polynomial";
  readonly decaySteps: number;
  /** Final learning rate. @default 1e-4 × lr₀ (Keras' default end_learning_rate is 1e-4) */
  readonly endLr?: number;
  /** @default 1 (linear) */
  readonly power?: number;
  /** Restart past decaySteps with decaySteps · ⌈step / decaySteps⌉. @default false */
  readonly cycle?: boolean;
}

/** Keras InverseTimeDecay: lr₀ / (1 + rate · step / decaySteps) (⌊step / decaySteps⌋ when staircase). */
export interface InverseTimeDecaySchedule {
  readonly kind: "inverse-time";
  readonly decaySteps: number;
  readonly decayRate: number;
  /** @default false */
  readonly staircase?: boolean;
}

/** Keras PiecewiseConstantDecay: values[0] up to boundaries[0] (inclusive), values[i] up to boundaries[i], the last value after. */
export interface PiecewiseConstantSchedule {
  readonly kind: "piecewise";
  /** Increasing step boundaries. */
  readonly boundaries: readonly number[];
  /** Learning rates, one more than boundaries. */
  readonly values: readonly number[];
}

/**
 * Keras CosineDecay (Loshchilov & Hutter 2016), with Keras 3's optional linear warmup from lr₀ to
 * warmupTarget over warmupSteps; then lr = from · ((1 − alpha) · ½(1 + cos(π · t / decaySteps)) + alpha).
 */
export interface CosineDecaySchedule {
  readonly kind: "cosine";
  readonly decaySteps: number;
  /** Floor as a fraction of the rate decayed from. @default 0 */
  readonly alpha?: number;
  /** Rate reached at the end of the warmup (the decay then starts from it). @default none (no warmup) */
  readonly warmupTarget?: number;
  /** Warmup length in steps. @default 0 */
  readonly warmupSteps?: number;
}

/**
 * Smith 2017 (arXiv 1506.01186) cyclical learning rate, eq. for "triangular": cycle = ⌊1 + step/(2·stepSize)⌋,
 * x = |step/stepSize − 2·cycle + 1|, lr = lr₀ + (maxLr − lr₀) · max(0, 1 − x) · scale(cycle);
 * scale is 1 for "triangular", 1/2^(cycle−1) for "triangular2".
 */
export interface CyclicalSchedule {
  readonly kind: "cyclical";
  /** Peak learning rate (lr₀ is the base). */
  readonly maxLr: number;
  /** Half a cycle, in steps. */
  readonly stepSize: number;
  /** @default "triangular" */
  readonly mode?: "triangular" | "triangular2";
}

/** The learning-rate schedules trainModel's `lrSchedule` accepts: plain JSON, evaluated by {@link learningRateAt}. */
export type LrScheduleSpec = (
  | StepDecaySchedule
  | ExponentialDecaySchedule
  | PolynomialDecaySchedule
  | InverseTimeDecaySchedule
  | PiecewiseConstantSchedule
  | CosineDecaySchedule
  | CyclicalSchedule
) & {
  /** What a step counts: epochs (set at each epoch's start) or optimizer updates (set before each batch, as Keras does). @default "epoch" */
  readonly unit?: "epoch" | "batch";
};

/** The schedule kinds, for error messages and search spaces. */
export const LR_SCHEDULE_KINDS = Object.freeze(["step", "exponential", "polynomial", "inverse-time", "piecewise", "cosine", "cyclical"] as const);

const KEYS_BY_KIND: Record<LrScheduleSpec["kind"], readonly string[]> = {
  step: ["kind", "unit", "every", "factor"],
  exponential: ["kind", "unit", "decaySteps", "decayRate", "staircase"],
  polynomial: ["kind", "unit", "decaySteps", "endLr", "power", "cycle"],
  "inverse-time": ["kind", "unit", "decaySteps", "decayRate", "staircase"],
  piecewise: ["kind", "unit", "boundaries", "values"],
  cosine: ["kind", "unit", "decaySteps", "alpha", "warmupTarget", "warmupSteps"],
  cyclical: ["kind", "unit", "maxLr", "stepSize", "mode"],
};

function positive(where: string, name: string, v: unknown): void {
  if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`${where}: ${name} must be a positive number, got ${String(v)}`);
}

function inUnit(where: string, name: string, v: unknown, lowOpen = true): void {
  if (typeof v !== "number" || !(lowOpen ? v > 0 : v >= 0) || !(v <= 1)) {
    throw new RangeError(`${where}: ${name} must be in ${lowOpen ? "(0" : "[0"}, 1], got ${String(v)}`);
  }
}

/** Throws a clear error (naming the field and what was expected) unless `spec` is a valid schedule. */
export function checkLrSchedule(spec: unknown, where = "lrSchedule"): asserts spec is LrScheduleSpec {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec))
    throw new TypeError(`${where}: expected a schedule object {kind, …}, got ${spec === null ? "null" : typeof spec}`);
  const s = spec as Record<string, unknown>;
  const kind = s.kind as LrScheduleSpec["kind"];
  if (!(LR_SCHEDULE_KINDS as readonly unknown[]).includes(kind)) {
    throw new RangeError(`${where}: kind must be one of ${LR_SCHEDULE_KINDS.map((k) => JSON.stringify(k)).join(", ")}, got ${JSON.stringify(s.kind)}`);
  }
  checkOptions(`${where} (${kind})`, s, KEYS_BY_KIND[kind]);
  if (s.unit !== undefined && s.unit !== "epoch" && s.unit !== "batch")
    throw new RangeError(`${where}: unit must be "epoch" or "batch", got ${JSON.stringify(s.unit)}`);
  switch (kind) {
    case "step":
      positive(where, "every", s.every);
      if (s.factor !== undefined) inUnit(where, "factor", s.factor);
      break;
    case "exponential":
    case "inverse-time":
      positive(where, "decaySteps", s.decaySteps);
      if (kind === "exponential") inUnit(where, "decayRate", s.decayRate);
      else positive(where, "decayRate", s.decayRate);
      break;
    case "polynomial":
      positive(where, "decaySteps", s.decaySteps);
      if (s.endLr !== undefined && !(typeof s.endLr === "number" && s.endLr >= 0))
        throw new RangeError(`${where}: endLr must be a number ≥ 0, got ${String(s.endLr)}`);
      if (s.power !== undefined) positive(where, "power", s.power);
      break;
    case "piecewise": {
      const b = s.boundaries as unknown;
      const v = s.values as unknown;
      if (!Array.isArray(b) || !Array.isArray(v)) throw new TypeError(`${where}: boundaries and values must be arrays`);
      if (v.length !== b.length + 1)
        throw new RangeError(`${where}: values must have one more entry than boundaries (${b.length} boundaries, ${v.length} values)`);
      b.forEach((x, i) => {
        if (typeof x !== "number" || (i > 0 && !(x > b[i - 1])))
          throw new RangeError(`${where}: boundaries must be increasing numbers, got ${JSON.stringify(b)}`);
      });
      v.forEach((x, i) => positive(where, `values[${i}]`, x));
      break;
    }
    case "cosine":
      positive(where, "decaySteps", s.decaySteps);
      if (s.alpha !== undefined) inUnit(where, "alpha", s.alpha, false);
      if (s.warmupSteps !== undefined && !(Number.isInteger(s.warmupSteps) && (s.warmupSteps as number) >= 0)) {
        throw new RangeError(`${where}: warmupSteps must be an integer ≥ 0, got ${String(s.warmupSteps)}`);
      }
      if (s.warmupTarget !== undefined) positive(where, "warmupTarget", s.warmupTarget);
      if ((s.warmupSteps as number) > 0 && s.warmupTarget === undefined)
        throw new RangeError(`${where}: warmupSteps needs warmupTarget (the rate the warmup climbs to)`);
      break;
    case "cyclical":
      positive(where, "maxLr", s.maxLr);
      positive(where, "stepSize", s.stepSize);
      if (s.mode !== undefined && s.mode !== "triangular" && s.mode !== "triangular2")
        throw new RangeError(`${where}: mode must be "triangular" or "triangular2", got ${JSON.stringify(s.mode)}`);
      break;
  }
}

/** The learning rate of `spec` at step `step` (0-based: epochs or updates done so far) for initial rate `lr0`. */
export function learningRateAt(spec: LrScheduleSpec, step: number, lr0: number): number {
  switch (spec.kind) {
    case "step":
      return lr0 * (spec.factor ?? 0.5) ** Math.floor(step / spec.every);
    case "exponential": {
      const p = step / spec.decaySteps;
      return lr0 * spec.decayRate ** (spec.staircase ? Math.floor(p) : p);
    }
    case "inverse-time": {
      const p = step / spec.decaySteps;
      return lr0 / (1 + spec.decayRate * (spec.staircase ? Math.floor(p) : p));
    }
    case "polynomial": {
      const end = spec.endLr ?? 1e-4 * lr0;
      let decaySteps = spec.decaySteps;
      let t = step;
      if (spec.cycle)
        decaySteps *= step === 0 ? 1 : Math.ceil(step / spec.decaySteps); // Keras: multiplier 1 at step 0
      else t = Math.min(step, decaySteps);
      return (lr0 - end) * (1 - t / decaySteps) ** (spec.power ?? 1) + end;
    }
    case "piecewise": {
      const i = spec.boundaries.findIndex((b) => step <= b);
      return spec.values[i === -1 ? spec.values.length - 1 : i];
    }
    case "cosine": {
      const alpha = spec.alpha ?? 0;
      const warm = spec.warmupSteps ?? 0;
      const decay = (t: number, from: number) => from * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * t) / spec.decaySteps)) + alpha);
      if (spec.warmupTarget === undefined) return decay(Math.min(step, spec.decaySteps), lr0);
      const t = Math.min(step, spec.decaySteps + warm);
      if (t < warm) return lr0 + ((spec.warmupTarget - lr0) * t) / warm;
      return decay(t - warm, spec.warmupTarget);
    }
    case "cyclical": {
      const cycle = Math.floor(1 + step / (2 * spec.stepSize));
      const x = Math.abs(step / spec.stepSize - 2 * cycle + 1);
      const scale = spec.mode === "triangular2" ? 1 / 2 ** (cycle - 1) : 1;
      return lr0 + (spec.maxLr - lr0) * Math.max(0, 1 - x) * scale;
    }
  }
}

/** The schedule's rate at steps 0 … n − 1 (for plots and tables). */
export function lrScheduleValues(spec: LrScheduleSpec, n: number, lr0: number): number[] {
  checkLrSchedule(spec);
  return Array.from({ length: n }, (_, s) => learningRateAt(spec, s, lr0));
}
