// The study: ask/tell is the primitive, optimize() a loop over it (Optuna's design, without
// suggest_* calls: params come from the declared space). Every trial's rng is seeded from
// (study seed, trial number), so the same seed gives the same params, also with concurrency > 1.
import { table, type ColumnTable } from "arquero";
import { createRng } from "../util/rng.js";
import { checkOptions, optionKeys } from "../util/options.js";
import { type Params, type ParamValue, type Space, type SpaceSpec, defineSpace, isActive, validateParams, contains } from "./space.js";
import { fromUnit } from "./transform.js";
import { resolveStorage } from "./storage/resolve-storage.js";
import { defaultHeartbeatInterval, recoverStaleTrials, withStaleRecovery, type StaleTrialOptions } from "./storage/stale-trials.js";
import { Trial, type TrialHost } from "./trial.js";
import { tellResultProblem } from "./tell-result.js";
import { runBounded } from "./bounded-run.js";
import { SIGNATURE_ATTR, studySignature, verifyStudySignature } from "./study-signature.js";
import type { ObjectiveRef } from "./parallel/objective-module.js";
import { autoSampler } from "./samplers/auto.js";
import { CONSTRAINTS_ATTR, isFeasible } from "./samplers/constraints.js";
import { checkMultiObjectiveParts, resolveObjectives } from "./multi-objective/objectives.js";
import { multiObjectivePatch } from "./multi-objective/tell-values.js";
import { paretoFront } from "./multi-objective/pareto-front.js";
import { storedSignature } from "./study-signature.js";
import type { AttrValue, Decision, Direction, ResumeContext, Sampler, Scheduler, Storage, StudyRecord, TrialRecord } from "./types.js";

/** Thrown by `ask()` when a finite sampler (grid) has nothing new to propose. */
export class SpaceExhaustedError extends Error {
  constructor(message = "the search space is exhausted: every configuration has been tried") {
    super(message);
    this.name = "SpaceExhaustedError";
  }
}

/** Options of `createStudy`. */
export interface StudyOptions<S extends SpaceSpec> {
  /** The search space (a spec object or a `defineSpace` result). */
  space: S | Space<S>;
  /** Minimize or maximize the objective. @default "minimize" */
  direction?: Direction;
  /**
   * A multi-objective study: one direction per objective (instead of `direction`); the objective returns
   * that many numbers, trials store them as `values`, `bestTrials` is the Pareto front. Needs a
   * multi-objective sampler (the default autoSampler uses NSGA-II) and no scheduler. @default undefined
   */
  directions?: readonly Direction[];
  /** Names of the objectives, one per direction (chart axes, table columns); stored with the study. @default undefined */
  objectiveNames?: readonly string[];
  /** Proposes params. @default autoSampler() (GP for small numeric spaces, else TPE; each trial's `why` says which) */
  sampler?: Sampler;
  /** Stops/pauses trials after reports. @default undefined (never stops a trial) */
  scheduler?: Scheduler;
  /** Where trials live: a Storage, a SQLite file path, "sqlite:PATH" or "postgres://…" (see resolveStorage). @default in memory */
  storage?: Storage | string;
  /** Fail or re-queue trials left running by a dead process (no heartbeat for `timeoutMs`), at load and before each ask. @default undefined (off) */
  staleTrials?: StaleTrialOptions;
  /** Study seed; trial k samples with an rng seeded by deriveSeed(seed, k). @default 0 */
  seed?: number;
  /** Study name (unique within the storage). @default "study-" + a base-36 time stamp + a counter */
  name?: string;
  /** Load the study if the name exists in the storage instead of failing; its stored space and direction must match (else `StudyMismatchError` lists the differences). @default false */
  loadIfExists?: boolean;
  /** When loading an existing study: accept a space that only widens the stored one (added parameters, wider ranges, more choices) and store it. @default false */
  extendSpace?: boolean;
  /** Attributes stored with a new study. @default {} */
  userAttrs?: Readonly<Record<string, AttrValue>>;
  /** Constraint values of a completed trial (feasible when all are ≤ 0), stored with it; the best trial is feasible, TPE ranks infeasible trials last. @default undefined */
  constraints?: (trial: TrialRecord) => readonly number[];
}

/** What `tell` accepts: the objective value, or an explicit final state. */
export type TellResult =
  | number
  | readonly number[]
  | { readonly state: "complete" | "failed" | "pruned" | "paused"; readonly value?: number | readonly number[]; readonly note?: string };

/** Called after each trial that `optimize` finished. */
export type TrialCallback<S extends SpaceSpec = SpaceSpec> = (study: Study<S>, record: TrialRecord) => void | Promise<void>;

/** The objective: params in, value out (throw or return NaN to fail the trial); one number per direction in a multi-objective study. */
export type Objective<P> = (params: P, trial: Trial<P>) => number | readonly number[] | Promise<number | readonly number[]>;

