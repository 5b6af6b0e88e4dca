// Validation of what `study.tell` receives: a wrong value (a string, an object without a state, a
// list in a single-objective study) must fail the trial explicitly, never leave it running.

const STATES = ["complete", "failed", "pruned", "paused"];
const KEYS = new Set(["state", "value", "note"]);

function shown(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  if (Array.isArray(v)) return `a list of ${v.length} value${v.length === 1 ? "" : "s"}`;
  if (v === null) return "null";
  if (typeof v === "object") return `an object with keys ${JSON.stringify(Object.keys(v as object))}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * What is wrong with a `tell` result, or undefined when it has an accepted shape: a number (NaN and
 * ±Infinity are accepted and fail the trial), or `{state, value?, note?}` with a known state, a
 * numeric value and a string note. `objectives` > 1 accepts a list of that many numbers instead.
 */
export function tellResultProblem(result: unknown, objectives = 1): string | undefined {
  if (typeof result === "number") return objectives > 1 ? `expected ${objectives} values (one per objective), got one number ${String(result)}` : undefined;
  if (Array.isArray(result)) {
    if (objectives <= 1) return `expected a number, got ${shown(result)} (a list is for a multi-objective study)`;
    if (result.length !== objectives) return `expected ${objectives} values (one per objective), got ${shown(result)}`;
    const i = result.findIndex((v) => typeof v !== "number");
    return i < 0 ? undefined : `value ${i} of the list is ${shown(result[i])}, expected a number`;
  }
  if (result === null || typeof result !== "object") {
    const hint = typeof result === "string" && result.trim() !== "" && Number.isFinite(Number(result)) ? ` (convert it with Number(...))` : "";
    return `expected a number or {state, value?, note?}, got ${shown(result)}${hint}`;
  }
  const r = result as Record<string, unknown>;
  const extra = Object.keys(r).filter((k) => !KEYS.has(k));
  if (extra.length > 0)
    return `unknown key${extra.length > 1 ? "s" : ""} ${extra.map((k) => JSON.stringify(k)).join(", ")} in the result (expected state, value, note)`;
  if (!STATES.includes(r.state as string)) return `state must be one of ${STATES.map((s) => JSON.stringify(s)).join(", ")}, got ${shown(r.state)}`;
  if (r.value !== undefined && typeof r.value !== "number" && !(objectives > 1 && Array.isArray(r.value)))
    return `value must be a number, got ${shown(r.value)}`;
  if (objectives > 1 && r.value !== undefined) {
    const inner = tellResultProblem(r.value, objectives);
    if (inner !== undefined) return inner;
  }
  if (r.state === "complete" && r.value === undefined) return `state "complete" needs a value`;
  if (r.note !== undefined && typeof r.note !== "string") return `note must be a string, got ${shown(r.note)}`;
  return undefined;
}
