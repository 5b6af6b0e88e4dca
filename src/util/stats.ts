// Small descriptive statistics for reporting repeated runs (mean ± sd over seeds, medians).

/** Mean, spread and middle of a list of numbers. */
export interface Summary {
  /** Number of values. */
  readonly n: number;
  /** Arithmetic mean (NaN when n = 0). */
  readonly mean: number;
  /** Sample standard deviation with n − 1 in the denominator (0 when n = 1, NaN when n = 0). */
  readonly sd: number;
  /** Median: the middle value, or the mean of the two middle values (NaN when n = 0). */
  readonly median: number;
  /** Smallest value (NaN when n = 0). */
  readonly min: number;
  /** Largest value (NaN when n = 0). */
  readonly max: number;
}

function checkFinite(values: readonly number[], what: string): void {
  if (!Array.isArray(values)) throw new TypeError(`${what}: expected an array of numbers, got ${typeof values}`);
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${what}: value ${i} is not a finite number (${String(v)})`);
  });
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(values: readonly number[]): number {
  checkFinite(values, "mean");
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN;
}

/** Sample standard deviation (n − 1 denominator, two-pass); 0 for one value, NaN for none. */
export function sampleSd(values: readonly number[]): number {
  const m = mean(values);
  if (values.length < 2) return values.length === 1 ? 0 : NaN;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Median (mean of the two middle values for an even count); NaN for an empty list. */
export function median(values: readonly number[]): number {
  checkFinite(values, "median");
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** n, mean, sample sd, median, min and max of a list of finite numbers. */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  return {
    n,
    mean: mean(values),
    sd: sampleSd(values),
    median: median(values),
    min: n ? Math.min(...values) : NaN,
    max: n ? Math.max(...values) : NaN,
  };
}
