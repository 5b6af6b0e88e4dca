// Asynchronous successive halving (ASHA; Li et al., MLSys 2020, Algorithm 2) and asynchronous Hyperband
// (one ASHA per bracket s, rungs at r·η^(s+k)). Two modes:
// - "promote" (the paper): a trial PAUSES at each rung; when a worker is free, `resume` promotes a paused
//   trial that is in the top ⌊|rung|/η⌋ of its rung (highest rung first); otherwise a new trial starts.
//   The trial resumes from its epoch (its state is kept by a checkpoint hook, see checkpoint.ts).
// - "stop" (what Optuna's SuccessiveHalvingPruner/HyperbandPruner, Ray's and Syne Tune's ASHA ship): a trial
//   reaching a rung continues only if its value is in the top ⌊n/η⌋ of all values recorded at that rung so
//   far (itself included; with fewer than η values, only the best continues); otherwise it is stopped.
// The decision is a pure function of the trial records: rung values are the reports at rung steps.
import { crc32 } from "node:zlib";
import type { Decision, ReportContext, ResumeContext, Scheduler, TrialRecord } from "../types.js";
import { ashaRungSteps, floorLog } from "./rungs.js";
import { fmt, isBetter, valueAtOrAfter } from "./trial-values.js";
import { checkOptions, optionKeys } from "../../util/options.js";

/** Options of {@link Asha}. */
export interface AshaOptions {
  /** Resource (steps) of the lowest rung, r. @default 1 */
  minStep?: number;
  /** Resource at which a trial is complete, R (the last step it reports). Required. */
  maxStep: number;
  /** Reduction factor η: the top 1/η of a rung goes on. @default 3 */
  eta?: number;
  /** "promote" pauses at rungs and resumes the best (the paper); "stop" only stops (Optuna/Ray). @default "promote" */
  mode?: "promote" | "stop";
  /** Number of brackets (1 = ASHA; ⌊log_η(R/r)⌋+1 = asynchronous Hyperband). @default 1 */
  brackets?: number;
  /** Early-stopping rate s of the first bracket (its rungs start at r·η^s). @default 0 */
  minEarlyStoppingRate?: number;
  /**
   * Promote mode: the number of trials the study will start. Once that many exist no new trial will come,
   * so a rung promotes its top ⌈m/η⌉ instead of ⌊m/η⌋ (every rung's leader goes on and the run ends with
   * complete trials instead of stranded paused ones). `study.optimize` says so itself (`ResumeContext.draining`)
   * once its nTrials are started, so this is only needed for hand-written ask/tell loops. @default Infinity
   */
  maxTrials?: number;
  /**
   * Assign trials to brackets as Optuna's HyperbandPruner does: crc32("<bracketHash>_<trial number>") modulo
   * the total of the bracket sizes picks the bracket (pass the study name to reproduce Optuna exactly).
   * @default undefined (smooth weighted round-robin: every prefix of trials is split in proportion)
   */
  bracketHash?: string;
  /** Name for `scheduler.name` and explanations. @default "asha" (or "asha-stop") */
  name?: string;
}

const ASHA_KEYS = optionKeys<AshaOptions>({
  minStep: true,
  maxStep: true,
  eta: true,
  mode: true,
  brackets: true,
  minEarlyStoppingRate: true,
  maxTrials: true,
  bracketHash: true,
  name: true,
});

interface Bracket {
  readonly index: number;
  readonly rate: number;
  readonly rungs: readonly number[];
}

/** ASHA / asynchronous Hyperband as a `Scheduler` (with `resume` in "promote" mode). */
export class Asha implements Scheduler {
  /** Scheduler name. */
  readonly name: string;
  /** Reduction factor η. */
  readonly eta: number;
  /** Resource of a complete trial R. */
  readonly maxStep: number;
  /** "promote" or "stop". */
  readonly mode: "promote" | "stop";
  private readonly brackets: readonly Bracket[];
  private readonly cycle: readonly number[];
  private readonly hashed: { readonly key: string; readonly weights: readonly number[] } | undefined;
  private readonly maxTrials: number;
  /** Present only in "promote" mode (the study resumes paused trials only when a scheduler has it). */
  readonly resume?: (context: ResumeContext) => { readonly number: number; readonly reason: string } | undefined;