/** Options of `study.optimize`. */
export interface OptimizeOptions<S extends SpaceSpec = SpaceSpec> {
  /**
   * Number of NEW trials to start in this call; resuming a paused trial (a scheduler's promotion) does not
   * count. Once they are started, optimize only resumes promotions (the scheduler is told it is draining)
   * until none is left and no objective runs; `nTrials: 0` just drains. @default undefined (no limit; needs
   * timeout, signal, stop() or a finite sampler)
   */
  nTrials?: number;
  /** Start or resume no trial after this many milliseconds (running trials finish; no draining). @default undefined */
  timeout?: number;
  /**
   * Objectives running at once (async, one thread). Params stay seed-reproducible for random, grid
   * and qmc; TPE/GP proposals also depend on which trials had finished when they were asked. @default 1
   */
  concurrency?: number;
  /**
   * Aborting stops starting and resuming trials and ends the running ones: their `trial.signal` aborts,
   * a worker thread running one is terminated, and they are recorded as failed ("aborted"), as Ctrl-C
   * does in Optuna. `stop()` is the gentle way (running trials finish). @default undefined
   */
  signal?: AbortSignal;
  /**
   * Ends a trial still running after this many ms and records it as failed with the reason; the study
   * goes on. The trial's `signal` aborts; with workers "threads" the thread is terminated (this ends
   * busy loops too), in this thread a hung await is abandoned. @default undefined (no limit)
   */
  trialTimeout?: number;
  /** Called after each finished trial, in order of finishing. @default [] */
  callbacks?: readonly TrialCallback<S>[];
  /** Heartbeat period in ms while an objective runs (for persistent storages); 0 disables. @default staleTrials.timeoutMs / 4 with staleTrials, else 0 */
  heartbeatInterval?: number;
  /** "threads": run each objective in one of `concurrency` worker threads (pass the objective as `{module, export}`; concurrency defaults to 2 then). @default "async" (this thread) */
  workers?: "async" | "threads";
  /** With workers "threads": the threads' environment (e.g. `{...process.env, TFJS_TUNE_BACKEND: "wasm"}`). @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Whether failed trials count toward nTrials. With false, a failed trial is replaced by a new one, so the
   * study ends with nTrials finished (complete or pruned) trials, up to `maxFailedTrials` failures. @default false
   */
  countFailed?: boolean;
  /** With countFailed false: after this many failed trials in this call, failures count again (so a broken objective ends). @default nTrials */
  maxFailedTrials?: number;
  /**
   * Trials still paused when optimize ends naturally (nTrials spent, promotions drained, nothing running):
   * "prune" stores them as pruned, noting that they were not promoted and why they paused; "keep" leaves them
   * paused for a later optimize. @default "prune"
   */
  leftPaused?: "prune" | "keep";
}

// The keys checkOptions accepts; the compiler checks each list against its interface.
const STUDY_KEYS = optionKeys<StudyOptions<SpaceSpec>>({
  space: true,
  direction: true,
  sampler: true,
  scheduler: true,
  storage: true,
  staleTrials: true,
  seed: true,
  name: true,
  loadIfExists: true,
  extendSpace: true,
  userAttrs: true,
  constraints: true,
  directions: true,
  objectiveNames: true,
});
const OPTIMIZE_KEYS = optionKeys<OptimizeOptions>({
  nTrials: true,
  timeout: true,
  concurrency: true,
  signal: true,
  trialTimeout: true,
  callbacks: true,
  heartbeatInterval: true,
  workers: true,
  env: true,
  countFailed: true,
  maxFailedTrials: true,
  leftPaused: true,
});

/** Why `optimize` returned: "nTrials"/"exhausted" after draining, the others interrupt at once. */
export type StopReason = "nTrials" | "timeout" | "signal" | "exhausted" | "stopped";

/** Result of `study.optimize`. */
export interface OptimizeResult {
  /** The records this call's objective runs ended with (finished or paused), in order; a resumed trial appears once per run. */
  readonly trials: readonly TrialRecord[];
  /** Why it returned: nTrials started (or the sampler/budget exhausted) and nothing left to resume, or an interruption. */
  readonly stoppedBy: StopReason;
  /** Paused trials this call resumed (promotions; not counted in nTrials). */
  readonly resumed: number;
  /** Numbers of the study's trials still paused when it returned, in order; a later optimize on the same storage can resume them. */
  readonly paused: readonly number[];
  /** Trials that were paused at the natural end and stored as pruned (leftPaused "prune"), in order. */
  readonly prunedAtEnd: readonly number[];
}

/** What optimize's ask may hand out: a new trial or a promotion, only a promotion (draining), or nothing. */
type AskPolicy = "new" | "resume" | "none";

