// What `tell` stores for a trial of a multi-objective study: the objective list becomes `values`
// (complete), a non-finite entry fails the trial and says which objective, explicit states pass through.
import type { TrialPatch } from "../types.js";

/** The patch for a multi-objective tell result (already shape-checked by tellResultProblem). */
export function multiObjectivePatch(
  result: number | readonly number[] | { readonly state: string; readonly value?: number | readonly number[]; readonly note?: string },
  objectives: number,
): TrialPatch {
  const explicit =
    typeof result === "object" && !Array.isArray(result) ? (result as { state: string; value?: number | readonly number[]; note?: string }) : undefined;
  if (explicit !== undefined && explicit.state !== "complete") {
    if (explicit.state === "failed") return { state: "failed", note: explicit.note ?? "failed" };
    const values =
      Array.isArray(explicit.value) && explicit.value.length === objectives && explicit.value.every(Number.isFinite)
        ? { values: explicit.value as readonly number[] }
        : {};
    return { state: explicit.state as "pruned" | "paused", ...values, ...(explicit.note !== undefined ? { note: explicit.note } : {}) };
  }
  const values = (explicit !== undefined ? explicit.value : result) as readonly number[];
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) return { state: "failed", note: explicit?.note ?? `objective ${bad} returned ${String(values[bad])}` };
  return { state: "complete", values: [...values], ...(explicit?.note !== undefined ? { note: explicit.note } : {}) };
}
