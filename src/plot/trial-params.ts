// What the per-parameter trial charts share: the plain spec of a search space, and the complete
// trials with the parameter names to draw.
import type { Space, SpaceSpec } from "../hpo/space.js";
import type { TrialRecord } from "../hpo/types.js";

/** The plain spec of a space given either as a `Space` (defineSpace) or as its spec; undefined stays undefined. */
export function specOf(space: Space | SpaceSpec | undefined): SpaceSpec | undefined {
  if (space === undefined) return undefined;
  return "spec" in space && "names" in space ? (space as Space).spec : (space as SpaceSpec);
}

/** Complete trials with a finite value, and the parameters to draw: `params` if given, else those the trials carry (in the spec's order when there is one). */
export function completeTrialParams(
  trials: readonly TrialRecord[],
  spec: SpaceSpec | undefined,
  params?: readonly string[],
): { done: TrialRecord[]; params: readonly string[] } {
  const done = trials.filter((t) => t.state === "complete" && t.value !== undefined && Number.isFinite(t.value));
  const seen = new Set<string>();
  for (const t of done) for (const k of Object.keys(t.params)) seen.add(k);
  return { done, params: params ?? (spec ? Object.keys(spec).filter((k) => seen.has(k)) : [...seen]) };
}
