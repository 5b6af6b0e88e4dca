// A Storage wrapper for studies shared by several processes: a study-wide trial budget enforced
// atomically by the storage, and recovery of dead processes' trials before every claim.
import { SpaceExhaustedError } from "../study.js";
import { recoverStaleTrials, TrialTakenOverError, trialAttempt, type StaleTrialOptions, type TrialGuard } from "../storage/stale-trials.js";

export { TrialTakenOverError } from "../storage/stale-trials.js";

/** A storage whose writes take a `TrialGuard` checked atomically (SQLite, PostgreSQL). */
interface GuardedStorage extends Storage {
  readonly supportsGuards: true;
  updateTrial(study: string, number: number, patch: TrialPatch, guard?: TrialGuard): Promise<TrialRecord>;
  reportIntermediate(study: string, number: number, step: number, value: number, guard?: TrialGuard): Promise<TrialRecord>;
  heartbeat(study: string, number: number, guard?: TrialGuard): Promise<void>;
}
import type { AttrValue, Direction, Storage, StudyRecord, TrialInit, TrialPatch, TrialRecord, TrialState } from "../types.js";

/** A storage that can allocate a trial number only below a limit, atomically (SQLite, PostgreSQL). */
interface BudgetedStorage extends Storage {
  createTrialWithin(study: string, init: TrialInit, maxTrials: number): Promise<TrialRecord | undefined>;
}

/** Options of `CoordinatedStorage`. */
export interface CoordinationOptions {
  /** Study-wide number of trials created (all processes together; a resume creates none); asking beyond it ends `optimize` with "exhausted" after draining promotions. @default unlimited */
  maxTrials?: number;
  /** Fail or re-queue running trials without heartbeat for `timeoutMs`, checked before each claim. @default undefined (no check) */
  staleTrials?: StaleTrialOptions;
}

/** Error thrown by `ask()` (through the storage) once the study-wide trial budget is used up. */
export class TrialBudgetReachedError extends SpaceExhaustedError {
  constructor(maxTrials: number) {
    super(`the study's budget of ${maxTrials} trials is used up`);
    this.name = "TrialBudgetReachedError";
  }
}

/** Wraps a storage with a study-wide trial budget and stale-trial recovery; everything else is delegated. */
export class CoordinatedStorage implements Storage {
  /** Trials this process runs → the attempt (`systemAttrs.retries`) it runs them as. */
  private readonly owned = new Map<string, number>();
  /** Owned trials a stale check gave away: every later write to them is refused. */
  private readonly lost = new Set<string>();
  /** Creates the wrapper around `inner`. */
  constructor(
    readonly inner: Storage,
    readonly options: CoordinationOptions = {},
  ) {
    const m = options.maxTrials;
    if (m !== undefined && !(Number.isInteger(m) && m >= 0)) throw new RangeError(`maxTrials must be a non-negative integer, got ${m}`);
  }

  createStudy(study: {
    readonly name: string;
    readonly direction: Direction;
    readonly seed: number;
    readonly userAttrs?: Readonly<Record<string, AttrValue>>;
  }): Promise<StudyRecord> {
    return this.inner.createStudy(study);
  }

  loadStudy(name: string): Promise<StudyRecord | undefined> {
    return this.inner.loadStudy(name);
  }

  /** Delegated when the inner storage has it (stores the study's signature). */
  get setStudyUserAttrs(): Storage["setStudyUserAttrs"] {
    const inner = this.inner;
    return inner.setStudyUserAttrs && ((name, attrs) => inner.setStudyUserAttrs!(name, attrs));
  }

  async createTrial(study: string, init: TrialInit): Promise<TrialRecord> {
    const max = this.options.maxTrials;
    if (max === undefined || init.state !== "running") return this.own(study, await this.inner.createTrial(study, init));
    const inner = this.inner as Partial<BudgetedStorage>;
    let r: TrialRecord | undefined;
    if (typeof inner.createTrialWithin === "function") r = await inner.createTrialWithin.call(this.inner, study, init, max);
    else if ((await this.inner.listTrials(study)).length < max) r = await this.inner.createTrial(study, init); // single-process storages only
    if (r === undefined) throw new TrialBudgetReachedError(max);
    return this.own(study, r);
  }

