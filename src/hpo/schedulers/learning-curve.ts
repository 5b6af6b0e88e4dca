// Learning-curve extrapolation stopping (Domhan, Springenberg & Hutter, IJCAI 2015, §3 "predictive
// termination"): fit an ensemble of parametric curves to the trial's partial curve, and stop it when the
// probability that its final value beats the best completed trial, P(y_T better than y_best | y_1:s), is
// below a threshold. As in the paper's conservative mode, a trial whose latest value already beats y_best
// continues, unless its curve has significantly turned worse (the value at maxStep is what counts, and an
// overfitting curve is past its best). The fitted model is exposed (`extrapolate`) for plots. With
// `posterior: "mcmc"` the seed of each decision is derived from (mcmc.seed, trial number, step).
import type { Decision, ReportContext, Scheduler, TrialRecord } from "../types.js";
import { defaultCurveFamilies, type CurveFamily } from "./curve-families.js";
import { fitLearningCurve, minFitPoints, type LearningCurveModel, type LearningCurveModelOptions } from "./learning-curve-model.js";
import { checkMcmcOptions, type McmcOptions } from "./learning-curve-mcmc.js";
import { checkOptions, optionKeys } from "../../util/options.js";
import { deriveSeed } from "../../util/rng.js";
import { bestSoFar, fmt, isBetter, plural } from "./trial-values.js";

/** Options of {@link LearningCurveStopping}. */
export interface LearningCurveOptions {
  /** The step whose value counts (the last epoch of a complete trial). Required. */
  maxStep: number;
  /**
   * Stop when P(final value beats the best completed trial) is below this. @default 0.05 (Domhan et al.'s
   * value; 0.1 with fitTest and prequential weights saved more on one draw of the calibration curves but lost
   * the true best on another: docs/tuning-algorithms.md)
   */
  threshold?: number;
  /**
   * Never judge before this step. @default ⌈maxStep/3⌉ (9 of 27), and at least the first step at which some
   * family can be fitted (its parameters + 2 points: 4 with the default families). A third of the run:
   * on curves that cross (bench/hpo/learning-curve-calibration.ts, four families) judging from step 4
   * stopped the eventual best in every order of three families, from ⌈maxStep/3⌉ in none.
   */
  warmupSteps?: number;
  /** Judge at steps warmupSteps + k·interval only. @default 1 */
  interval?: number;
  /** Completed trials needed before any stop (they define y_best). @default 1 */
  minCompletedTrials?: number;
  /** Curve families of the ensemble. @default defaultCurveFamilies */
  families?: readonly CurveFamily[];
  /** Ensemble weighting: "prequential" (by how well each family predicted the newest points from the older ones), "uniform" (flat prior over families), "bic". @default "uniform" */
  weighting?: "uniform" | "bic" | "prequential";
  /** Each family's predictive: "student-t" (n − p degrees of freedom: a noise estimate from few points is uncertain) or "gaussian". @default "student-t" */
  predictive?: "student-t" | "gaussian";
  /** Plausible range of values at maxStep (fits predicting outside are dropped), e.g. [0, 1] for AUC. @default [-Infinity, Infinity] */
  valueRange?: readonly [number, number];
  /** Each family's parameter posterior: "laplace" (least squares + Laplace) or "mcmc" (short ensemble MCMC, slower). @default "laplace" */
  posterior?: "laplace" | "mcmc";
  /** Sampler settings for `posterior: "mcmc"`; `seed` is mixed with the trial number and step so decisions are reproducible. @default see McmcOptions */
  mcmc?: McmcOptions;
  /** Drop curve families that fit significantly worse than the best one (F-test level; 0 keeps all). @default 0 (0.05 lost the true best on a second curve draw: docs/tuning-algorithms.md) */
  fitTest?: number;
  /** Add a drift family when the curve has significantly turned worse (t-test level; 0 never), and judge such a trial even while its latest value beats the best. @default 0 */
  reversalTest?: number;
  /** Name for `scheduler.name`. @default "learning-curve" */
  name?: string;
}

