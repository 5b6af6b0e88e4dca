// Two-sided Mann–Whitney U test (Mann & Whitney 1947) with the normal approximation, tie-corrected
// variance and continuity correction, as scipy.stats.mannwhitneyu(method="asymptotic") computes it.
import { erfc } from "../../src/util/erfc.js";

/** Standard normal upper tail Q(z) = P(Z > z), via erfc (Abramowitz & Stegun 7.1.26 is too coarse for small p). */
function upperTail(z: number): number {
  return erfc(z / Math.SQRT2) / 2;
}

/** U statistic of `a` (count of pairs a < b, ties ½) and the two-sided p-value of "same distribution". */
export function mannWhitney(a: readonly number[], b: readonly number[]): { u: number; p: number } {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: NaN, p: NaN };
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const ranks = new Float64Array(all.length);
  let tieTerm = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].v === all[i].v) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[k] = r;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  let r1 = 0;
  all.forEach((e, i) => {
    if (e.g === 0) r1 += ranks[i];
  });
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (sigma === 0) return { u: u1, p: 1 };
  // U of `a` counts how often a is larger; report the "a smaller" count for readability
  const z = (Math.abs(u1 - mu) - 0.5) / sigma;
  return { u: n1 * n2 - u1, p: Math.min(1, 2 * upperTail(Math.max(z, 0))) };
}