let studyCounter = 0;

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function isListResult(r: TellResult): r is readonly number[] {
  return Array.isArray(r);
}

/** Is `a` better than `b` in `direction` (strictly)? */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === "minimize" ? a < b : a > b;
}

/** The best complete feasible trial of `trials` (ties: lowest number), or undefined. */
export function bestOf(trials: readonly TrialRecord[], direction: Direction): TrialRecord | undefined {
  let best: TrialRecord | undefined;
  for (const t of trials) {
    if (t.state !== "complete" || t.value === undefined || !Number.isFinite(t.value) || !isFeasible(t)) continue;
    if (best === undefined || isBetter(t.value, best.value as number, direction)) best = t;
  }
  return best;
}

/** A hyperparameter search: ask for trials, tell results, or let `optimize` loop. */
export class Study<S extends SpaceSpec = SpaceSpec> implements TrialHost {
  readonly name: string;
  /** The direction of the objective (of the first one in a multi-objective study). */
  readonly direction: Direction;
  /** One direction per objective: more than one in a multi-objective study. */
  readonly directions: readonly Direction[];
  /** The objectives' names, when the study was created with `objectiveNames`. */
  readonly objectiveNames: readonly string[] | undefined;
  readonly seed: number;
  readonly space: Space<S>;
  readonly sampler: Sampler;
  readonly scheduler: Scheduler | undefined;
  readonly storage: Storage;
  private cache: TrialRecord[] = [];
  private readonly handles = new Map<number, Trial<Params<S>>>();
  private readonly decisions = new Map<number, Decision>();
  private askChain: Promise<unknown> = Promise.resolve();
  private stopRequested = false;
  /** @internal Set by createStudy from its `constraints` option. */
  _constraints: ((trial: TrialRecord) => readonly number[]) | undefined;

  /** Use `createStudy` / `loadStudy`. */
  constructor(record: StudyRecord, space: Space<S>, sampler: Sampler, scheduler: Scheduler | undefined, storage: Storage) {
    this.name = record.name;
    this.direction = record.direction;
    const signature = storedSignature(record.userAttrs);
    this.directions = Object.freeze([...(signature?.directions ?? [record.direction])]);
    this.objectiveNames = signature?.objectiveNames !== undefined ? Object.freeze([...signature.objectiveNames]) : undefined;
    this.seed = record.seed;
    this.space = space;
    this.sampler = sampler;
    this.scheduler = scheduler;
    this.storage = storage;
  }

  /** All trials known to this study object (refreshed by ask/report/tell and `refresh()`), in number order. */
  get trials(): readonly TrialRecord<Params<S>>[] {
    return this.cache as unknown as readonly TrialRecord<Params<S>>[];
  }

  /** The best complete trial so far, or undefined. A multi-objective study has no single best: it throws, use `bestTrials`. */
  get bestTrial(): TrialRecord<Params<S>> | undefined {
    if (this.directions.length > 1)
      throw new Error(
        `study ${JSON.stringify(this.name)} has ${this.directions.length} objectives, so no single best trial: use study.bestTrials (the Pareto front)`,
      );
    return bestOf(this.cache, this.direction) as TrialRecord<Params<S>> | undefined;
  }

  /** The Pareto front: complete feasible trials that no other one dominates, in number order (one objective: the trials tied at the best value). */
  get bestTrials(): readonly TrialRecord<Params<S>>[] {
    return paretoFront(this.trials, this.directions);
  }

  /** Value of the best trial, or undefined. */
  get bestValue(): number | undefined {
    return this.bestTrial?.value;
  }

  /** Params of the best trial, or undefined. */
  get bestParams(): Params<S> | undefined {
    return this.bestTrial?.params;
  }

  /** Reloads all trials from the storage (other workers may have added some). */
  async refresh(): Promise<readonly TrialRecord<Params<S>>[]> {
    this.cache = [...(await this.storage.listTrials(this.name))];
    for (const r of this.cache) this.handles.get(r.number)?._update(r);
    return this.trials;
  }

  private remember(r: TrialRecord): TrialRecord {
    this.cache[r.number] = r;
    this.handles.get(r.number)?._update(r);
    return r;
  }

  private handle(r: TrialRecord, resumed: boolean): Trial<Params<S>> {
    const t = new Trial<Params<S>>(this, r, resumed);
    this.handles.set(r.number, t);
    this.decisions.delete(r.number);
    return t;
  }

  /** Asks for a new trial: a promoted paused trial, else an enqueued one, else the sampler's proposal. */
  ask(): Promise<Trial<Params<S>>> {
    return this.serialized(async () => (await this.askNow("new", undefined)) as Trial<Params<S>>);
  }