const LC_KEYS = optionKeys<LearningCurveOptions>({
  maxStep: true,
  threshold: true,
  warmupSteps: true,
  interval: true,
  minCompletedTrials: true,
  families: true,
  weighting: true,
  predictive: true,
  valueRange: true,
  posterior: true,
  mcmc: true,
  fitTest: true,
  reversalTest: true,
  name: true,
});

/** Fits the learning-curve ensemble to a trial's reports (steps ≤ `upTo`), for predictions and plots. */
export function extrapolate(trial: TrialRecord, options: Omit<LearningCurveModelOptions, "horizon"> & { maxStep: number; upTo?: number }): LearningCurveModel {
  checkOptions("extrapolate", options, [
    "maxStep",
    "direction",
    "upTo",
    "families",
    "weighting",
    "valueRange",
    "predictive",
    "posterior",
    "mcmc",
    "fitTest",
    "reversalTest",
  ]);
  const pts = trial.intermediate.filter((iv) => iv.step <= (options.upTo ?? Infinity) && Number.isFinite(iv.value));
  return fitLearningCurve(
    pts.map((p) => p.step),
    pts.map((p) => p.value),
    {
      direction: options.direction ?? "minimize",
      horizon: options.maxStep,
      families: options.families,
      weighting: options.weighting,
      valueRange: options.valueRange,
      predictive: options.predictive,
      posterior: options.posterior,
      mcmc: options.mcmc,
      fitTest: options.fitTest,
      reversalTest: options.reversalTest,
    },
  );
}

/** The last non-NaN value reported at a step ≤ `upTo` (NaN when there is none). */
function latestFinite(trial: TrialRecord, upTo: number): number {
  for (let i = trial.intermediate.length - 1; i >= 0; i--) {
    const iv = trial.intermediate[i];
    if (iv.step <= upTo && !Number.isNaN(iv.value)) return iv.value;
  }
  return NaN;
}

/** Learning-curve extrapolation as a `Scheduler` (stop-only). */
export class LearningCurveStopping implements Scheduler {
  /** Scheduler name. */
  readonly name: string;
  private readonly o: Required<Omit<LearningCurveOptions, "name" | "families" | "valueRange" | "mcmc">> &
    Pick<LearningCurveOptions, "families" | "valueRange" | "mcmc">;

  constructor(options: LearningCurveOptions) {
    checkOptions("learningCurveStopping", options, LC_KEYS);
    if (options === undefined) throw new TypeError("learningCurveStopping: expected an options object with maxStep (the step at which a trial is complete)");
    this.name = options.name ?? "learning-curve";
    this.o = {
      maxStep: options.maxStep,
      threshold: options.threshold ?? 0.05,
      warmupSteps: options.warmupSteps ?? Math.max(Math.ceil(options.maxStep / 3), Math.min(...(options.families ?? defaultCurveFamilies).map(minFitPoints))),
      interval: options.interval ?? 1,
      minCompletedTrials: options.minCompletedTrials ?? 1,
      weighting: options.weighting ?? "uniform",
      predictive: options.predictive ?? "student-t",
      families: options.families,
      valueRange: options.valueRange,
      posterior: options.posterior ?? "laplace",
      mcmc: options.mcmc,
      fitTest: options.fitTest ?? 0,
      reversalTest: options.reversalTest ?? 0,
    };
    const o = this.o;
    if (options.families !== undefined && options.families.length === 0)
      throw new RangeError("LearningCurveStopping: families is empty; expected at least one curve family");
    if (!(o.maxStep >= 2)) throw new RangeError(`LearningCurveStopping: maxStep must be ≥ 2, got ${o.maxStep}`);
    if (!(o.threshold > 0 && o.threshold < 1)) throw new RangeError(`LearningCurveStopping: threshold must be in (0, 1), got ${o.threshold}`);
    if (!(Number.isInteger(o.interval) && o.interval >= 1)) throw new RangeError(`LearningCurveStopping: interval must be an integer ≥ 1, got ${o.interval}`);
    for (const [k, v] of [
      ["fitTest", o.fitTest],
      ["reversalTest", o.reversalTest],
    ] as const) {
      if (!(v >= 0 && v < 1)) throw new RangeError(`LearningCurveStopping: ${k} must be a level in [0, 1), got ${v}`);
    }
    if (o.posterior !== "laplace" && o.posterior !== "mcmc")
      throw new RangeError(`LearningCurveStopping: posterior must be "laplace" or "mcmc", got ${String(o.posterior)}`);
    checkMcmcOptions(o.mcmc, Math.max(...(o.families ?? defaultCurveFamilies).map((f) => f.params.length)), "LearningCurveStopping");
  }

