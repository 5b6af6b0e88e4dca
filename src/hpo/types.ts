// The HPO contracts shared by the study, samplers, schedulers and storages.
// Stable interfaces: changing one is announced in the commit message.
import type { Rng } from "../util/rng.js";
import type { ParamValue, Space } from "./space.js";

/** Whether lower or higher objective values are better. */
export type Direction = "minimize" | "maximize";

/** Life cycle of a trial. `waiting` = enqueued, not started; `paused` = stopped by a scheduler and resumable. */
export type TrialState = "waiting" | "running" | "paused" | "complete" | "pruned" | "failed";

/** States after which a trial record never changes again. */
export const FINISHED_STATES: readonly TrialState[] = Object.freeze(["complete", "pruned", "failed"] as const);

/** JSON-serializable attribute value (user and system attributes). */
export type AttrValue = string | number | boolean | null | readonly AttrValue[] | { readonly [key: string]: AttrValue };

/** One intermediate value reported with `trial.report(step, value)`. */
export interface Intermediate {
  /** The step (usually the epoch index). */
  readonly step: number;
  /** The reported value (may be NaN). */
  readonly value: number;
}

/** An immutable snapshot of a trial as stored. Storages return fresh frozen objects. */
export interface TrialRecord<P = Readonly<Record<string, ParamValue>>> {
  /** 0-based number, unique and gap-free within the study, allocated atomically by the storage. */
  readonly number: number;
  readonly state: TrialState;
  /** The configuration (only active parameters); `{}` while a running trial is still being sampled. */
  readonly params: P;
  /** Final objective value: set for `complete` (finite), for `pruned` the last intermediate value if any; else undefined. Undefined in a multi-objective study (see `values`). */
  readonly value: number | undefined;
  /** The objective values of a complete trial of a multi-objective study, one per direction (all finite); undefined in a single-objective study. @default undefined */
  readonly values?: readonly number[];
  /** Reported intermediate values, sorted by step, one per step (a re-report replaces). */
  readonly intermediate: readonly Intermediate[];
  /** Why the sampler chose these params (or "enqueued", "resumed ..."). */
  readonly why: string;
  /** Why the trial ended or paused: a scheduler's explanation, an error message, "NaN objective". */
  readonly note: string | undefined;
  /** Creation time, ms since the epoch. */
  readonly createdAt: number;
  /** When it started running (ms since the epoch). */
  readonly startedAt: number | undefined;
  /** When it reached a finished state (ms since the epoch). */
  readonly completedAt: number | undefined;
  /** Last heartbeat of the worker running it (ms since the epoch). */
  readonly heartbeatAt: number | undefined;
  /** Free-form user attributes. */
  readonly userAttrs: Readonly<Record<string, AttrValue>>;
  /** Bookkeeping of samplers/schedulers (e.g. a rung or bracket); not for users. */
  readonly systemAttrs: Readonly<Record<string, AttrValue>>;
}

/** What a sampler receives. Everything it may depend on is here, so it is a pure function of it. */
export interface SampleContext {
  /** The validated search space. */
  readonly space: Space;
  /** All trials of the study, in number order, including running/waiting/paused ones (so parallel asks do not collide). The trial being sampled is not included. */
  readonly trials: readonly TrialRecord[];
  /** Direction of the objective (the first one in a multi-objective study). */
  readonly direction: Direction;
  /** One direction per objective; more than one in a multi-objective study, whose trials carry `values`. @default [direction] */
  readonly directions?: readonly Direction[];
  /** Number of the trial being sampled. */
  readonly number: number;
  /** Random source seeded from (study seed, trial number). */
  readonly rng: Rng;
  /** The study seed (samplers with a per-study design, such as qmc, derive it from this). @default 0 */
  readonly seed?: number;
}

/** A sampler's proposal. */
export interface Sample {
  /** Params for all active parameters of the space. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** One line on why, e.g. "TPE: best l/g ratio of 24 candidates" or "random (startup 3/10)". */
  readonly why: string;
}

/** Proposes params. Must be a pure function of its context (no hidden state between calls). */
export interface Sampler {
  /** Short name, e.g. "random", "tpe". */
  readonly name: string;
  /** Proposes the next params, or returns null when the space is exhausted (grid). */
  sample(context: SampleContext): Sample | null | Promise<Sample | null>;
  /** True when the sampler handles multi-objective studies (it reads `values` and `directions`, or ignores the objective altogether); a study with several directions refuses other samplers. @default false */
  readonly multiObjective?: boolean;
  /** Optional (finite samplers such as grid): true when nothing new remains; checked before a trial number is allocated. */
  exhausted?(context: { readonly space: Space; readonly trials: readonly TrialRecord[] }): boolean;
}

/** A scheduler's verdict after a report. `stop` prunes the trial; `pause` leaves it resumable. */
export type SchedulerAction = "continue" | "stop" | "pause";

