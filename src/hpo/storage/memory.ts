// In-memory Storage: the default of a study without a path. Single process; every method is
// synchronous inside, so each call is atomic with respect to other async callers.
import type { AttrValue, Direction, Storage, StudyRecord, TrialInit, TrialPatch, TrialRecord, TrialState } from "../types.js";
import { applyPatch, newTrialRecord, withIntermediate } from "./record.js";
import { checkOptions } from "../../util/options.js";

/** Options of `MemoryStorage`. */
export interface MemoryStorageOptions {
  /** Clock in ms since the epoch (injectable for tests). @default Date.now */
  now?: () => number;
}

/** Keeps studies and trials in process memory. */
export class MemoryStorage implements Storage {
  private readonly studies = new Map<string, { record: StudyRecord; trials: TrialRecord[] }>();
  private readonly now: () => number;

  /** Creates an empty storage. */
  constructor(options: MemoryStorageOptions = {}) {
    checkOptions("memoryStorage", options, ["now"]);
    this.now = options.now ?? Date.now;
  }

  private get(study: string): { record: StudyRecord; trials: TrialRecord[] } {
    const s = this.studies.get(study);
    if (s === undefined) throw new Error(`no study named ${JSON.stringify(study)} in this storage`);
    return s;
  }

  private trial(study: string, number: number): TrialRecord {
    const t = this.get(study).trials[number];
    if (t === undefined) throw new RangeError(`study ${JSON.stringify(study)} has no trial ${number}`);
    return t;
  }

  async createStudy(study: { name: string; direction: Direction; seed: number; userAttrs?: Readonly<Record<string, AttrValue>> }): Promise<StudyRecord> {
    if (typeof study.name !== "string" || study.name.length === 0)
      throw new TypeError(`study name must be a non-empty string, got ${JSON.stringify(study.name)}`);
    if (this.studies.has(study.name)) throw new Error(`a study named ${JSON.stringify(study.name)} already exists`);
    const record: StudyRecord = Object.freeze({
      name: study.name,
      direction: study.direction,
      seed: study.seed,
      createdAt: this.now(),
      userAttrs: Object.freeze({ ...(study.userAttrs ?? {}) }),
    });
    this.studies.set(study.name, { record, trials: [] });
    return record;
  }

  async loadStudy(name: string): Promise<StudyRecord | undefined> {
    return this.studies.get(name)?.record;
  }

  async setStudyUserAttrs(name: string, attrs: Readonly<Record<string, AttrValue>>): Promise<StudyRecord> {
    const s = this.get(name);
    s.record = Object.freeze({ ...s.record, userAttrs: Object.freeze({ ...attrs }) });
    return s.record;
  }

  async createTrial(study: string, init: TrialInit): Promise<TrialRecord> {
    const s = this.get(study);
    const r = newTrialRecord(s.trials.length, init, this.now());
    s.trials.push(r);
    return r;
  }

  async claimWaitingTrial(study: string): Promise<TrialRecord | undefined> {
    const s = this.get(study);
    const i = s.trials.findIndex((t) => t.state === "waiting");
    if (i < 0) return undefined;
    s.trials[i] = applyPatch(s.trials[i], { state: "running" }, this.now());
    return s.trials[i];
  }

  async updateTrial(study: string, number: number, patch: TrialPatch): Promise<TrialRecord> {
    const r = applyPatch(this.trial(study, number), patch, this.now());
    this.get(study).trials[number] = r;
    return r;
  }

  async reportIntermediate(study: string, number: number, step: number, value: number): Promise<TrialRecord> {
    const r = withIntermediate(this.trial(study, number), step, value);
    this.get(study).trials[number] = r;
    return r;
  }

  async listTrials(study: string, filter: { states?: readonly TrialState[] } = {}): Promise<readonly TrialRecord[]> {
    const all = this.get(study).trials;
    return filter.states ? all.filter((t) => filter.states!.includes(t.state)) : all.slice();
  }

  async heartbeat(study: string, number: number): Promise<void> {
    const s = this.get(study);
    const r = this.trial(study, number);
    s.trials[number] = Object.freeze({ ...r, heartbeatAt: this.now() });
  }
}

/** Creates an in-memory storage. */
export function memoryStorage(options: MemoryStorageOptions = {}): MemoryStorage {
  return new MemoryStorage(options);
}