  /** The step whose value counts (a trial that reported it is complete). */
  get maxStep(): number {
    return this.o.maxStep;
  }

  /** Decides after a report: stop when the extrapolated final value is unlikely to beat the best. */
  decide({ trial, step, trials, direction }: ReportContext): Decision {
    const o = this.o;
    const at = `at step ${step}`;
    const cont = (why: string, attrs?: Record<string, number>): Decision => ({
      action: "continue",
      reason: `continue ${at}: ${why}`,
      ...(attrs ? { attrs } : {}),
    });
    if (step < o.warmupSteps) return cont(`warm-up (steps before ${o.warmupSteps} are never judged)`);
    if ((step - o.warmupSteps) % o.interval !== 0) return cont(`not a judging step (every ${o.interval} after ${o.warmupSteps})`);
    if (step >= o.maxStep) return cont(`the final step needs no prediction`);
    const completed = trials.filter((t) => t.state === "complete" && t.number !== trial.number && t.value !== undefined && Number.isFinite(t.value));
    if (completed.length === 0 || completed.length < o.minCompletedTrials)
      return cont(`${plural(completed.length, "completed trial")}, the rule needs ${Math.max(1, o.minCompletedTrials)}`);
    let yBest = completed[0].value as number;
    for (const t of completed) if (isBetter(t.value as number, yBest, direction)) yBest = t.value as number;
    if (Number.isNaN(bestSoFar(trial, direction, step))) return { action: "stop", reason: `stopped ${at}: every reported value is NaN` };
    const latest = latestFinite(trial, step);
    const mcmc = o.posterior === "mcmc" ? { ...o.mcmc, seed: deriveSeed(o.mcmc?.seed ?? 0, trial.number, step) } : undefined;
    const model = extrapolate(trial, {
      maxStep: o.maxStep,
      direction,
      upTo: step,
      families: o.families,
      weighting: o.weighting,
      valueRange: o.valueRange,
      predictive: o.predictive,
      posterior: o.posterior,
      mcmc,
      fitTest: o.fitTest,
      reversalTest: o.reversalTest,
    });
    if (!isBetter(yBest, latest, direction) && !model.reversal)
      return cont(`its latest value ${fmt(latest)} already matches or beats the best final value ${fmt(yBest)}`);
    if (model.fits.length === 0) return cont(`no curve family fits the ${step} points plausibly`);
    const pred = model.predict(o.maxStep);
    const p = model.probabilityBetter(yBest, o.maxStep);
    const attrs = { "lc:mean": pred.mean, "lc:std": pred.std, "lc:p": p, "lc:step": step };
    const cmp = direction === "minimize" ? "<" : ">";
    const turned = model.reversal ? " (the curve has turned worse)" : "";
    const what = `P(value at step ${o.maxStep} ${cmp} best ${fmt(yBest)}) = ${fmt(p)}; predicted ${fmt(pred.mean)} ± ${fmt(pred.std)} from ${model.fits.length} curve ${model.fits.length === 1 ? "family" : "families"}${turned}`;
    if (p < o.threshold) return { action: "stop", reason: `stopped ${at}: ${what} is below ${o.threshold}`, attrs };
    return { action: "continue", reason: `continue ${at}: ${what} is not below ${o.threshold}`, attrs };
  }
}

/** Creates a learning-curve extrapolation scheduler (Domhan et al. 2015). */
export function learningCurveStopping(options: LearningCurveOptions): LearningCurveStopping {
  return new LearningCurveStopping(options);
}