  /** Serializes asks in this process so concurrent objectives see each other's params. */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.askChain.then(fn);
    this.askChain = next.catch(() => undefined);
    return next;
  }

  /**
   * optimize's ask: `policy()` is read inside the serialized section (so concurrent workers never overshoot
   * nTrials); "resume" returns only a promotion (the scheduler is told it is draining) or undefined.
   * `onNew` runs inside the section when a new (not resumed) trial is handed out.
   */
  private askFor(policy: () => AskPolicy, onNew: () => void): Promise<Trial<Params<S>> | undefined> {
    return this.serialized(async () => {
      const p = policy();
      if (p === "none") return undefined;
      const t = await this.askNow(p, p === "resume");
      if (t !== undefined && !t.resumed) onNew();
      return t;
    });
  }

  private async askNow(policy: "new" | "resume", draining: boolean | undefined): Promise<Trial<Params<S>> | undefined> {
    let trials = await this.refresh();
    if (this.scheduler?.resume) {
      const ctx: ResumeContext = draining === undefined ? { trials, direction: this.direction } : { trials, direction: this.direction, draining };
      const r = await this.scheduler.resume(ctx);
      if (r !== undefined) {
        const prev = this.cache[r.number];
        if (prev === undefined || prev.state !== "paused")
          throw new Error(`scheduler ${this.scheduler.name} asked to resume trial ${r.number}, which is not paused (${prev?.state ?? "missing"})`);
        const rec = this.remember(await this.storage.updateTrial(this.name, r.number, { state: "running", systemAttrs: { resumeReason: r.reason } }));
        return this.handle(rec, true);
      }
    }
    if (policy === "resume") return undefined;
    const waiting = await this.storage.claimWaitingTrial(this.name);
    if (waiting !== undefined) {
      this.remember(waiting);
      return this.handle(await this.completeEnqueued(waiting), false);
    }
    if (this.sampler.exhausted?.({ space: this.space, trials })) throw new SpaceExhaustedError();
    const created = this.remember(await this.storage.createTrial(this.name, { state: "running" }));
    trials = (await this.refresh()).filter((t) => t.number !== created.number);
    const rng = createRng(this.seed, created.number);
    let sample;
    try {
      sample = await this.sampler.sample({
        space: this.space,
        trials,
        direction: this.direction,
        directions: this.directions,
        number: created.number,
        rng,
        seed: this.seed,
      });
      if (sample !== null) validateParams(this.space, sample.params);
    } catch (e) {
      this.remember(await this.storage.updateTrial(this.name, created.number, { state: "failed", note: `sampler ${this.sampler.name} failed: ${message(e)}` }));
      throw e;
    }
    if (sample === null) {
      this.remember(await this.storage.updateTrial(this.name, created.number, { state: "failed", note: "search space exhausted" }));
      throw new SpaceExhaustedError();
    }
    const rec = this.remember(await this.storage.updateTrial(this.name, created.number, { params: sample.params, why: sample.why }));
    return this.handle(rec, false);
  }

  /** Fills the parameters an enqueued (partial) configuration left out, with the sampler. */
  private async completeEnqueued(rec: TrialRecord): Promise<TrialRecord> {
    const fixed = rec.params;
    try {
      validateParams(this.space, fixed);
      return rec;
    } catch {
      // partial: sample the rest
    }
    const rng = createRng(this.seed, rec.number);
    const trials = this.cache.filter((t) => t.number !== rec.number);
    const s = await this.sampler.sample({
      space: this.space,
      trials,
      direction: this.direction,
      directions: this.directions,
      number: rec.number,
      rng,
      seed: this.seed,
    });
    const params: Record<string, ParamValue> = {};
    for (const name of this.space.names) {
      if (!isActive(this.space, name, params)) continue;
      if (name in fixed) params[name] = fixed[name];
      else if (s !== null && name in s.params) params[name] = s.params[name];
      else params[name] = fromUnit(this.space.spec[name], rng.uniform());
    }
    validateParams(this.space, params);
    const why = `enqueued (partial); rest by ${s === null ? "uniform draw" : s.why}`;
    return this.remember(await this.storage.updateTrial(this.name, rec.number, { params, why }));
  }

  /** Enqueues params (all or some; missing ones are sampled) to be evaluated by the next `ask()`. */
  async enqueue(params: Partial<Params<S>>, options: { userAttrs?: Readonly<Record<string, AttrValue>> } = {}): Promise<TrialRecord> {
    const p = params as Readonly<Record<string, ParamValue>>;
    for (const [k, v] of Object.entries(p)) {
      const d = this.space.spec[k];
      if (d === undefined) throw new RangeError(`enqueue: "${k}" is not a parameter of this space`);
      if (!contains(d, v)) throw new RangeError(`enqueue: value ${JSON.stringify(v)} of "${k}" is outside its distribution`);
    }
    checkOptions("enqueue", options, ["userAttrs"]);
    return this.remember(await this.storage.createTrial(this.name, { state: "waiting", params: p, why: "enqueued", userAttrs: options.userAttrs }));
  }

  /** @internal TrialHost: stores a report and asks the scheduler. */
  async reportFor(number: number, step: number, value: number): Promise<Decision | undefined> {
    let rec = this.remember(await this.storage.reportIntermediate(this.name, number, step, value));
    if (this.scheduler === undefined) return undefined;
    const trials = await this.refresh();
    const d = await this.scheduler.decide({ trial: rec, step, trials, direction: this.direction });
    if (d === null || typeof d !== "object" || !["continue", "stop", "pause"].includes(d.action)) {
      throw new TypeError(`scheduler ${this.scheduler.name} returned an invalid decision ${JSON.stringify(d)}`);
    }
    if (d.attrs !== undefined) rec = this.remember(await this.storage.updateTrial(this.name, number, { systemAttrs: d.attrs }));
    this.decisions.set(number, d);
    return d;
  }

  /** @internal TrialHost */
  async setUserAttrsFor(number: number, attrs: Readonly<Record<string, AttrValue>>): Promise<TrialRecord> {
    return this.remember(await this.storage.updateTrial(this.name, number, { userAttrs: attrs }));
  }

  /** @internal TrialHost */
  async heartbeatFor(number: number): Promise<void> {
    await this.storage.heartbeat(this.name, number);
  }

  /**
   * Finishes a trial. A number completes it (NaN/±Infinity → failed); after the scheduler said
   * stop it is recorded as pruned, after pause as paused (resumable). Returns the stored record.
   */
  async tell(trial: Trial<Params<S>> | number, result: TellResult): Promise<TrialRecord<Params<S>>> {
    const number = typeof trial === "number" ? trial : trial.number;
    const current = this.cache[number] ?? (await this.refresh())[number];
    if (current === undefined) throw new RangeError(`tell: study ${JSON.stringify(this.name)} has no trial ${number}`);
    if (current.state !== "running") throw new Error(`tell: trial ${number} is ${current.state}, not running`);
    const problem = tellResultProblem(result, this.directions.length);
    if (problem !== undefined) {
      // a malformed result fails the trial (it never stays running) and the caller hears why
      this.remember(await this.storage.updateTrial(this.name, number, { state: "failed", note: `tell: ${problem}` }));
      this.decisions.delete(number);
      throw new TypeError(`tell: trial ${number}: ${problem}; the trial was recorded as failed`);
    }
    const lastIntermediate = current.intermediate.length ? current.intermediate[current.intermediate.length - 1].value : undefined;
    const finite = (v: number | undefined): number | undefined => (v !== undefined && Number.isFinite(v) ? v : undefined);
    let decision = this.decisions.get(number);
    // A trial that reported the scheduler's final step is complete, whatever the decision at that step.
    const maxStep = this.scheduler?.maxStep;
    const lastStep = current.intermediate.length ? current.intermediate[current.intermediate.length - 1].step : undefined;
    const reachedEnd = maxStep !== undefined && lastStep !== undefined && lastStep >= maxStep;
    const overruled = reachedEnd && decision !== undefined && decision.action !== "continue" ? decision : undefined;
    if (overruled) decision = undefined;
    let patch;
    if (this.directions.length > 1) {
      patch = multiObjectivePatch(result, this.directions.length);
    } else if (isListResult(result)) {
      throw new TypeError("unreachable: a list result in a single-objective study is refused by tellResultProblem");
    } else if (typeof result === "number" || result.state === "complete") {
      const value = typeof result === "number" ? result : result.value;
      const note = typeof result === "number" ? undefined : result.note;
      if ((typeof value !== "number" || !Number.isFinite(value)) && decision !== undefined && decision.action !== "continue") {
        // the scheduler stopped it (e.g. it reported NaN): keep the scheduler's reason, not "objective returned NaN"
        const last = finite(lastIntermediate);
        patch = { state: "pruned" as const, ...(last !== undefined ? { value: last } : {}), note: decision.reason };
      } else if (typeof value !== "number" || !Number.isFinite(value)) {
        patch = { state: "failed" as const, note: note ?? `objective returned ${typeof value === "number" ? String(value) : typeof value}` };
      } else if (decision?.action === "stop") {
        patch = { state: "pruned" as const, value, note: decision.reason };
      } else if (decision?.action === "pause") {
        patch = { state: "paused" as const, value, note: decision.reason };
      } else {
        const why = overruled
          ? `complete: reached maxStep ${maxStep}; the scheduler's "${overruled.action}" there (${overruled.reason}) does not apply to a finished trial`
          : undefined;
        patch = { state: "complete" as const, value, note: note ?? why };
      }
    } else if (result.state === "failed") {
      patch = { state: "failed" as const, note: result.note ?? "failed" };
    } else {
      const value = finite(typeof result.value === "number" ? result.value : undefined) ?? finite(lastIntermediate);
      patch = { state: result.state, ...(value !== undefined ? { value } : {}), note: result.note ?? decision?.reason };
    }
    if (this._constraints !== undefined && patch.state === "complete") {
      const c = this._constraints({ ...current, ...patch } as TrialRecord);
      if (!Array.isArray(c) || c.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
        throw new TypeError(`constraints: expected an array of finite numbers for trial ${number}, got ${JSON.stringify(c)}`);
      }
      patch = { ...patch, systemAttrs: { [CONSTRAINTS_ATTR]: [...c] } };
    }
    const rec = this.remember(await this.storage.updateTrial(this.name, number, patch));
    this.decisions.delete(number);
    return rec as TrialRecord<Params<S>>;
  }

  /** Makes a running `optimize` start or resume no further trials (running ones finish; no draining). */
  stop(): void {
    this.stopRequested = true;
  }

  /** Runs ask → objective → tell until nTrials new trials ran and no promotion is left, or timeout, signal, stop(), an exhausted sampler. */
  async optimize(objective: Objective<Params<S>> | ObjectiveRef, options: OptimizeOptions<S> = {}): Promise<OptimizeResult> {
    checkOptions("optimize", options, OPTIMIZE_KEYS);
    if (options.workers === "threads" || (typeof objective === "object" && objective !== null)) {
      if (typeof objective !== "object" || objective === null || typeof objective.module !== "string") {
        throw new TypeError('optimize: workers "threads" needs the objective as {module, export} (a module path and export name) so each thread can import it');
      }
      const { withThreadPool } = await import("./parallel/with-thread-pool.js");
      const { env, ...rest } = options;
      return withThreadPool(objective, { threads: options.concurrency ?? 2, env }, (pooled, threads) =>
        this.optimize(pooled as Objective<Params<S>>, { ...rest, workers: "async", concurrency: threads }),
      );
    }
    const {
      nTrials,
      timeout,
      trialTimeout,
      concurrency = 1,
      signal,
      callbacks = [],
      heartbeatInterval = defaultHeartbeatInterval(this.storage),
      countFailed = false,
      leftPaused = "prune",
    } = options;
    if (trialTimeout !== undefined && !(trialTimeout > 0 && Number.isFinite(trialTimeout)))
      throw new RangeError(`optimize: trialTimeout must be a positive number of ms, got ${trialTimeout}`);
    if (nTrials !== undefined && !(Number.isInteger(nTrials) && nTrials >= 0))
      throw new RangeError(`optimize: nTrials must be a non-negative integer, got ${nTrials}`);
    const maxFailedTrials = options.maxFailedTrials ?? nTrials ?? Infinity;
    if (!(maxFailedTrials >= 0)) throw new RangeError(`optimize: maxFailedTrials must be ≥ 0, got ${maxFailedTrials}`);
    if (leftPaused !== "prune" && leftPaused !== "keep")
      throw new RangeError(`optimize: leftPaused must be "prune" or "keep", got ${JSON.stringify(leftPaused)}`);
    if (typeof objective !== "function") throw new TypeError(`optimize: objective must be a function, got ${typeof objective}`);
    if (timeout !== undefined && !(typeof timeout === "number" && timeout >= 0))
      throw new RangeError(`optimize: timeout must be a number of ms ≥ 0, got ${JSON.stringify(timeout) ?? String(timeout)}`);
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`optimize: concurrency must be a positive integer, got ${concurrency}`);
    if (nTrials === undefined && timeout === undefined && signal === undefined && this.sampler.exhausted === undefined && callbacks.length === 0) {
      throw new RangeError("optimize: give nTrials, timeout, signal or a stopping callback (or use a finite sampler such as grid), else it never ends");
    }
    this.stopRequested = false;
    const start = Date.now();
    const finished: TrialRecord[] = [];
    const canResume = this.scheduler?.resume !== undefined;
    let started = 0; // new trials handed out by this call (resumes excluded)
    let failedNew = 0; // of those, failed ones that do not count toward nTrials (countFailed false)
    let resumed = 0;
    let ended: "nTrials" | "exhausted" | undefined; // set once no new trial may start: draining from then on
    let interrupted: StopReason | undefined;
    let failure: unknown;
    // Workers asking or running an objective: while one runs, a trial may pause and make a promotion possible.
    let busy = 0;
    let events = 0;
    let wakeUp = (): void => undefined;
    let wake = new Promise<void>((resolve) => (wakeUp = resolve));
    // a trial finished or a worker left: waiting workers look for a promotion again
    const wakeAll = (): void => {
      events++;
      wakeUp();
      wake = new Promise<void>((resolve) => (wakeUp = resolve));
    };
    const hardStop = (): StopReason | undefined => {
      if (failure !== undefined || this.stopRequested) return "stopped";
      if (signal?.aborted) return "signal";
      if (timeout !== undefined && Date.now() - start >= timeout) return "timeout";
      return undefined;
    };
    const budgetUsed = (): boolean => {
      if (ended === undefined && nTrials !== undefined && started - failedNew >= nTrials) ended = "nTrials";
      return ended !== undefined;
    };
    // read inside the serialized ask, so concurrent workers never start more than nTrials
    const policy = (): AskPolicy => (hardStop() !== undefined ? "none" : budgetUsed() ? (canResume ? "resume" : "none") : "new");
    const worker = async (): Promise<void> => {
      busy++;
      try {
        for (;;) {
          // natural end: no new trial may start and no scheduler could resume one
          if (budgetUsed() && !canResume) return;
          const why = hardStop();
          if (why !== undefined) {
            interrupted ??= why;
            return;
          }
          const seen = events;
          let trial: Trial<Params<S>> | undefined;
          try {
            trial = await this.askFor(policy, () => started++);
          } catch (e) {
            if (!(e instanceof SpaceExhaustedError)) {
              failure ??= e;
              return;
            }
            ended ??= "exhausted"; // no new trial can come (grid done, shared budget used): drain
            continue;
          }
          if (trial === undefined) {
            // nothing to resume: look again if a trial finished meanwhile; exit if no other worker could still
            // pause a trial (none asks or runs), else wait until one finishes or leaves (no busy loop)
            if (hardStop() !== undefined || events !== seen) continue;
            if (busy === 1) return;
            busy--;
            await wake;
            busy++;
            continue;
          }
          const t = trial;
          if (t.resumed) resumed++;
          let result: TellResult;
          const timer = heartbeatInterval > 0 ? setInterval(() => void t.heartbeat().catch(() => undefined), heartbeatInterval) : undefined;
          try {
            const out = await runBounded(() => objective(t.params, t), t, { timeoutMs: trialTimeout, signal });
            const v = out.kind === "value" ? out.value : undefined;
            if (out.kind === "ended") result = { state: "failed", note: out.note };
            else if (out.kind === "error") result = { state: "failed", note: message(out.error) };
            else if (typeof v === "number" || Array.isArray(v)) {
              // a list in a single-objective study, or the wrong count in a multi-objective one, fails the trial with why
              const problem = tellResultProblem(v, this.directions.length);
              result = problem === undefined ? (v as TellResult) : { state: "failed", note: `objective: ${problem}` };
            } else
              result = {
                state: "failed",
                note: `objective returned ${typeof v}, expected ${this.directions.length > 1 ? `${this.directions.length} numbers (one per objective)` : "a number"}`,
              };
          } finally {
            if (timer !== undefined) clearInterval(timer);
          }
          try {
            const rec = await this.tell(t, result);
            if (rec.state === "failed" && !t.resumed && !countFailed && failedNew < maxFailedTrials) failedNew++;
            finished.push(rec);
            for (const cb of callbacks) await cb(this, rec);
          } catch (e) {
            failure ??= e;
            return;
          } finally {
            wakeAll();
          }
        }
      } finally {
        busy--;
        wakeAll();
      }
    };
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the objective or storage threw, unchanged
    if (failure !== undefined) throw failure;
    let all = await this.refresh();
    const prunedAtEnd: number[] = [];
    // Natural end with nothing in flight: no paused trial can be promoted any more, so store it as pruned
    // with why (its pause reason says where it stopped and how it ranked).
    if (leftPaused === "prune" && interrupted === undefined && ended !== undefined && !all.some((t) => t.state === "running" || t.state === "waiting")) {
      for (const t of all.filter((r) => r.state === "paused")) {
        const budget = ended === "nTrials" ? `the ${nTrials} trials were spent` : "no new trial could start";
        this.remember(await this.storage.updateTrial(this.name, t.number, { state: "pruned", note: `not promoted before ${budget} (${t.note ?? "paused"})` }));
        prunedAtEnd.push(t.number);
      }
      all = await this.refresh();
    }
    const paused = all.filter((t) => t.state === "paused").map((t) => t.number);
    return { trials: finished, stoppedBy: interrupted ?? ended ?? "nTrials", resumed, paused, prunedAtEnd };
  }

  /** The trials as an arquero table: number, state, value, params_<name>…, timings, why, note. */
  trialsTable(): ColumnTable {
    const rows = this.cache;
    const cols: Record<string, unknown[]> = {
      number: rows.map((r) => r.number),
      state: rows.map((r) => r.state),
      value: rows.map((r) => (r.value === undefined ? null : r.value)),
    };
    // a multi-objective study: one column per objective, named after it (values_<name>) or numbered (values_0, …) as in Optuna
    if (this.directions.length > 1)
      this.directions.forEach((_, k) => (cols[`values_${this.objectiveNames?.[k] ?? k}`] = rows.map((r) => r.values?.[k] ?? null)));
    for (const name of this.space.names) cols[`params_${name}`] = rows.map((r) => (name in r.params ? (r.params as Record<string, ParamValue>)[name] : null));
    cols.steps = rows.map((r) => r.intermediate.length);
    cols.lastStep = rows.map((r) => (r.intermediate.length ? r.intermediate[r.intermediate.length - 1].step : null));
    cols.startedAt = rows.map((r) => (r.startedAt === undefined ? null : new Date(r.startedAt)));
    cols.completedAt = rows.map((r) => (r.completedAt === undefined ? null : new Date(r.completedAt)));
    cols.durationMs = rows.map((r) => (r.startedAt !== undefined && r.completedAt !== undefined ? r.completedAt - r.startedAt : null));
    cols.why = rows.map((r) => r.why);
    cols.note = rows.map((r) => (r.note === undefined ? null : r.note));
    return table(cols);
  }
}

