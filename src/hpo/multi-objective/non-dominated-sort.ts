// Fast non-dominated sorting (Deb, Pratap, Agarwal & Meyarivan 2002, "A fast and elitist multiobjective
// genetic algorithm: NSGA-II", §III-A): O(M·N²) comparisons, fronts F₁, F₂, … where Fₖ₊₁ holds the
// points dominated only by points of F₁…Fₖ.

/**
 * The fronts of `n` points under the relation `dominates(i, j)` (true when point i dominates point j),
 * as lists of indices in increasing order; the first list is the non-dominated set.
 */
export function nonDominatedSort(n: number, dominates: (i: number, j: number) => boolean): number[][] {
  const dominatedBy: number[][] = Array.from({ length: n }, () => []); // S_p: points p dominates
  const count = new Int32Array(n); // n_p: how many points dominate p
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (dominates(p, q)) {
        dominatedBy[p].push(q);
        count[q]++;
      } else if (dominates(q, p)) {
        dominatedBy[q].push(p);
        count[p]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let p = 0; p < n; p++) if (count[p] === 0) current.push(p);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const p of current) {
      for (const q of dominatedBy[p]) if (--count[q] === 0) next.push(q);
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** The rank (0 for the first front) of each of the `n` points, from `nonDominatedSort`'s fronts. */
export function frontRanks(n: number, fronts: readonly (readonly number[])[]): Int32Array {
  const rank = new Int32Array(n);
  fronts.forEach((f, k) => {
    for (const i of f) rank[i] = k;
  });
  return rank;
}
