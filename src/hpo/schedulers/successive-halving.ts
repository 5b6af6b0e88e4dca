// Synchronous successive halving (Jamieson & Talwalkar, AISTATS 2016, Alg. 1; the chapter's "drop the
// worse half, double the budget") and synchronous Hyperband (Li et al., JMLR 2018, Alg. 1) driven over the
// study's ask/tell. The scheduler pauses every trial at the end of its round; once the whole round has
// reported, `resume` promotes the best ⌊|S_k|/η⌋ (they continue from their checkpoint, no retraining);
// the driver (`run`) asks exactly as many trials as the rounds need and marks the eliminated ones pruned.
import type { Decision, ReportContext, ResumeContext, Scheduler, TrialRecord } from "../types.js";
import type { CheckpointStore } from "./checkpoint.js";
import { resumableObjective, type ResumableTraining, type ResumableTrial } from "./resumable-objective.js";
import { hyperbandBrackets, successiveHalvingRounds } from "./rungs.js";
import { fmt, isBetter, valueAt } from "./trial-values.js";
import { checkOptions } from "../../util/options.js";

/** One round as the scheduler runs it: `configs` trials trained to cumulative step `step`, `keep` go on. */
export interface SyncRound {
  /** Trials in the round. */
  readonly configs: number;
  /** Cumulative step (epoch) every trial of the round reaches. */
  readonly step: number;
  /** Trials promoted to the next round (1 in the last round). */
  readonly keep: number;
}

/** The part of a Study the drivers use (structural). */
export interface AskTellStudy<P, T extends ResumableTrial<P> = ResumableTrial<P>> {
  readonly direction: "minimize" | "maximize";
  readonly scheduler: Scheduler | undefined;
  readonly trials: readonly TrialRecord[];
  readonly name: string;
  readonly storage: { updateTrial(study: string, number: number, patch: { state?: "pruned"; note?: string }): Promise<TrialRecord> };
  ask(): Promise<T>;
  tell(trial: T extends unknown ? T : never, result: number | { readonly state: "failed"; readonly note?: string }): Promise<TrialRecord>;
  refresh(): Promise<readonly TrialRecord[]>;
}

/** Options of a synchronous run. */
export interface SyncRunOptions<S> {
  /** Where paused trials keep their state. */
  checkpoints: CheckpointStore<S>;
  /** Trials of the same round trained at once. @default 1 */
  concurrency?: number;
}

/** Result of a synchronous run. */
export interface SyncRunResult {
  /** Numbers of the trials of this run, in order of creation. */
  readonly trials: readonly number[];
  /** The trial that survived the last round. */
  readonly winner: number;
  /** Epochs trained in total (with resumption, no epoch is trained twice). */
  readonly epochs: number;
}

/** Where the quantities peers pass to a successive-halving constructor go here. */
const HALVING_HINTS: Readonly<Record<string, string>> = Object.fromEntries(
  ["maxStep", "maxResource", "maxEpochs", "budget", "minStep", "nTrials", "n"].map((k) => [
    k,
    "successiveHalving takes only eta and name; the trial count n, the total budget and maxStep are arguments of runSuccessiveHalving(study, training, n, budget, options) and runHyperband(study, training, maxStep, options)",
  ]),
);

function lastReported(t: TrialRecord): number {
  return t.intermediate.length ? t.intermediate[t.intermediate.length - 1].step : 0;
}

/** Synchronous successive halving as a pausing `Scheduler` plus a driver over ask/tell. */
export class SynchronousHalving implements Scheduler {
  /** Scheduler name. */
  readonly name: string;
  /** Reduction factor η. */
  readonly eta: number;
  private rounds: readonly SyncRound[] = [];
  private first = 0;
  private size = 0;

  constructor(options: { eta?: number; name?: string } = {}) {
    checkOptions("successiveHalving", options, ["eta", "name"], HALVING_HINTS);
    this.eta = options.eta ?? 2;
    this.name = options.name ?? "successive-halving";
    if (!(Number.isInteger(this.eta) && this.eta >= 2)) throw new RangeError(`SynchronousHalving: eta must be an integer ≥ 2, got ${this.eta}`);
  }

