// Mann–Whitney U against brute-force enumeration of the null distribution and against values printed by
// scipy 1.17.1's stats.mannwhitneyu (method "auto") for the same samples.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mannWhitneyU, midranks, uDistribution } from "../../src/stats/mann-whitney.js";
import { erfc } from "../../src/util/erfc.js";
import { compareSeeds, formatSeedSummary, quantile, summarizeSeeds } from "../../src/stats/seed-summary.js";

const close = (a: number, b: number, what: string, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol * Math.max(1e-3, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

/** Counts of U over all C(m+n, m) placements of the x's among the pooled order (brute force). */
function bruteForce(m: number, n: number): number[] {
  const counts = new Array<number>(m * n + 1).fill(0);
  for (let mask = 0; mask < 1 << (m + n); mask++) {
    let bits = 0;
    for (let b = mask; b; b &= b - 1) bits++;
    if (bits !== m) continue;
    let u = 0;
    let ys = 0;
    for (let k = 0; k < m + n; k++) {
      if (mask & (1 << k))
        u += ys; // this x is larger than every y below it
      else ys++;
    }
    counts[u]++;
  }
  return counts;
}

test("the exact null distribution of U equals brute-force enumeration", () => {
  for (const [m, n] of [
    [1, 1],
    [2, 3],
    [3, 2],
    [4, 4],
    [5, 5],
    [3, 7],
  ]) {
    assert.deepEqual([...uDistribution(m, n)], bruteForce(m, n), `m ${m}, n ${n}`);
  }
  assert.equal(
    uDistribution(5, 5).reduce((s, v) => s + v, 0),
    252,
  );
});

test("midranks share tied ranks; erfc matches known values", () => {
  const { ranks, tieTerm } = midranks([3, 1, 3, 2, 3]);
  assert.deepEqual([...ranks], [4, 1, 4, 2, 4]);
  assert.equal(tieTerm, 24);
  close(erfc(0), 1, "erfc 0");
  close(erfc(1), 0.157299207050285, "erfc 1", 2e-7);
  close(erfc(-0.5), 1.520499877813047, "erfc −0.5", 2e-7);
});

test("p-values agree with scipy.stats.mannwhitneyu (exact without ties, normal with ties or larger samples)", () => {
  const tuned = [0.84, 0.85, 0.86, 0.83, 0.87];
  const base = [0.8, 0.82, 0.81, 0.79, 0.835];
  const cases: [number[], number[], "two-sided" | "greater" | "less", number, number, "exact" | "normal"][] = [
    [tuned, base, "two-sided", 24, 0.015873015873015872, "exact"],
    [tuned, base, "greater", 24, 0.007936507936507936, "exact"],
    [tuned, base, "less", 24, 0.996031746031746, "exact"],
    [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], "two-sided", 0, 0.007936507936507936, "exact"],
    [[1, 2, 2, 3, 4, 5], [2, 3, 6, 7, 8, 9, 10], "two-sided", 6.5, 0.044022195041670056, "normal"],
    [[1, 2, 2, 3, 4, 5], [2, 3, 6, 7, 8, 9, 10], "greater", 6.5, 0.9845255051049955, "normal"],
    [Array.from({ length: 12 }, (_, i) => i), Array.from({ length: 10 }, (_, i) => i + 3.5), "two-sided", 36, 0.12125097588073802, "normal"],
    [Array.from({ length: 12 }, (_, i) => i), Array.from({ length: 10 }, (_, i) => i + 3.5), "less", 36, 0.06062548794036901, "normal"],
  ];
  for (const [x, y, alternative, u, p, method] of cases) {
    const r = mannWhitneyU(x, y, { alternative });
    assert.equal(r.u, u, `U of ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    assert.equal(r.method, method);
    close(r.p, p, `${alternative} p of ${JSON.stringify(x)} vs ${JSON.stringify(y)}`, 1e-6);
  }
});

test("bad inputs name the sample or option", () => {
  assert.throws(() => mannWhitneyU([], [1]), /x is empty/);
  assert.throws(() => mannWhitneyU([1, NaN], [1]), /x\[1\] is not a finite number/);
  assert.throws(() => mannWhitneyU([1], [2], { alternatve: "less" } as never), /unknown option alternatve; did you mean alternative\?/);
  assert.throws(() => mannWhitneyU([1, 2], [2, 3], { method: "exact" }), /exact method needs distinct values/);
});

test("seed summaries: median, numpy-linear quartiles, comparison with the one-sided test", () => {
  assert.equal(quantile([1, 2, 3, 4], 0.25), 1.75);
  const s = summarizeSeeds([0.81, 0.8, 0.83, 0.79, 0.82]);
  assert.deepEqual([s.n, s.median, s.q1, s.q3, s.min, s.max], [5, 0.81, 0.8, 0.82, 0.79, 0.83]);
  assert.equal(formatSeedSummary(s), "0.810 [0.800–0.820]");
  const c = compareSeeds([0.84, 0.85, 0.86, 0.83, 0.87], [0.8, 0.82, 0.81, 0.79, 0.835]);
  close(c.medianGain, 0.04, "gain");
  close(c.test.p, 1 / 126, "one-sided exact p");
  assert.throws(() => summarizeSeeds([]), /at least one value/);
});
