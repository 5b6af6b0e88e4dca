// Compact number formatting for explanations (`why` lines) and chart labels: three significant
// digits in plain notation inside a range of magnitudes, exponential notation outside it.

/** Options of {@link formatCompact}. */
export interface FormatCompactOptions {
  /** Smallest magnitude written in plain notation (0 always is). @default 1e-2 */
  plainMin?: number;
  /** Magnitudes from this one up are written in exponential notation. @default 1e4 */
  plainMax?: number;
  /** Digits after the point in exponential notation. @default 1 */
  expDigits?: number;
}

/** `v` with 3 significant digits ("0.123", "12.3"), exponential outside [plainMin, plainMax) ("1.2e-5"); NaN and ±Infinity as `String(v)`. */
export function formatCompact(v: number, options: FormatCompactOptions = {}): string {
  if (!Number.isFinite(v)) return String(v);
  const { plainMin = 1e-2, plainMax = 1e4, expDigits = 1 } = options;
  const a = Math.abs(v);
  if (a !== 0 && (a < plainMin || a >= plainMax)) return v.toExponential(expDigits);
  return String(Number(v.toPrecision(3)));
}
