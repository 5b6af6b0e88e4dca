// The shared unit-cube transform: every parameter ↔ one coordinate in [0, 1], so every sampler
// works in [0,1]^d. Log parameters are mapped in log space; discrete ones (int, stepped float,
// categorical) own equal-width cells (ints/steps widened by half a step on each side, as Optuna's
// GP search space does), so a uniform u gives every allowed value the same probability.
import { type Distribution, type ParamValue, type Space, isActive } from "./space.js";

/** Lower/upper ends of the mapped (possibly log, possibly widened) interval of a numeric parameter. */
function bounds(d: Exclude<Distribution, { kind: "categorical" }>): [number, number] {
  const half = d.step !== undefined ? d.step / 2 : 0;
  if (d.log) return [Math.log(d.low - half), Math.log(d.high + half)];
  return [d.low - half, d.high + half];
}

/** Number of distinct values of a discrete distribution, or `Infinity` for a continuous float. */
export function cardinality(d: Distribution): number {
  if (d.kind === "categorical") return d.choices.length;
  if (d.step === undefined) return Infinity;
  return Math.round((d.high - d.low) / d.step) + 1;
}

/** The k-th allowed value of a discrete numeric distribution (k = 0 … cardinality − 1), rounded cleanly. */
export function gridValue(d: Exclude<Distribution, { kind: "categorical" }>, k: number): number {
  const step = d.step as number;
  const v = d.low + k * step;
  if (d.kind === "int") return Math.round(v);
  // avoid 0.30000000000000004-style artefacts: round to the step's decimal precision
  return Math.min(d.high, Math.max(d.low, Number(v.toPrecision(12))));
}

/** Maps u ∈ [0, 1] to a legal value of `d` (clamped; discrete values by cell). */
export function fromUnit(d: Distribution, u: number): ParamValue {
  if (!Number.isFinite(u)) throw new RangeError(`fromUnit: u must be a finite number, got ${u}`);
  const v = Math.min(1, Math.max(0, u));
  if (d.kind === "categorical") {
    const k = d.choices.length;
    return d.choices[Math.min(k - 1, Math.floor(v * k))];
  }
  const [lo, hi] = bounds(d);
  let x = lo + v * (hi - lo);
  if (d.log) x = Math.exp(x);
  if (d.step === undefined) return Math.min(d.high, Math.max(d.low, x));
  const n = cardinality(d);
  const k = Math.min(n - 1, Math.max(0, Math.round((x - d.low) / d.step)));
  return gridValue(d, k);
}

/** Maps a legal value of `d` to [0, 1]; discrete values go to the centre of their cell. */
export function toUnit(d: Distribution, value: ParamValue): number {
  if (d.kind === "categorical") {
    const i = d.choices.indexOf(value);
    if (i < 0) throw new RangeError(`toUnit: ${JSON.stringify(value)} is not one of the choices ${JSON.stringify(d.choices)}`);
    return (i + 0.5) / d.choices.length;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`toUnit: expected a finite number, got ${JSON.stringify(value)}`);
  const [lo, hi] = bounds(d);
  const x = d.log ? Math.log(value) : value;
  return Math.min(1, Math.max(0, (x - lo) / (hi - lo)));
}

/** Width in unit coordinates of one discrete cell of `d` (0 for a continuous float). */
export function unitCell(d: Distribution): number {
  if (d.kind === "categorical") return 1 / d.choices.length;
  if (d.step === undefined) return 0;
  if (!d.log) return 1 / cardinality(d);
  return 0; // log ints have unequal cells; samplers should round through fromUnit
}

/** Encodes params as a vector in [0,1]^d in `space.names` order; inactive/missing parameters are NaN. */
export function encode(space: Space, params: Readonly<Record<string, unknown>>): Float64Array {
  const out = new Float64Array(space.names.length);
  space.names.forEach((name, i) => {
    const v = params[name];
    out[i] = v === undefined ? NaN : toUnit(space.spec[name], v as ParamValue);
  });
  return out;
}

/** Decodes a vector in [0,1]^d (in `space.names` order) into params; only active parameters are included. */
export function decode(space: Space, u: ArrayLike<number>): Record<string, ParamValue> {
  if (u.length !== space.names.length) throw new RangeError(`decode: expected ${space.names.length} coordinates, got ${u.length}`);
  const params: Record<string, ParamValue> = {};
  space.names.forEach((name, i) => {
    if (!isActive(space, name, params)) return;
    const x = u[i];
    params[name] = fromUnit(space.spec[name], Number.isFinite(x) ? x : 0.5);
  });
  return params;
}

/** The unit-coordinate interval [a, b] of the cell that a discrete numeric value owns (a = b for a continuous float). */
export function unitBounds(d: Exclude<Distribution, { kind: "categorical" }>, value: number): [number, number] {
  if (d.step === undefined) {
    const u = toUnit(d, value);
    return [u, u];
  }
  const [lo, hi] = bounds(d);
  const half = d.step / 2;
  const t = (x: number): number => Math.min(1, Math.max(0, ((d.log ? Math.log(x) : x) - lo) / (hi - lo)));
  return [t(value - half), t(value + half)];
}
