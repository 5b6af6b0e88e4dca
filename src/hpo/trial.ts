// The live handle of a running trial: params, report(step, value) → scheduler, shouldStop().
// Structurally it is the pruning hook the training loop accepts (train never imports hpo).
import type { AttrValue, Decision, TrialRecord } from "./types.js";

/** What a Trial needs from its study (kept narrow so the Trial is easy to fake in tests). */
export interface TrialHost {
  /** Stores an intermediate value, runs the scheduler and returns its decision (undefined: no scheduler). */
  reportFor(number: number, step: number, value: number): Promise<Decision | undefined>;
  /** Merges user attributes into the trial record. */
  setUserAttrsFor(number: number, attrs: Readonly<Record<string, AttrValue>>): Promise<TrialRecord>;
  /** Marks the trial's worker alive. */
  heartbeatFor(number: number): Promise<void>;
}

/** The pruning hook shape shared with the training loop. */
export interface PruningHook {
  /** Reports the monitored value at a step (epoch). */
  report(step: number, value: number): void | Promise<void>;
  /** True once the scheduler decided to stop or pause this trial. */
  shouldStop(): boolean | Promise<boolean>;
}

/** A trial being evaluated: typed params, reporting, the scheduler's decisions. */
export class Trial<P = Readonly<Record<string, unknown>>> implements PruningHook {
  /** The trial number in its study. */
  readonly number: number;
  /** The configuration to evaluate. */
  readonly params: P;
  /** Why the sampler (or enqueue, or a resume) chose these params. */
  readonly why: string;
  /** True when this trial was paused earlier and is being resumed: continue after `lastStep`. */
  readonly resumed: boolean;
  private latest: TrialRecord;
  private last: Decision | undefined;
  private readonly host: TrialHost;
  private readonly ending = new AbortController();

  /** Built by the study; users get trials from `study.ask()`. */
  constructor(host: TrialHost, record: TrialRecord, resumed = false) {
    this.host = host;
    this.number = record.number;
    this.params = record.params as P;
    this.why = record.why;
    this.resumed = resumed;
    this.latest = record;
  }

  /**
   * Aborted when the trial is ended from outside: its `trialTimeout` ran out or optimize's `signal`
   * aborted. Pass it to fetch/timers, or check it in loops; reports after it throw its reason.
   */
  get signal(): AbortSignal {
    return this.ending.signal;
  }

  /** @internal Set while optimize bounds this trial: holds (false) or restarts (true) its trialTimeout; a thread pool holds it while the trial waits for a thread. */
  _timeoutClock: ((running: boolean) => void) | undefined = undefined;

  /** @internal Ends the trial from outside (called by optimize). */
  _abort(reason: unknown): void {
    this.ending.abort(reason);
  }

  /** The latest record this handle knows (immutable snapshot). */
  get record(): TrialRecord {
    return this.latest;
  }

  /** The last step reported (also before a pause), or undefined. */
  get lastStep(): number | undefined {
    const iv = this.latest.intermediate;
    return iv.length ? iv[iv.length - 1].step : undefined;
  }

  /** The scheduler's last decision, if any report was made with a scheduler. */
  get decision(): Decision | undefined {
    return this.last;
  }

  /** Reports an intermediate value at `step` and lets the scheduler decide; read `shouldStop()` next. */
  async report(step: number, value: number): Promise<void> {
    if (!Number.isFinite(step)) throw new RangeError(`trial ${this.number}: step must be a finite number, got ${step}`);
    if (typeof value !== "number") throw new TypeError(`trial ${this.number}: value must be a number, got ${typeof value}`);
    this.ending.signal.throwIfAborted(); // the trial was ended and recorded: nothing more is stored
    const d = await this.host.reportFor(this.number, step, value);
    if (d !== undefined) this.last = d;
  }

  /** True once the scheduler said stop or pause; the objective should return soon after. */
  shouldStop(): boolean {
    return this.last !== undefined && this.last.action !== "continue";
  }

  /** Merges user attributes into the trial record. */
  async setUserAttrs(attrs: Readonly<Record<string, AttrValue>>): Promise<void> {
    this.latest = await this.host.setUserAttrsFor(this.number, attrs);
  }

  /** Marks this trial alive (for stale-trial detection by persistent storages). */
  async heartbeat(): Promise<void> {
    await this.host.heartbeatFor(this.number);
  }

  /** @internal Updates the snapshot (called by the study). */
  _update(record: TrialRecord): void {
    if (record.number === this.number) this.latest = record;
  }
}
