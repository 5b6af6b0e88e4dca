// Finding trials whose process died (heartbeat older than a timeout) and failing or re-queueing them.
import type { Storage, TrialRecord } from "../types.js";
import type { StaleTrialOptions } from "./sql-rows.js";
import { staleNote } from "./sql-rows.js";

export type { StaleTrialAction, StaleTrialOptions } from "./sql-rows.js";

/** A storage that can recover stale trials atomically (SQLite and PostgreSQL can). */
export interface StaleRecoveringStorage extends Storage {
  /** Fails or re-queues running trials whose last heartbeat is older than `timeoutMs`, atomically. */
  recoverStaleTrials(study: string, options: StaleTrialOptions): Promise<readonly TrialRecord[]>;
}

/** True when `s` implements `recoverStaleTrials`. */
export function canRecoverStale(s: Storage): s is StaleRecoveringStorage {
  return typeof (s as Partial<StaleRecoveringStorage>).recoverStaleTrials === "function";
}

/**
 * Fails (default) or re-queues the study's running trials with no heartbeat for `timeoutMs`.
 * Uses the storage's atomic implementation when it has one; otherwise (memory storage, one
 * process) falls back to list + update, where `requeue` keeps the intermediate values.
 */
export async function recoverStaleTrials(storage: Storage, study: string, options: StaleTrialOptions): Promise<readonly TrialRecord[]> {
  if (!(options.timeoutMs > 0)) throw new RangeError(`stale-trial timeoutMs must be > 0, got ${options.timeoutMs}`);
  const action = options.action ?? "fail";
  if (action !== "fail" && action !== "requeue") throw new RangeError(`stale-trial action must be "fail" or "requeue", got ${JSON.stringify(action)}`);
  if (canRecoverStale(storage)) return storage.recoverStaleTrials(study, { timeoutMs: options.timeoutMs, action });
  const cutoff = Date.now() - options.timeoutMs;
  const out: TrialRecord[] = [];
  for (const t of await storage.listTrials(study, { states: ["running"] })) {
    const last = t.heartbeatAt ?? t.startedAt ?? t.createdAt;
    if (last >= cutoff) continue;
    const retries = typeof t.systemAttrs.retries === "number" ? t.systemAttrs.retries : 0;
    const patch = action === "fail" ? { state: "failed" as const } : { state: "waiting" as const, systemAttrs: { retries: retries + 1 } };
    out.push(await storage.updateTrial(study, t.number, { ...patch, note: staleNote(action, options.timeoutMs) }));
  }
  return out;
}