/** What a scheduler decided, and why in one human sentence. */
export interface Decision {
  readonly action: SchedulerAction;
  /** e.g. "stopped at step 7: best 0.61 is worse than the median 0.58 of 6 completed trials at step 7". */
  readonly reason: string;
  /** Optional system attributes to merge into the trial (e.g. `{rung: 2}`). */
  readonly attrs?: Readonly<Record<string, AttrValue>>;
}

/** What a scheduler receives after `trial.report(step, value)`. */
export interface ReportContext {
  /** The reporting trial, its intermediate values already including this report. */
  readonly trial: TrialRecord;
  /** The step just reported. */
  readonly step: number;
  /** All trials of the study (the reporting one included), in number order. */
  readonly trials: readonly TrialRecord[];
  readonly direction: Direction;
}

/** What a scheduler receives when the study looks for a paused trial to resume. */
export interface ResumeContext {
  readonly trials: readonly TrialRecord[];
  readonly direction: Direction;
  /** True when the caller will start no new trial, so promotion may take ⌈m/η⌉ instead of ⌊m/η⌋. @default false */
  readonly draining?: boolean;
}

/** Decides whether a trial goes on after each report (a pruner, in Optuna's words). */
export interface Scheduler {
  /** Short name, e.g. "median", "asha". */
  readonly name: string;
  /** The step at which a trial is complete, when the scheduler knows it: a trial that reported it is stored as complete whatever the decision at it. @default undefined */
  readonly maxStep?: number;
  /** Called after every report; decides continue / stop / pause, with a reason. */
  decide(context: ReportContext): Decision | Promise<Decision>;
  /** Optional (promotion schedulers): a paused trial to resume instead of sampling a new one. */
  resume?(
    context: ResumeContext,
  ): { readonly number: number; readonly reason: string } | undefined | Promise<{ readonly number: number; readonly reason: string } | undefined>;
}

/** A stored study. */
export interface StudyRecord {
  /** Unique name within the storage. */
  readonly name: string;
  readonly direction: Direction;
  /** The study seed; trial rngs derive from it and the trial number. */
  readonly seed: number;
  /** Creation time, ms since the epoch. */
  readonly createdAt: number;
  readonly userAttrs: Readonly<Record<string, AttrValue>>;
}

/** Fields of a new trial. */
export interface TrialInit {
  /** `running` for a sampled trial, `waiting` for an enqueued one. */
  readonly state: "running" | "waiting";
  /** @default {} */
  readonly params?: Readonly<Record<string, ParamValue>>;
  /** @default "" */
  readonly why?: string;
  /** @default {} */
  readonly userAttrs?: Readonly<Record<string, AttrValue>>;
  /** @default {} */
  readonly systemAttrs?: Readonly<Record<string, AttrValue>>;
}

/** A change to a trial. Attribute maps are merged; moving to a finished state sets `completedAt`, moving to `running` sets `startedAt` if unset. */
export interface TrialPatch {
  readonly state?: TrialState;
  readonly params?: Readonly<Record<string, ParamValue>>;
  readonly why?: string;
  readonly value?: number;
  /** The objective values of a multi-objective trial (one per direction). */
  readonly values?: readonly number[];
  readonly note?: string;
  readonly userAttrs?: Readonly<Record<string, AttrValue>>;
  readonly systemAttrs?: Readonly<Record<string, AttrValue>>;
}

/**
 * Where studies and trials live. Every method is atomic. Implementations: memory (here), SQLite, PostgreSQL.
 * A finished trial (complete/pruned/failed) is immutable: `updateTrial` on it throws.
 */
export interface Storage {
  /** Creates a study; throws if the name exists. */
  createStudy(study: {
    readonly name: string;
    readonly direction: Direction;
    readonly seed: number;
    readonly userAttrs?: Readonly<Record<string, AttrValue>>;
  }): Promise<StudyRecord>;
  /** The study of that name, or undefined. */
  loadStudy(name: string): Promise<StudyRecord | undefined>;
  /** Adds a trial with the next number (atomically allocated, 0-based) and returns its record. */
  createTrial(study: string, init: TrialInit): Promise<TrialRecord>;
  /** Atomically moves the oldest `waiting` trial to `running` and returns it; undefined if none. */
  claimWaitingTrial(study: string): Promise<TrialRecord | undefined>;
  /** Applies a patch (set params, finish, pause, resume, attrs) and returns the new record. */
  updateTrial(study: string, number: number, patch: TrialPatch): Promise<TrialRecord>;
  /** Records an intermediate value (replacing one at the same step) and returns the new record. */
  reportIntermediate(study: string, number: number, step: number, value: number): Promise<TrialRecord>;
  /** The study's trials in number order, optionally only those in `states`. */
  listTrials(study: string, filter?: { readonly states?: readonly TrialState[] }): Promise<readonly TrialRecord[]>;
  /** Marks the trial's worker alive now (sets `heartbeatAt`). */
  heartbeat(study: string, number: number): Promise<void>;
  /** Replaces the study's user attributes (optional; used to store the study's signature). */
  setStudyUserAttrs?(name: string, attrs: Readonly<Record<string, AttrValue>>): Promise<StudyRecord>;
  /** Releases connections/files (optional; memory storage has nothing to release). */
  close?(): Promise<void>;
}
