/**
 * How the GP sees a search space: one column per parameter in `space.names` order. Numeric
 * parameters use the shared unit-cube coordinate (log parameters in log space, discrete ones widened
 * by half a step, see transform.ts); categorical parameters hold the choice index and are compared
 * by Hamming distance in the kernel. Inactive conditional parameters get a fixed placeholder
 * (0.5, or index −1 for a categorical, which differs from every choice).
 */
import type { ParamValue, Space } from "../space.js";
import { decode, fromUnit, toUnit } from "../transform.js";

/** The GP's view of a space. */
export interface GpEncoding {
  /** The space. */
  readonly space: Space;
  /** Number of columns (= parameters). */
  readonly d: number;
  /** 1 for categorical columns, else 0; [d]. */
  readonly categorical: Uint8Array;
  /** Number of choices of categorical columns, 0 for numeric ones; [d]. */
  readonly choices: Float64Array;
  /** 1 for numeric columns with a finite grid (ints, stepped floats): snapped after optimization; [d]. */
  readonly discrete: Uint8Array;
}

/** Builds the GP encoding of a space. */
export function gpEncoding(space: Space): GpEncoding {
  const d = space.names.length;
  const categorical = new Uint8Array(d);
  const choices = new Float64Array(d);
  const discrete = new Uint8Array(d);
  space.names.forEach((name, k) => {
    const dist = space.spec[name];
    if (dist.kind === "categorical") {
      categorical[k] = 1;
      choices[k] = dist.choices.length;
    } else if (dist.step !== undefined) {
      discrete[k] = 1;
    }
  });
  return { space, d, categorical, choices, discrete };
}

/** Params → GP columns, written into `out` ([d]). */
export function encodeParams(enc: GpEncoding, params: Readonly<Record<string, ParamValue>>, out: Float64Array = new Float64Array(enc.d)): Float64Array {
  enc.space.names.forEach((name, k) => {
    const v = params[name];
    const dist = enc.space.spec[name];
    if (v === undefined) {
      out[k] = dist.kind === "categorical" ? -1 : 0.5;
    } else if (dist.kind === "categorical") {
      out[k] = dist.choices.indexOf(v);
      if (out[k] < 0) throw new Error(`encodeParams: ${JSON.stringify(v)} is not a choice of parameter "${name}"`);
    } else {
      out[k] = toUnit(dist, v);
    }
  });
  return out;
}

/** GP columns → params (only active parameters). */
export function decodeColumns(enc: GpEncoding, x: ArrayLike<number>): Record<string, ParamValue> {
  const u = new Float64Array(enc.d);
  for (let k = 0; k < enc.d; k++) {
    u[k] = enc.categorical[k] ? (Math.max(0, x[k]) + 0.5) / enc.choices[k] : x[k];
  }
  return decode(enc.space, u);
}

/** Moves discrete numeric columns to the unit coordinate of their nearest legal value, in place. */
export function snapColumns(enc: GpEncoding, x: Float64Array): void {
  enc.space.names.forEach((name, k) => {
    if (!enc.discrete[k]) return;
    const dist = enc.space.spec[name];
    x[k] = toUnit(dist, fromUnit(dist, x[k]));
  });
}