  constructor(options: AshaOptions) {
    checkOptions("asha", options, ASHA_KEYS);
    if (options === undefined) throw new TypeError("asha: expected an options object with maxStep (the step at which a trial is complete)");
    const r = options.minStep ?? 1;
    const R = options.maxStep;
    this.eta = options.eta ?? 3;
    this.mode = options.mode ?? "promote";
    this.maxStep = R;
    this.name = options.name ?? (this.mode === "promote" ? "asha" : "asha-stop");
    if (!(Number.isInteger(this.eta) && this.eta >= 2)) throw new RangeError(`Asha: eta must be an integer ≥ 2, got ${this.eta}`);
    if (!(r > 0)) throw new RangeError(`Asha: minStep must be > 0, got ${r}`);
    if (!(R > r)) throw new RangeError(`Asha: maxStep must be > minStep (${r}), got ${R}`);
    this.maxTrials = options.maxTrials ?? Infinity;
    const s0 = options.minEarlyStoppingRate ?? 0;
    const nb = options.brackets ?? 1;
    const maxBrackets = floorLog(R / r, this.eta) + 1 - s0;
    if (!(Number.isInteger(nb) && nb >= 1 && nb <= Math.max(1, maxBrackets))) {
      throw new RangeError(`Asha: brackets must be an integer in [1, ${Math.max(1, maxBrackets)}] for r=${r}, R=${R}, η=${this.eta}, got ${nb}`);
    }
    this.brackets = Array.from({ length: nb }, (_, b) => ({ index: b, rate: s0 + b, rungs: ashaRungSteps(r, R, this.eta, s0 + b) }));
    // Trial → bracket: Hyperband's bracket sizes ⌈nb·η^s/(s+1)⌉ (s = nb−1−b, as Optuna's HyperbandPruner),
    // interleaved by smooth weighted round-robin so that any prefix of trials is split in proportion.
    const weights = this.brackets.map((_, b) => Math.ceil((nb * this.eta ** (nb - 1 - b)) / (nb - b)));
    this.cycle = smoothRoundRobin(weights);
    if (options.bracketHash !== undefined && typeof options.bracketHash !== "string")
      throw new TypeError(`Asha: bracketHash must be a string (e.g. the study name), got ${typeof options.bracketHash}`);
    this.hashed = options.bracketHash === undefined ? undefined : { key: options.bracketHash, weights };
    if (this.mode === "promote") this.resume = (ctx) => this.promote(ctx);
  }

  /** Number of brackets (1 for plain ASHA). */
  get bracketCount(): number {
    return this.brackets.length;
  }

  /** Bracket index of a trial number. */
  bracketOf(trialNumber: number): number {
    if (this.hashed === undefined) return this.cycle[trialNumber % this.cycle.length];
    // Optuna's HyperbandPruner._get_bracket_id: walk the bracket sizes until the hash falls inside one
    const { key, weights } = this.hashed;
    let n = crc32(`${key}_${trialNumber}`) % this.cycle.length;
    for (let b = 0; b < weights.length; b++) {
      n -= weights[b];
      if (n < 0) return b;
    }
    return weights.length - 1;
  }

  /** Rung steps of a bracket (below maxStep). */
  rungSteps(bracket = 0): readonly number[] {
    const b = this.brackets[bracket];
    if (b === undefined) throw new RangeError(`${this.name}.rungSteps: bracket must be an integer in [0, ${this.brackets.length - 1}], got ${bracket}`);
    return b.rungs;
  }

  /** Values of the bracket's trials at rung step `rungStep` (a trial counts once it reported at or after it). */
  private rungMembers(trials: readonly TrialRecord[], bracket: number, rungStep: number): { trial: TrialRecord; value: number }[] {
    const out: { trial: TrialRecord; value: number }[] = [];
    for (const t of trials) {
      if (this.bracketOf(t.number) !== bracket) continue;
      const v = valueAtOrAfter(t, rungStep);
      if (v !== undefined) out.push({ trial: t, value: v });
    }
    return out;
  }

