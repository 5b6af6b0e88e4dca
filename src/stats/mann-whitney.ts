// Mann–Whitney U rank test (Mann & Whitney 1947): are values of x stochastically larger or smaller
// than values of y? Exact null distribution without ties when a sample is small, otherwise the normal
// approximation with tie and continuity corrections; the same choices as scipy.stats.mannwhitneyu's
// "auto" method, so p-values can be compared with it (docs/seed-comparisons.md).
import { checkOptions, optionKeys } from "../util/options.js";
import { erfc } from "../util/erfc.js";

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /** "greater": x tends to be larger than y; "less": smaller; "two-sided": either. @default "two-sided" */
  alternative?: "two-sided" | "greater" | "less";
  /** "exact" (no ties allowed), "normal", or "auto" (exact when a sample has ≤ 8 values and there are no ties). @default "auto" */
  method?: "auto" | "exact" | "normal";
  /** Continuity correction of the normal approximation. @default true */
  continuity?: boolean;
}

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U of x: the number of pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting one half. */
  readonly u: number;
  /** The p-value under the chosen alternative. */
  readonly p: number;
  /** The method that computed p. */
  readonly method: "exact" | "normal";
  /** Sample sizes. */
  readonly nx: number;
  readonly ny: number;
  /** Whether any value occurs more than once in the pooled sample. */
  readonly ties: boolean;
}

const KEYS = optionKeys<MannWhitneyOptions>({ alternative: true, method: true, continuity: true });

function checkSample(v: readonly number[], what: string): void {
  if (!Array.isArray(v)) throw new TypeError(`mannWhitneyU: ${what} must be an array of numbers, got ${typeof v}`);
  if (v.length === 0) throw new RangeError(`mannWhitneyU: ${what} is empty`);
  v.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x)) throw new RangeError(`mannWhitneyU: ${what}[${i}] is not a finite number (${String(x)})`);
  });
}

/** Midranks (1-based; tied values share the mean of their ranks) and Σ(t³ − t) over tie groups. */
export function midranks(values: readonly number[]): { ranks: Float64Array; tieTerm: number } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Float64Array(values.length);
  let tieTerm = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = r;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieTerm };
}

/** Counts of each U = 0 … m·n under the null (all orderings of m x's and n y's equally likely): f(m, n, u) = f(m−1, n, u−n) + f(m, n−1, u). */
export function uDistribution(m: number, n: number): Float64Array {
  // f[j][u] for the current number of x's, j = 0 … n y's; start with m = 0: one ordering, U = 0.
  let prev: Float64Array[] = Array.from({ length: n + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = [Float64Array.of(1)]; // no y's: every x beats nothing, U = 0
    for (let j = 1; j <= n; j++) {
      const f = new Float64Array(i * j + 1);
      const a = prev[j]; // last element is an x, larger than all j y's: adds j
      for (let u = 0; u < a.length; u++) f[u + j] += a[u];
      const b = cur[j - 1]; // last element is a y: adds nothing
      for (let u = 0; u < b.length; u++) f[u] += b[u];
      cur.push(f);
    }
    prev = cur;
  }
  return prev[n];
}

/** P(Z ≥ z) for a standard normal Z. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Mann–Whitney U test of two independent samples (e.g. test AUCs of a tuned and a baseline configuration
 * over seeds). With 5 values each and no ties the exact two-sided p-value cannot go below 2/252 ≈ 0.0079.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[], options: MannWhitneyOptions = {}): MannWhitneyResult {
  checkOptions("mannWhitneyU", options, KEYS);
  checkSample(x, "x");
  checkSample(y, "y");
  const alternative = options.alternative ?? "two-sided";
  if (alternative !== "two-sided" && alternative !== "greater" && alternative !== "less") {
    throw new RangeError(`mannWhitneyU: alternative must be "two-sided", "greater" or "less", got ${JSON.stringify(alternative)}`);
  }
  const requested = options.method ?? "auto";
  if (requested !== "auto" && requested !== "exact" && requested !== "normal")
    throw new RangeError(`mannWhitneyU: method must be "auto", "exact" or "normal", got ${JSON.stringify(requested)}`);
  const nx = x.length;
  const ny = y.length;
  const { ranks, tieTerm } = midranks([...x, ...y]);
  let rx = 0;
  for (let i = 0; i < nx; i++) rx += ranks[i];
  const u = rx - (nx * (nx + 1)) / 2;
  const ties = tieTerm > 0;
  if (requested === "exact" && ties)
    throw new RangeError('mannWhitneyU: the exact method needs distinct values; the samples have ties (use method "normal" or "auto")');
  const method = requested === "auto" ? (Math.min(nx, ny) <= 8 && !ties ? "exact" : "normal") : requested;
  // The statistic whose upper tail is tested: U of x for "greater", U of y for "less", the larger for two-sided.
  const uy = nx * ny - u;
  const stat = alternative === "greater" ? u : alternative === "less" ? uy : Math.max(u, uy);
  let p: number;
  if (method === "exact") {
    const f = uDistribution(nx, ny);
    let total = 0;
    let tail = 0;
    for (let k = 0; k < f.length; k++) {
      total += f[k];
      if (k >= stat) tail += f[k];
    }
    p = tail / total;
  } else {
    const n = nx + ny;
    const mu = (nx * ny) / 2;
    const sd = Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = sd > 0 ? (stat - mu - ((options.continuity ?? true) ? 0.5 : 0)) / sd : 0;
    p = sd > 0 ? normalSf(z) : 1;
  }
  if (alternative === "two-sided") p *= 2;
  return { u, p: Math.min(1, p), method, nx, ny, ties };
}