/** Creates (or with `loadIfExists`, loads) a study in the storage. */
export async function createStudy<S extends SpaceSpec>(options: StudyOptions<S>): Promise<Study<S>> {
  if (options === null || typeof options !== "object") throw new TypeError("createStudy: expected an options object");
  checkOptions("createStudy", options, STUDY_KEYS);
  if (options.space === undefined)
    throw new TypeError("createStudy: space is required: expected the search space, e.g. { space: { lr: float(1e-4, 1e-1, { log: true }) } }");
  const space = defineSpace(options.space);
  const objectives = resolveObjectives("createStudy", options);
  const direction = objectives.directions[0];
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`createStudy: seed must be an integer, got ${seed}`);
  if (options.userAttrs !== undefined && SIGNATURE_ATTR in options.userAttrs)
    throw new RangeError(`createStudy: userAttrs key ${JSON.stringify(SIGNATURE_ATTR)} is reserved (it holds the study's space and direction)`);
  const storage = withStaleRecovery(resolveStorage(options.storage), options.staleTrials);
  const name = options.name ?? `study-${Date.now().toString(36)}-${studyCounter++}`;
  const signature = studySignature(space, objectives.directions, objectives.names);
  let record = options.loadIfExists ? await storage.loadStudy(name) : undefined;
  if (record === undefined)
    record = await storage.createStudy({ name, direction, seed, userAttrs: { ...options.userAttrs, [SIGNATURE_ATTR]: signature as unknown as AttrValue } });
  else {
    await verifyStudySignature(storage, record, signature, { space, extendSpace: options.extendSpace });
    if (options.staleTrials) await recoverStaleTrials(storage, name, options.staleTrials);
  }
  const sampler = options.sampler ?? autoSampler();
  checkMultiObjectiveParts("createStudy", objectives.directions, sampler, options.scheduler);
  const study = new Study<S>(record, space, sampler, options.scheduler, storage);
  if (options.constraints !== undefined && typeof options.constraints !== "function")
    throw new TypeError(`createStudy: constraints must be a function (trial) => number[], got ${typeof options.constraints}`);
  study._constraints = options.constraints;
  await study.refresh();
  return study;
}