  async claimWaitingTrial(study: string): Promise<TrialRecord | undefined> {
    await this.recoverStale(study);
    const r = await this.inner.claimWaitingTrial(study);
    return r && this.own(study, r);
  }

  private own(study: string, r: TrialRecord): TrialRecord {
    if (this.options.staleTrials && r.state === "running") {
      this.owned.set(`${r.number}\u0000${study}`, trialAttempt(r));
      this.lost.delete(`${r.number}\u0000${study}`);
    }
    return r;
  }

  /**
   * The guard for a trial this process runs: with a guarded storage it is checked atomically with
   * the write; otherwise it is checked here by a read just before the write (a narrow race remains).
   */
  private async guardFor(study: string, number: number): Promise<TrialGuard | undefined> {
    const key = `${number}\u0000${study}`;
    const mine = this.owned.get(key);
    if (mine === undefined) return undefined;
    if (this.lost.has(key)) throw new TrialTakenOverError(number, "owned by another worker");
    if ((this.inner as Partial<GuardedStorage>).supportsGuards === true) return { attempt: mine };
    const inner = this.inner as Storage & { getTrial?(study: string, number: number): Promise<TrialRecord | undefined> };
    const cur = typeof inner.getTrial === "function" ? await inner.getTrial(study, number) : (await this.inner.listTrials(study))[number];
    if (cur !== undefined && (trialAttempt(cur) !== mine || (cur.state !== "running" && cur.state !== "paused"))) {
      this.lost.add(key);
      throw new TrialTakenOverError(number, trialAttempt(cur) !== mine ? `attempt ${trialAttempt(cur)} (${cur.state})` : cur.state);
    }
    return undefined;
  }

  /** Calls `fn` with the guard; a `TrialTakenOverError` marks the trial lost for good. */
  private async guarded<T>(study: string, number: number, fn: (guard: TrialGuard | undefined) => Promise<T>): Promise<T> {
    const guard = await this.guardFor(study, number);
    try {
      return await fn(guard);
    } catch (e) {
      if (e instanceof TrialTakenOverError) this.lost.add(`${number}\u0000${study}`);
      throw e;
    }
  }

  /** Runs the stale-trial check now (no-op without `staleTrials`); returns the recovered records. */
  async recoverStale(study: string): Promise<readonly TrialRecord[]> {
    if (!this.options.staleTrials) return [];
    const suffix = `\u0000${study}`;
    const exclude = [...this.owned.keys()].filter((k) => k.endsWith(suffix) && !this.lost.has(k)).map((k) => Number(k.slice(0, k.indexOf("\u0000"))));
    return recoverStaleTrials(this.inner, study, { ...this.options.staleTrials, exclude });
  }

  async updateTrial(study: string, number: number, patch: TrialPatch): Promise<TrialRecord> {
    const inner = this.inner as GuardedStorage;
    const r = await this.guarded(study, number, (g) => (g ? inner.updateTrial(study, number, patch, g) : this.inner.updateTrial(study, number, patch)));
    if (r.state !== "running" && r.state !== "paused") this.owned.delete(`${number}\u0000${study}`);
    return r;
  }

  reportIntermediate(study: string, number: number, step: number, value: number): Promise<TrialRecord> {
    const inner = this.inner as GuardedStorage;
    return this.guarded(study, number, (g) =>
      g ? inner.reportIntermediate(study, number, step, value, g) : this.inner.reportIntermediate(study, number, step, value),
    );
  }

  listTrials(study: string, filter?: { readonly states?: readonly TrialState[] }): Promise<readonly TrialRecord[]> {
    return this.inner.listTrials(study, filter);
  }

  heartbeat(study: string, number: number): Promise<void> {
    const inner = this.inner as GuardedStorage;
    return this.guarded(study, number, (g) => (g ? inner.heartbeat(study, number, g) : this.inner.heartbeat(study, number)));
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
