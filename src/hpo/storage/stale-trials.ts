// Finding trials whose process died (heartbeat older than a timeout) and failing or re-queueing them.
import type { Storage, StudyRecord, TrialInit, TrialPatch, TrialRecord, TrialState } from "../types.js";
import type { StaleTrialOptions } from "./sql-rows.js";
import { staleNote } from "./sql-rows.js";

export type { StaleTrialAction, StaleTrialOptions } from "./sql-rows.js";

/** Error thrown when a process touches a trial that a stale-trial check gave away (it was too slow to heartbeat). */
export class TrialTakenOverError extends Error {
  constructor(number: number, now: string) {
    super(`trial ${number} was declared dead (no heartbeat in time) and is now ${now}; this process's result for it is discarded`);
    this.name = "TrialTakenOverError";
  }
}

/** The attempt a process runs a trial as (`systemAttrs.retries`, 0 before any re-queue). */
export function trialAttempt(r: TrialRecord): number {
  return typeof r.systemAttrs.retries === "number" ? r.systemAttrs.retries : 0;
}

/** A write guard: the write happens only if the trial is still this attempt and running or paused (checked in the same transaction). */
export interface TrialGuard {
  readonly attempt: number;
}

/** Throws `TrialTakenOverError` when `current` no longer matches `guard`. */
export function checkGuard(current: TrialRecord, guard: TrialGuard | undefined): void {
  if (guard === undefined) return;
  const a = trialAttempt(current);
  if (a !== guard.attempt) throw new TrialTakenOverError(current.number, `attempt ${a} (${current.state})`);
  if (current.state !== "running" && current.state !== "paused") throw new TrialTakenOverError(current.number, current.state);
}

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
  if (canRecoverStale(storage)) return storage.recoverStaleTrials(study, { timeoutMs: options.timeoutMs, action, exclude: options.exclude });
  const cutoff = Date.now() - options.timeoutMs;
  const skip = new Set(options.exclude ?? []);
  const out: TrialRecord[] = [];
  for (const t of await storage.listTrials(study, { states: ["running"] })) {
    if (skip.has(t.number)) continue;
    const last = t.heartbeatAt ?? t.startedAt ?? t.createdAt;
    if (last >= cutoff) continue;
    const retries = typeof t.systemAttrs.retries === "number" ? t.systemAttrs.retries : 0;
    const patch = action === "fail" ? { state: "failed" as const } : { state: "waiting" as const, systemAttrs: { retries: retries + 1 } };
    out.push(await storage.updateTrial(study, t.number, { ...patch, note: staleNote(action, options.timeoutMs) }));
  }
  return out;
}

/** A storage wrapper that recovers dead processes' trials before every claim (see `withStaleRecovery`). */
export class StaleRecoveryStorage implements Storage {
  /** Wraps `inner`; `options` say when a running trial is dead and what happens to it. */
  constructor(
    readonly inner: Storage,
    readonly options: StaleTrialOptions,
  ) {
    if (!(options.timeoutMs > 0)) throw new RangeError(`staleTrials.timeoutMs must be > 0, got ${options.timeoutMs}`);
  }

  /** Running trials of this process, per study: alive while it is, so never recovered by it. */
  private readonly mine = new Map<string, Set<number>>();

  private track(study: string, r: TrialRecord): TrialRecord {
    let set = this.mine.get(study);
    if (!set) this.mine.set(study, (set = new Set()));
    if (r.state === "running") set.add(r.number);
    else set.delete(r.number);
    return r;
  }

  /** Recovers the study's stale trials now, except this process's own. */
  recover(study: string): Promise<readonly TrialRecord[]> {
    return recoverStaleTrials(this.inner, study, { ...this.options, exclude: [...(this.mine.get(study) ?? [])] });
  }

  /** Heartbeat period that keeps live trials well inside the timeout (a quarter of it), ms. */
  get heartbeatInterval(): number {
    return this.options.timeoutMs / 4;
  }

  createStudy(study: Parameters<Storage["createStudy"]>[0]): Promise<StudyRecord> {
    return this.inner.createStudy(study);
  }
  loadStudy(name: string): Promise<StudyRecord | undefined> {
    return this.inner.loadStudy(name);
  }
  get setStudyUserAttrs(): Storage["setStudyUserAttrs"] {
    const inner = this.inner;
    return inner.setStudyUserAttrs && ((name, attrs) => inner.setStudyUserAttrs!(name, attrs));
  }
  async createTrial(study: string, init: TrialInit): Promise<TrialRecord> {
    return this.track(study, await this.inner.createTrial(study, init));
  }
  async claimWaitingTrial(study: string): Promise<TrialRecord | undefined> {
    await this.recover(study);
    const r = await this.inner.claimWaitingTrial(study);
    return r && this.track(study, r);
  }
  async updateTrial(study: string, number: number, patch: TrialPatch): Promise<TrialRecord> {
    return this.track(study, await this.inner.updateTrial(study, number, patch));
  }
  reportIntermediate(study: string, number: number, step: number, value: number): Promise<TrialRecord> {
    return this.inner.reportIntermediate(study, number, step, value);
  }
  listTrials(study: string, filter?: { readonly states?: readonly TrialState[] }): Promise<readonly TrialRecord[]> {
    return this.inner.listTrials(study, filter);
  }
  heartbeat(study: string, number: number): Promise<void> {
    return this.inner.heartbeat(study, number);
  }
  async close(): Promise<void> {
    await this.inner.close?.();
  }
}

/** `storage` with dead-trial recovery before every claim, or `storage` itself when `options` is undefined. */
export function withStaleRecovery(storage: Storage, options: StaleTrialOptions | undefined): Storage {
  return options === undefined ? storage : new StaleRecoveryStorage(storage, options);
}

/** Default heartbeat period of `optimize` for a storage: a quarter of its stale timeout, else 0 (off). */
export function defaultHeartbeatInterval(storage: Storage): number {
  return storage instanceof StaleRecoveryStorage ? storage.heartbeatInterval : 0;
}
