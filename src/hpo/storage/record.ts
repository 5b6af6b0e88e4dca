// Pure helpers every Storage implementation can share: build a new trial record, apply a patch,
// insert an intermediate value — with the same validation rules everywhere.
import type { ParamValue } from "../space.js";
import type { AttrValue, Intermediate, TrialInit, TrialPatch, TrialRecord, TrialState } from "../types.js";
import { FINISHED_STATES } from "../types.js";

const STATES: readonly TrialState[] = ["waiting", "running", "paused", "complete", "pruned", "failed"];

/** True for complete, pruned and failed (records that never change again). */
export function isFinished(state: TrialState): boolean {
  return FINISHED_STATES.includes(state);
}

function freezeRecord(r: TrialRecord): TrialRecord {
  Object.freeze(r.params);
  Object.freeze(r.userAttrs);
  Object.freeze(r.systemAttrs);
  for (const iv of r.intermediate) Object.freeze(iv);
  Object.freeze(r.intermediate);
  if (r.values !== undefined) Object.freeze(r.values);
  return Object.freeze(r);
}

/** A new frozen record for trial `number` created at `now` (ms). */
export function newTrialRecord(number: number, init: TrialInit, now: number): TrialRecord {
  if (!Number.isSafeInteger(number) || number < 0) throw new RangeError(`trial number must be a non-negative integer, got ${number}`);
  if (init.state !== "running" && init.state !== "waiting")
    throw new RangeError(`a new trial must be "running" or "waiting", got ${JSON.stringify(init.state)}`);
  return freezeRecord({
    number,
    state: init.state,
    params: { ...(init.params ?? {}) } as Readonly<Record<string, ParamValue>>,
    value: undefined,
    intermediate: [],
    why: init.why ?? "",
    note: undefined,
    createdAt: now,
    startedAt: init.state === "running" ? now : undefined,
    completedAt: undefined,
    heartbeatAt: undefined,
    userAttrs: { ...(init.userAttrs ?? {}) } as Record<string, AttrValue>,
    systemAttrs: { ...(init.systemAttrs ?? {}) } as Record<string, AttrValue>,
  });
}

/** Applies `patch` to `r` at time `now`; throws if `r` is finished or the patch is malformed. */
export function applyPatch(r: TrialRecord, patch: TrialPatch, now: number): TrialRecord {
  if (isFinished(r.state)) throw new Error(`trial ${r.number} is already ${r.state} and cannot change`);
  if (patch.state !== undefined && !STATES.includes(patch.state)) throw new RangeError(`unknown trial state ${JSON.stringify(patch.state)}`);
  if (patch.value !== undefined && typeof patch.value !== "number") throw new TypeError(`trial value must be a number, got ${typeof patch.value}`);
  if (patch.values !== undefined && !(Array.isArray(patch.values) && patch.values.length > 0 && patch.values.every((v) => typeof v === "number"))) {
    throw new TypeError(`trial ${r.number}: values must be a non-empty array of numbers, got ${JSON.stringify(patch.values)}`);
  }
  const state = patch.state ?? r.state;
  const values: readonly number[] | undefined = patch.values ?? r.values;
  if (state === "complete" && values !== undefined) {
    if (!values.every((v) => Number.isFinite(v)))
      throw new RangeError(`trial ${r.number}: a complete trial needs finite values, got ${JSON.stringify(values)}`);
  } else if (state === "complete" && !(typeof (patch.value ?? r.value) === "number" && Number.isFinite(patch.value ?? r.value))) {
    throw new RangeError(`trial ${r.number}: a complete trial needs a finite value, got ${patch.value ?? r.value}`);
  }
  return freezeRecord({
    ...r,
    state,
    params: patch.params !== undefined ? { ...patch.params } : r.params,
    why: patch.why ?? r.why,
    value: patch.value ?? r.value,
    ...(values !== undefined ? { values: [...values] } : {}),
    note: patch.note ?? r.note,
    startedAt: state === "running" && r.startedAt === undefined ? now : r.startedAt,
    completedAt: isFinished(state) ? now : r.completedAt,
    userAttrs: patch.userAttrs ? { ...r.userAttrs, ...patch.userAttrs } : r.userAttrs,
    systemAttrs: patch.systemAttrs ? { ...r.systemAttrs, ...patch.systemAttrs } : r.systemAttrs,
    intermediate: [...r.intermediate],
  });
}

/** Returns `r` with `value` recorded at `step` (replacing an earlier one at the same step), sorted by step. */
export function withIntermediate(r: TrialRecord, step: number, value: number): TrialRecord {
  if (isFinished(r.state)) throw new Error(`trial ${r.number} is already ${r.state}; cannot report step ${step}`);
  if (!Number.isFinite(step)) throw new RangeError(`trial ${r.number}: step must be a finite number, got ${step}`);
  if (typeof value !== "number") throw new TypeError(`trial ${r.number}: reported value must be a number, got ${typeof value}`);
  const list: Intermediate[] = r.intermediate.filter((iv) => iv.step !== step);
  list.push({ step, value });
  list.sort((a, b) => a.step - b.step);
  return freezeRecord({ ...r, intermediate: list, params: r.params, userAttrs: r.userAttrs, systemAttrs: r.systemAttrs });
}