  /** The rounds of the group currently run. */
  get currentRounds(): readonly SyncRound[] {
    return this.rounds;
  }

  private inGroup(t: TrialRecord): boolean {
    return t.number >= this.first && t.number < this.first + this.size;
  }

  /** Pauses a trial when it reaches the step of its round (all rounds but the last). */
  decide({ trial, step }: ReportContext): Decision {
    if (!this.inGroup({ number: trial.number } as TrialRecord))
      return { action: "continue", reason: `continue at step ${step}: not part of a successive-halving run` };
    for (let k = 0; k < this.rounds.length - 1; k++) {
      if (step === this.rounds[k].step) {
        return {
          action: "pause",
          reason: `paused at step ${step}: end of round ${k + 1} of ${this.rounds.length}; waits until all ${this.rounds[k].configs} trials of the round have reported`,
          attrs: { round: k },
        };
      }
    }
    return { action: "continue", reason: `continue at step ${step}` };
  }

  /** Ranking of a round: trials of the group that reached its step, best first. */
  roundRanking(trials: readonly TrialRecord[], k: number, direction: "minimize" | "maximize"): { trial: TrialRecord; value: number }[] {
    const step = this.rounds[k].step;
    const m = trials
      .filter((t) => this.inGroup(t))
      .flatMap((t) => {
        const v = valueAt(t, step);
        return v === undefined ? [] : [{ trial: t, value: v }];
      });
    return m.sort((a, b) => (isBetter(a.value, b.value, direction) ? -1 : isBetter(b.value, a.value, direction) ? 1 : a.trial.number - b.trial.number));
  }

  /** Once round k is complete, resumes its best paused trials (top `keep`), best first. */
  resume({ trials, direction }: ResumeContext): { number: number; reason: string } | undefined {
    for (let k = 0; k < this.rounds.length - 1; k++) {
      const ranking = this.roundRanking(trials, k, direction);
      // trials of the round that failed (or were stopped) before its step count as done, not as members
      const lower = k === 0 ? 0 : this.rounds[k - 1].step;
      const dropped = trials.filter(
        (t) =>
          this.inGroup(t) &&
          (t.state === "failed" || t.state === "pruned") &&
          lastReported(t) >= lower &&
          lastReported(t) < this.rounds[k].step &&
          (k === 0 || valueAt(t, lower) !== undefined),
      ).length;
      if (ranking.length + dropped < this.rounds[k].configs) return undefined; // round k not complete yet
      const { keep, configs } = this.rounds[k];
      for (let i = 0; i < keep && i < ranking.length; i++) {
        const { trial, value } = ranking[i];
        if (trial.state === "paused" && trial.intermediate[trial.intermediate.length - 1].step === this.rounds[k].step) {
          return {
            number: trial.number,
            reason: `promoted to round ${k + 2}: ${fmt(value)} ranks ${i + 1} of ${configs} at step ${this.rounds[k].step}; the best ${keep} go on to step ${this.rounds[k + 1].step}`,
          };
        }
      }
    }
    return undefined;
  }

