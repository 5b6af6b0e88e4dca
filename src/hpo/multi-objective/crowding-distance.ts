// Crowding distance (Deb et al. 2002, NSGA-II §III-B): for each point of one front, the sum over the
// objectives of the normalized side lengths of the cuboid formed by its two neighbours; the boundary
// points of each objective get +∞ so the extremes of the front are always kept.

/** Crowding distance of each point of `front` (indices into `losses`), in the order of `front`. */
export function crowdingDistance(losses: readonly (readonly number[])[], front: readonly number[]): Float64Array {
  const n = front.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const m = losses[front[0]].length;
  if (n <= 2) return out.fill(Infinity);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < m; k++) {
    // ties broken by position so the result does not depend on the sort's stability
    order.sort((a, b) => losses[front[a]][k] - losses[front[b]][k] || a - b);
    const lo = losses[front[order[0]]][k];
    const hi = losses[front[order[n - 1]]][k];
    out[order[0]] = Infinity;
    out[order[n - 1]] = Infinity;
    if (!(hi > lo)) continue; // every point has the same value: this objective separates none
    for (let i = 1; i < n - 1; i++) out[order[i]] += (losses[front[order[i + 1]]][k] - losses[front[order[i - 1]]][k]) / (hi - lo);
  }
  return out;
}