  /** Decides at each report: pause ("promote") or judge ("stop") when a rung step is crossed. */
  decide({ trial, step, trials, direction }: ReportContext): Decision {
    const b = this.bracketOf(trial.number);
    const br = this.brackets[b];
    const iv = trial.intermediate;
    let previous = -Infinity;
    for (const x of iv) if (x.step < step && x.step > previous) previous = x.step;
    const crossed = br.rungs.map((s, k) => ({ s, k })).filter(({ s }) => previous < s && s <= step);
    const where = this.brackets.length > 1 ? ` of bracket ${b}` : "";
    const attrs = { bracket: b };
    if (crossed.length === 0) {
      const nextRung = br.rungs.find((s) => s > step);
      return { action: "continue", reason: `continue at step ${step}: next rung${where} at step ${nextRung ?? this.maxStep}`, attrs };
    }
    const value = iv.find((x) => x.step === step)?.value ?? NaN;
    if (Number.isNaN(value)) return { action: "stop", reason: `stopped at step ${step}: the value is NaN`, attrs };
    if (this.mode === "promote") {
      const { s, k } = crossed[crossed.length - 1];
      const members = this.rungMembers(trials, b, s);
      const rank = 1 + members.filter((m) => m.trial.number !== trial.number && isBetter(m.value, value, direction)).length;
      return {
        action: "pause",
        reason: `paused at step ${step} (rung ${k}${where}, step ${s}): ${fmt(value)} ranks ${rank} of ${members.length}; waits for promotion (top ⌊${members.length}/${this.eta}⌋ = ${Math.floor(members.length / this.eta)} go on)`,
        attrs: { ...attrs, rung: k },
      };
    }
    for (const { s, k } of crossed) {
      const others = this.rungMembers(trials, b, s).filter((m) => m.trial.number !== trial.number);
      const competing = [...others.map((m) => m.value), value].filter((v) => !Number.isNaN(v));
      competing.sort((x, y) => (direction === "minimize" ? x - y : y - x));
      const keep = Math.max(1, Math.floor(competing.length / this.eta));
      const cutoff = competing[keep - 1];
      if (isBetter(cutoff, value, direction)) {
        return {
          action: "stop",
          reason: `stopped at step ${step} (rung ${k}${where}, step ${s}): ${fmt(value)} is not in the top ${keep} of ${competing.length} values at this rung (cut-off ${fmt(cutoff)})`,
          attrs: { ...attrs, rung: k },
        };
      }
    }
    const k = crossed[crossed.length - 1].k;
    return {
      action: "continue",
      reason: `continue at step ${step}: ${fmt(value)} is in the top 1/${this.eta} at rung ${k}${where}`,
      attrs: { ...attrs, rung: k },
    };
  }

  /** Promotion (Alg. 2, get_job): the best paused, not yet promoted trial in the top ⌊|rung|/η⌋ of the highest rung. */
  private promote({ trials, direction, draining: callerDraining }: ResumeContext): { number: number; reason: string } | undefined {
    let choice: { number: number; reason: string; resource: number } | undefined;
    // no new trial will come: the caller says so (study.optimize past nTrials), or the maxTrials option is reached
    const draining = callerDraining === true || trials.filter((t) => t.state !== "waiting").length >= this.maxTrials;
    for (const br of this.brackets) {
      for (let k = br.rungs.length - 1; k >= 0; k--) {
        const s = br.rungs[k];
        if (choice && choice.resource >= s) break;
        const members = this.rungMembers(trials, br.index, s);
        members.sort((x, y) => (isBetter(x.value, y.value, direction) ? -1 : isBetter(y.value, x.value, direction) ? 1 : x.trial.number - y.trial.number));
        const top = draining ? Math.ceil(members.length / this.eta) : Math.floor(members.length / this.eta);
        for (let i = 0; i < top; i++) {
          const m = members[i];
          const last = m.trial.intermediate[m.trial.intermediate.length - 1]?.step;
          if (m.trial.state === "paused" && last !== undefined && last < (br.rungs[k + 1] ?? this.maxStep) && last >= s) {
            const where = this.brackets.length > 1 ? ` of bracket ${br.index}` : "";
            const to = br.rungs[k + 1] ?? this.maxStep;
            choice = {
              number: m.trial.number,
              resource: s,
              reason: `promoted from rung ${k}${where} (step ${s}) to step ${to}: ${fmt(m.value)} ranks ${i + 1} of ${members.length}, top ${draining ? `⌈${members.length}/${this.eta}⌉` : `⌊${members.length}/${this.eta}⌋`} = ${top} go on${draining ? " (no new trials will come)" : ""}`,
            };
            break;
          }
        }
        if (choice) break;
      }
    }
    return choice ? { number: choice.number, reason: choice.reason } : undefined;
  }
}

