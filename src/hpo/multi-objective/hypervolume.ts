// Hypervolume: the measure of the region a set of loss vectors dominates, bounded by a reference point
// (Zitzler & Thiele 1998). Two objectives: an exact sweep over the points sorted by the first loss.
// More: WFG (While, Bradstreet & Barone 2012, IEEE TEC 16(1)), HV(S) = Σₖ [inclhv(pₖ) − HV(nds(limitset(S, k)))],
// recursing down to the 2-D sweep; exact, and fast enough for the fronts of a study (a few hundred points).
import type { Direction } from "../types.js";
import { dominates, toLosses } from "./dominance.js";

/** The points (losses) that strictly dominate `ref` in every objective and that no other point dominates, without duplicates. */
function relevant(points: readonly (readonly number[])[], ref: readonly number[]): number[][] {
  const inside = points.filter((p) => p.every((x, j) => x < ref[j]));
  const out: number[][] = [];
  for (let i = 0; i < inside.length; i++) {
    const p = inside[i];
    let keep = true;
    for (let j = 0; j < inside.length && keep; j++) {
      if (j === i) continue;
      const q = inside[j];
      // dominated, or an equal point that comes earlier (keep one copy of duplicates)
      if (dominates(q, p) || (j < i && q.every((x, k) => x === p[k]))) keep = false;
    }
    if (keep) out.push([...p]);
  }
  return out;
}

/** Exact 2-D hypervolume of points inside the reference box: the area under their staircase. */
function sweep2d(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const s = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const stairs: (readonly number[])[] = []; // in x order, each lower than all before it
  for (const p of s) if (stairs.length === 0 || p[1] < stairs[stairs.length - 1][1]) stairs.push(p);
  let hv = 0;
  for (let k = 0; k < stairs.length; k++) {
    const nextX = k + 1 < stairs.length ? stairs[k + 1][0] : ref[0];
    hv += (nextX - stairs[k][0]) * (ref[1] - stairs[k][1]);
  }
  return hv;
}

/** WFG on points already reduced by `relevant`. */
function wfg(points: number[][], ref: readonly number[]): number {
  const n = points.length;
  if (n === 0) return 0;
  const d = ref.length;
  if (d === 1) return ref[0] - Math.min(...points.map((p) => p[0]));
  if (d === 2) return sweep2d(points, ref);
  if (n === 1) return points[0].reduce((v, x, j) => v * (ref[j] - x), 1);
  // sorting by the last loss, worst first, keeps the limit sets small (While et al. 2012 §IV)
  const s = [...points].sort((a, b) => b[d - 1] - a[d - 1]);
  let hv = 0;
  for (let k = 0; k < n; k++) {
    const p = s[k];
    const incl = p.reduce((v, x, j) => v * (ref[j] - x), 1);
    const limited = s.slice(k + 1).map((q) => q.map((x, j) => Math.max(x, p[j])));
    hv += incl - wfg(relevant(limited, ref), ref);
  }
  return hv;
}

/**
 * The hypervolume dominated by `points` (objective vectors) and bounded by `reference`: exact, for
 * any number of objectives. With `directions`, maximized objectives count higher as better (the
 * reference is then their lower bound). Points not better than the reference in every objective add nothing.
 */
export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[], directions?: readonly Direction[]): number {
  const d = reference.length;
  if (d === 0) throw new RangeError("hypervolume: the reference point needs at least one objective");
  if (!reference.every(Number.isFinite)) throw new RangeError(`hypervolume: the reference point must be finite, got ${JSON.stringify(reference)}`);
  if (directions !== undefined && directions.length !== d)
    throw new RangeError(`hypervolume: ${directions.length} directions for a ${d}-objective reference point`);
  points.forEach((p, i) => {
    if (p.length !== d) throw new RangeError(`hypervolume: point ${i} has ${p.length} values, the reference point ${d}`);
    if (!p.every(Number.isFinite)) throw new RangeError(`hypervolume: point ${i} is not finite: ${JSON.stringify(p)}`);
  });
  const dirs = directions ?? reference.map((): Direction => "minimize");
  const ref = toLosses(reference, dirs);
  return wfg(
    relevant(
      points.map((p) => toLosses(p, dirs)),
      ref,
    ),
    ref,
  );
}
