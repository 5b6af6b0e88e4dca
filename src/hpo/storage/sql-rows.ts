// Row ↔ record mapping shared by the SQLite and PostgreSQL storages (same column names in both).
import type { ParamValue } from "../space.js";
import type { AttrValue, Intermediate, StudyRecord, TrialRecord, TrialState } from "../types.js";

/** A `trials` row as both drivers return it (JSON columns as text or parsed objects). */
export interface TrialRow {
  number: number;
  state: string;
  params: unknown;
  value: number | null;
  why: string;
  note: string | null;
  user_attrs: unknown;
  system_attrs: unknown;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  heartbeat_at: number | null;
}

/** A `studies` row. */
export interface StudyRow {
  name: string;
  direction: string;
  seed: number;
  user_attrs: unknown;
  created_at: number;
}

/** What to do with a running trial whose process stopped sending heartbeats. */
export type StaleTrialAction = "fail" | "requeue";

/** Options of stale-trial recovery. */
export interface StaleTrialOptions {
  /** A running trial without a heartbeat for this long is considered dead, ms. */
  timeoutMs: number;
  /** `fail` marks it failed; `requeue` puts it back as `waiting` (same number and params, intermediate values cleared). @default "fail" */
  action?: StaleTrialAction;
  /** Trial numbers never treated as stale: the calling process's own trials, alive as long as it is. @default [] */
  exclude?: readonly number[];
}

/** Note written on a trial recovered from a dead process. */
export function staleNote(action: StaleTrialAction, timeoutMs: number): string {
  const why = `no heartbeat for ${(timeoutMs / 1000).toFixed(1)} s: the process running it died or hung`;
  return action === "fail" ? why : `re-queued (${why})`;
}

/** JSON text with NaN/±Infinity preserved as tagged strings (plain JSON would turn them into null). */
export function toJson(v: unknown): string {
  return JSON.stringify(v ?? {}, (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? `__num:${x}` : x));
}

/** Parses a JSON column (text or already-parsed) back into an object, reviving tagged numbers. */
export function fromJson(v: unknown): Record<string, unknown> {
  if (v === null || v === undefined || v === "") return {};
  const text = typeof v === "string" ? v : JSON.stringify(v);
  const out = JSON.parse(text, (_k, x) => (typeof x === "string" && x.startsWith("__num:") ? Number(x.slice(6)) : x));
  if (typeof out !== "object" || out === null || Array.isArray(out)) throw new Error(`stored JSON column is not an object: ${text.slice(0, 80)}`);
  return out as Record<string, unknown>;
}

/** SQL NULL → undefined, numeric strings → numbers. */
export function optNumber(v: unknown): number | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === "number" ? v : Number(v);
}

/** Value to bind for a REAL column (NaN → NULL in SQLite). */
export function realOrNull(v: number | undefined): number | null {
  return v === undefined || Number.isNaN(v) ? null : v;
}

/**
 * Key under which the SQL storages keep a multi-objective trial's `values` inside the `system_attrs`
 * JSON column: the schema stays version 1 (no column to add, so older files and read-only roles keep
 * working) and the values change in the same row write as the state.
 */
export const VALUES_KEY = "tfjs-tune.values";

/** The `system_attrs` column of a record: its system attributes, plus its `values` when it has them. */
export function systemAttrsColumn(r: TrialRecord): string {
  return toJson(r.values === undefined ? r.systemAttrs : { ...r.systemAttrs, [VALUES_KEY]: r.values });
}

type SqlValue = string | number | null;

// state, params, value, why, note, user_attrs, system_attrs: the columns every trial-row write binds
function trialPayload(r: TrialRecord): SqlValue[] {
  return [r.state, toJson(r.params), realOrNull(r.value), r.why, r.note ?? null, toJson(r.userAttrs), systemAttrsColumn(r)];
}

/**
 * The bound values of the trial-row UPDATE both SQL storages run, in its column order: the payload
 * (state … system_attrs), started_at, completed_at, heartbeat_at, then the key (study, number).
 */
export function trialUpdateValues(studyId: number, r: TrialRecord): SqlValue[] {
  return [...trialPayload(r), r.startedAt ?? null, r.completedAt ?? null, r.heartbeatAt ?? null, studyId, r.number];
}

/** The bound values of the trial-row INSERT of an import: study, number, the payload, created_at, started_at, completed_at, heartbeat_at. */
export function trialInsertValues(studyId: number, r: TrialRecord): SqlValue[] {
  return [studyId, r.number, ...trialPayload(r), r.createdAt, r.startedAt ?? null, r.completedAt ?? null, r.heartbeatAt ?? null];
}

/** A frozen `TrialRecord` from a row and its intermediate values (sorted by step). */
export function rowToRecord(r: TrialRow, intermediate: Intermediate[]): TrialRecord {
  for (const iv of intermediate) Object.freeze(iv);
  const { [VALUES_KEY]: values, ...systemAttrs } = fromJson(r.system_attrs);
  return Object.freeze({
    number: Number(r.number),
    state: r.state as TrialState,
    params: Object.freeze(fromJson(r.params)) as Readonly<Record<string, ParamValue>>,
    value: optNumber(r.value),
    ...(Array.isArray(values) ? { values: Object.freeze(values.map(Number)) } : {}),
    intermediate: Object.freeze(intermediate),
    why: r.why ?? "",
    note: r.note ?? undefined,
    createdAt: Number(r.created_at),
    startedAt: optNumber(r.started_at),
    completedAt: optNumber(r.completed_at),
    heartbeatAt: optNumber(r.heartbeat_at),
    userAttrs: Object.freeze(fromJson(r.user_attrs)) as Readonly<Record<string, AttrValue>>,
    systemAttrs: Object.freeze(systemAttrs) as Readonly<Record<string, AttrValue>>,
  });
}

/** A frozen `StudyRecord` from a row. */
export function rowToStudy(r: StudyRow): StudyRecord {
  return Object.freeze({
    name: r.name,
    direction: r.direction as StudyRecord["direction"],
    seed: Number(r.seed),
    createdAt: Number(r.created_at),
    userAttrs: Object.freeze(fromJson(r.user_attrs)) as Readonly<Record<string, AttrValue>>,
  });
}

/** Groups intermediate rows by trial key, keeping step order. */
export function groupIntermediate(rows: Iterable<{ key: number; step: number; value: number | null }>): Map<number, Intermediate[]> {
  const out = new Map<number, Intermediate[]>();
  for (const r of rows) {
    let list = out.get(Number(r.key));
    if (!list) out.set(Number(r.key), (list = []));
    list.push({ step: Number(r.step), value: r.value === null ? NaN : Number(r.value) });
  }
  return out;
}