/** Smooth weighted round-robin order of bracket indices (nginx's algorithm): one full cycle. */
function smoothRoundRobin(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const current = weights.map(() => 0);
  const out: number[] = [];
  for (let i = 0; i < total; i++) {
    let best = 0;
    for (let j = 0; j < weights.length; j++) {
      current[j] += weights[j];
      if (current[j] > current[best]) best = j;
    }
    current[best] -= total;
    out.push(best);
  }
  return out;
}

/** ASHA with real promotion (pause + resume); options as {@link AshaOptions}. */
export function asha(options: AshaOptions): Asha {
  return new Asha(options);
}

/** Optuna's SuccessiveHalvingPruner (stop-only ASHA, one bracket); Optuna's defaults are η = 4, r = 1. */
asha.optunaSuccessiveHalving = (o: { minStep?: number; maxStep: number; reductionFactor?: number; minEarlyStoppingRate?: number }): Asha => {
  checkOptions("asha.optunaSuccessiveHalving", o, ["minStep", "maxStep", "reductionFactor", "minEarlyStoppingRate"]);
  return new Asha({
    name: "sh-optuna",
    mode: "stop",
    minStep: o.minStep ?? 1,
    maxStep: o.maxStep,
    eta: o.reductionFactor ?? 4,
    minEarlyStoppingRate: o.minEarlyStoppingRate ?? 0,
  });
};

/**
 * Optuna's HyperbandPruner (one stop-only ASHA per bracket, brackets = ⌊log_η(R/r)⌋+1), trials split over
 * brackets by size; with `studyName`, trial → bracket is Optuna's own hash of the study name and trial number.
 */
asha.optunaHyperband = (o: { minStep?: number; maxStep: number; reductionFactor?: number; studyName?: string }): Asha => {
  checkOptions("asha.optunaHyperband", o, ["minStep", "maxStep", "reductionFactor", "studyName"]);
  const eta = o.reductionFactor ?? 3;
  const r = o.minStep ?? 1;
  return new Asha({
    name: "hyperband-optuna",
    mode: "stop",
    minStep: r,
    maxStep: o.maxStep,
    eta,
    brackets: floorLog(o.maxStep / r, eta) + 1,
    bracketHash: o.studyName,
  });
};

/** Asynchronous Hyperband with promotion: ASHA brackets s = 0…⌊log_η(R/r)⌋, trials pause and resume. */
asha.hyperband = (o: { minStep?: number; maxStep: number; eta?: number; maxTrials?: number; bracketHash?: string }): Asha => {
  checkOptions("asha.hyperband", o, ["minStep", "maxStep", "eta", "maxTrials", "bracketHash"]);
  const eta = o.eta ?? 3;
  const r = o.minStep ?? 1;
  return new Asha({
    name: "hyperband-async",
    mode: "promote",
    minStep: r,
    maxStep: o.maxStep,
    eta,
    brackets: floorLog(o.maxStep / r, eta) + 1,
    maxTrials: o.maxTrials,
    bracketHash: o.bracketHash,
  });
};