  /** Runs the given rounds over the study (whose scheduler must be this object) with epoch-wise training. */
  async run<P, S, T extends ResumableTrial<P>>(
    study: AskTellStudy<P, T>,
    training: ResumableTraining<P, S>,
    rounds: readonly SyncRound[],
    options: SyncRunOptions<S>,
  ): Promise<SyncRunResult> {
    checkOptions("SynchronousHalving.run", options, ["checkpoints", "concurrency"]);
    if (options === undefined || options.checkpoints === undefined)
      throw new TypeError(
        "SynchronousHalving.run: options.checkpoints is required (a CheckpointStore such as memoryCheckpoints(), where paused trials keep their state)",
      );
    if (study.scheduler !== this)
      throw new Error(`SynchronousHalving.run: the study's scheduler must be this ${this.name} scheduler (create the study with { scheduler: it })`);
    if (rounds.length === 0 || rounds[rounds.length - 1].keep !== 1)
      throw new RangeError("SynchronousHalving.run: rounds must be non-empty and the last must keep 1");
    for (let k = 1; k < rounds.length; k++) {
      if (rounds[k].configs !== rounds[k - 1].keep || !(rounds[k].step > rounds[k - 1].step)) {
        throw new RangeError(`SynchronousHalving.run: round ${k} must train the ${rounds[k - 1].keep} kept trials to a later step than ${rounds[k - 1].step}`);
      }
    }
    const concurrency = options.concurrency ?? 1;
    await study.refresh();
    this.first = study.trials.length;
    this.size = rounds[0].configs;
    this.rounds = rounds;
    const maxStep = rounds[rounds.length - 1].step;
    const objective = resumableObjective(training, { maxStep, checkpoints: options.checkpoints });
    const numbers: number[] = [];
    for (const round of rounds) {
      let left = round.configs;
      const worker = async (): Promise<void> => {
        while (left > 0) {
          left--;
          const trial = await study.ask();
          if (trial.number < this.first || trial.number >= this.first + this.size) {
            throw new Error(
              `SynchronousHalving.run: the study gave trial ${trial.number}, outside this run (${this.first}…${this.first + this.size - 1}); is another optimize() using the study?`,
            );
          }
          if (!trial.resumed) numbers.push(trial.number);
          let result: number | { state: "failed"; note: string };
          try {
            result = await objective(trial.params, trial);
          } catch (e) {
            result = { state: "failed", note: e instanceof Error ? e.message : String(e) };
          }
          await study.tell(trial, result);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, round.configs) }, () => worker()));
    }
    const trials = await study.refresh();
    // eliminated trials stay paused by the scheduler; record them as pruned with the reason
    for (const t of trials) {
      if (!this.inGroup(t) || t.state !== "paused") continue;
      const k = this.rounds.findIndex((r) => r.step === lastReported(t));
      await study.storage.updateTrial(study.name, t.number, {
        state: "pruned",
        note: `eliminated after round ${k + 1}: not among the best ${this.rounds[k].keep} of ${this.rounds[k].configs}`,
      });
    }
    const final = await study.refresh();
    let epochs = 0;
    for (const t of final) if (this.inGroup(t)) epochs += t.intermediate.length;
    let winner: TrialRecord | undefined;
    for (const t of final) {
      if (!this.inGroup(t) || t.state !== "complete" || t.value === undefined) continue;
      if (!winner || isBetter(t.value, winner.value as number, study.direction)) winner = t;
    }
    this.size = 0;
    return { trials: numbers, winner: winner ? winner.number : -1, epochs };
  }

  /** Successive halving with n configurations and total budget B (J&T 2016); the chapter's version with η = 2. */
  async runSuccessiveHalving<P, S, T extends ResumableTrial<P>>(
    study: AskTellStudy<P, T>,
    training: ResumableTraining<P, S>,
    n: number,
    budget: number,
    options: SyncRunOptions<S>,
  ): Promise<SyncRunResult> {
    const rounds = successiveHalvingRounds(n, budget, this.eta).map((r) => ({ configs: r.configs, step: r.totalEach, keep: r.keep }));
    return this.run(study, training, rounds, options);
  }

  /** One Hyperband iteration (Li et al. 2018): every bracket s = s_max…0 as a successive-halving run. */
  async runHyperband<P, S, T extends ResumableTrial<P>>(
    study: AskTellStudy<P, T>,
    training: ResumableTraining<P, S>,
    maxStep: number,
    options: SyncRunOptions<S>,
  ): Promise<SyncRunResult[]> {
    const out: SyncRunResult[] = [];
    for (const b of hyperbandBrackets(maxStep, this.eta)) {
      const rounds = b.rounds.map((r, i) => ({ configs: r.n, step: Math.round(r.r), keep: i + 1 < b.rounds.length ? b.rounds[i + 1].n : 1 }));
      out.push(await this.run(study, training, rounds, options));
    }
    return out;
  }
}

/** Creates the synchronous successive-halving scheduler/driver (η = 2 by default, as the chapter). */
export function successiveHalving(options: { eta?: number; name?: string } = {}): SynchronousHalving {
  return new SynchronousHalving(options);
}