/** Loads an existing study from a storage (its direction and seed come from the storage). */
export async function loadStudy<S extends SpaceSpec>(
  name: string,
  options: { space: S | Space<S>; storage: Storage | string; sampler?: Sampler; scheduler?: Scheduler; staleTrials?: StaleTrialOptions; extendSpace?: boolean },
): Promise<Study<S>> {
  checkOptions("loadStudy", options, ["space", "storage", "sampler", "scheduler", "staleTrials", "extendSpace"]);
  const storage = withStaleRecovery(resolveStorage(options.storage), options.staleTrials);
  const record = await storage.loadStudy(name);
  if (record === undefined) throw new Error(`loadStudy: no study named ${JSON.stringify(name)} in the storage`);
  const space = defineSpace(options.space);
  const stored = storedSignature(record.userAttrs);
  await verifyStudySignature(storage, record, studySignature(space, stored?.directions ?? [record.direction], stored?.objectiveNames), {
    space,
    extendSpace: options.extendSpace,
  });
  if (options.staleTrials) await recoverStaleTrials(storage, name, options.staleTrials);
  const study = new Study<S>(record, space, options.sampler ?? autoSampler(), options.scheduler, storage);
  checkMultiObjectiveParts("loadStudy", study.directions, study.sampler, study.scheduler);
  await study.refresh();
  return study;
}
