// Tuning objectives for the chapter's model: params → {model, train} options → build, train → validation
// AUC. The pruning trial is structural (no hpo import), so any scheduler's trial fits.
import * as tf from "@tensorflow/tfjs-core";
import { fusedAdam } from "../backend/index.js";
import { buildModel, type BuildModelOptions } from "./build-model.js";
import type { Sequential } from "@tensorflow/tfjs-layers";
import { deriveSeed } from "../util/rng.js";
import { checkOptions, optionKeys, suggest } from "../util/options.js";
import type { History } from "../train/history.js";
import type { AucMethod } from "../train/metrics.js";
import type { LrScheduleSpec } from "../train/lr-schedule.js";
import { PruningCallback, type PruningTrial } from "../train/pruning-callback.js";
import { trainModel, type TrainData, type TrainModelOptions } from "../train/train-model.js";

/** The learning-rate schedule shapes a search can pick by name (their lengths follow the run's epochs). */
export const HEMOLYSIS_LR_SCHEDULES = Object.freeze(["constant", "step", "exponential", "polynomial", "cosine", "warmup-cosine", "cyclical"] as const);

/** One of {@link HEMOLYSIS_LR_SCHEDULES}. */
export type HemolysisLrSchedule = (typeof HEMOLYSIS_LR_SCHEDULES)[number];

/** Hyperparameters of the chapter's model that an objective accepts; anything left out keeps the chapter's value. */
export interface HemolysisParams {
  /** Adam learning rate (the peak rate of warmup-cosine and cyclical). @default 1e-3 */
  lr?: number;
  /** L2 factor on the hidden Dense kernels. @default 0.01 */
  reg?: number;
  /** Dropout rate before each hidden Dense layer and the output; 0 = no dropout layers. @default 0 */
  dropout?: number;
  /** Training batch size. @default 64 */
  batchSize?: number;
  /** Conv1D filters: one number for all blocks, or one per block. @default 16 */
  filters?: number | readonly number[];
  /** Hidden Dense units: a list, or one number n meaning [n, round(n/4)] (the chapter's 256:64 ratio). @default [256, 64] */
  denseUnits?: number | readonly number[];
  /** Number of Conv1D blocks: kernels 5, 3, 3, 3, …; pools 4, 2, 2, 2, … (the chapter's pattern). @default 3 */
  convBlocks?: number;
  /** One kernel size for every block (overrides kernelSizes). @default the chapter's 5, 3, 3 */
  kernelSize?: number;
  /** Conv1D kernel sizes (their count sets the number of blocks). @default [5, 3, 3] */
  kernelSizes?: readonly number[];
  /** MaxPooling1D sizes, one per block. @default [4, 2, 2] */
  poolSizes?: readonly number[];
  /** Embedding size. @default 16 */
  embeddingSize?: number;
  /** Epochs (the most epochs when early stopping is on). @default the objective's `epochs` option */
  epochs?: number;
  /** The chapter's ReduceLROnPlateau. @default false */
  reducedLR?: boolean;
  /** The chapter's EarlyStopping (val_auc, restore best weights). @default false, true when patience is given */
  earlyStop?: boolean;
  /** Early-stopping patience in epochs; with it, improvements count from 0.001 (the chapter's 0.01 stops too soon). @default 5 */
  patience?: number;
  /** Learning-rate schedule over the run's epochs (section 18.1). @default "constant" */
  lrSchedule?: HemolysisLrSchedule;
  /** Double the batch size at a third and two thirds of the epochs instead of decaying the rate (Smith et al. 2017). @default false */
  batchRamp?: boolean;
}

const PARAM_KEYS = optionKeys<HemolysisParams>({
  lr: true,
  reg: true,
  dropout: true,
  batchSize: true,
  filters: true,
  denseUnits: true,
  convBlocks: true,
  kernelSize: true,
  kernelSizes: true,
  poolSizes: true,
  embeddingSize: true,
  epochs: true,
  reducedLR: true,
  earlyStop: true,
  patience: true,
  lrSchedule: true,
  batchRamp: true,
});

/** A configuration of the chapter's model as the two option objects: `trainModel(buildModel({...model, seed}), splits, train)`. */
export interface HemolysisConfig {
  /** buildModel options (no seed: each retraining gives its own). */
  readonly model: BuildModelOptions;
  /** trainModel options (plain JSON). */
  readonly train: TrainModelOptions;
}

/** Options of {@link hemolysisConfig}. */
export interface HemolysisConfigOptions {
  /** Epochs when params do not say. @default 20 */
  epochs?: number;
  /** Sequence length of the data. @default 190 */
  sequenceLength?: number;
}

/** The learning-rate schedule of a named shape over `epochs` epochs, and the starting rate it needs. */
export function hemolysisLrSchedule(name: HemolysisLrSchedule, lr: number, epochs: number): { lr: number; lrSchedule?: LrScheduleSpec } {
  const e = Math.max(1, epochs);
  switch (name) {
    case "constant":
      return { lr };
    case "step": // halve at each third of the run
      return { lr, lrSchedule: { kind: "step", every: Math.max(1, Math.ceil(e / 3)), factor: 0.5 } };
    case "exponential": // a tenth of the rate by the last epoch
      return { lr, lrSchedule: { kind: "exponential", decaySteps: e, decayRate: 0.1 } };
    case "polynomial": // linear to a hundredth
      return { lr, lrSchedule: { kind: "polynomial", decaySteps: e, endLr: lr / 100, power: 1 } };
    case "cosine":
      return { lr, lrSchedule: { kind: "cosine", decaySteps: e, alpha: 0.01 } };
    case "warmup-cosine": // from a tenth up to lr over a tenth of the run, then cosine down
      return {
        lr: lr / 10,
        lrSchedule: {
          kind: "cosine",
          decaySteps: Math.max(1, e - Math.max(1, Math.round(e / 10))),
          alpha: 0.01,
          warmupSteps: Math.max(1, Math.round(e / 10)),
          warmupTarget: lr,
        },
      };
    case "cyclical": // between lr/10 and lr, a full cycle every 4 epochs
      return { lr: lr / 10, lrSchedule: { kind: "cyclical", maxLr: lr, stepSize: 2 } };
    default:
      throw new RangeError(`hemolysis params: lrSchedule must be one of ${HEMOLYSIS_LR_SCHEDULES.join(", ")}, got ${JSON.stringify(name)}`);
  }
}

/** Pattern of the chapter's blocks continued: kernels 5, 3, 3, 3…, pools 4, 2, 2, 2…. */
function blockPattern(blocks: number): { kernelSizes: number[]; poolSizes: number[] } {
  return { kernelSizes: Array.from({ length: blocks }, (_, i) => (i === 0 ? 5 : 3)), poolSizes: Array.from({ length: blocks }, (_, i) => (i === 0 ? 4 : 2)) };
}

/**
 * The buildModel and trainModel options of tuning params, as JSON: the chosen configuration of a study
 * retrains with `trainModel(buildModel({...config.model, seed}), splits, config.train)`.
 */
export function hemolysisConfig(params: HemolysisParams, options: HemolysisConfigOptions = {}): HemolysisConfig {
  checkOptions("hemolysisConfig", options, optionKeys<HemolysisConfigOptions>({ epochs: true, sequenceLength: true }));
  if (params === null || typeof params !== "object")
    throw new TypeError(`hemolysis params: expected an object of hyperparameters, got ${params === null ? "null" : typeof params}`);
  const d = params.dropout ?? 0;
  if (!(d >= 0 && d < 1)) throw new RangeError(`hemolysis params: dropout must be in [0, 1), got ${d}`);
  const du = params.denseUnits;
  const denseUnits = typeof du === "number" ? [du, Math.max(1, Math.round(du / 4))] : du === undefined ? undefined : [...du];
  let kernelSizes = params.kernelSizes === undefined ? undefined : [...params.kernelSizes];
  let poolSizes = params.poolSizes === undefined ? undefined : [...params.poolSizes];
  if (params.convBlocks !== undefined) {
    if (!Number.isInteger(params.convBlocks) || params.convBlocks < 1)
      throw new RangeError(`hemolysis params: convBlocks must be a positive integer, got ${params.convBlocks}`);
    const p = blockPattern(params.convBlocks);
    kernelSizes ??= p.kernelSizes;
    poolSizes ??= p.poolSizes;
    if (kernelSizes.length !== params.convBlocks)
      throw new RangeError(`hemolysis params: convBlocks ${params.convBlocks} but kernelSizes has ${kernelSizes.length} entries`);
  }
  if (params.kernelSize !== undefined) kernelSizes = new Array<number>((kernelSizes ?? [5, 3, 3]).length).fill(params.kernelSize);
  const model: BuildModelOptions = dropUndefined({
    reg: params.reg ?? 0.01,
    addDropout: d > 0,
    dropoutRate: d > 0 ? d : undefined,
    filters: Array.isArray(params.filters) ? [...params.filters] : params.filters,
    denseUnits,
    kernelSizes,
    poolSizes,
    embeddingSize: params.embeddingSize,
    sequenceLength: options.sequenceLength ?? 190,
  });
  const epochs = params.epochs ?? options.epochs ?? 20;
  const { lr, lrSchedule } = hemolysisLrSchedule(params.lrSchedule ?? "constant", params.lr ?? 1e-3, epochs);
  const patience = params.patience; // read even when earlyStop is given, so it never counts as unused
  const earlyStop = params.earlyStop ?? patience !== undefined;
  const batchSizeSchedule = params.batchRamp
    ? { boundaries: [...new Set([Math.round(epochs / 3), Math.round((2 * epochs) / 3)])].filter((b) => b >= 1), factor: 2 }
    : undefined;
  const train: TrainModelOptions = dropUndefined({
    lr,
    batchSize: params.batchSize,
    epochs,
    reducedLR: params.reducedLR || undefined,
    earlyStop: earlyStop ? (patience !== undefined ? { patience, minDelta: 1e-3 } : true) : undefined,
    lrSchedule,
    batchSizeSchedule: batchSizeSchedule?.boundaries.length ? batchSizeSchedule : undefined,
  });
  return { model, train };
}

/** Build options of the chapter's model from tuning params (exported so notebooks can rebuild the best configuration). */
export function hemolysisModelOptions(params: HemolysisParams, seed: number, sequenceLength = 190): BuildModelOptions {
  return { ...hemolysisConfig(params, { sequenceLength }).model, seed };
}

/** Options of {@link hemolysisObjective}. */
export interface HemolysisObjectiveOptions {
  /** Epochs when params do not say. @default 20 */
  epochs?: number;
  /** Seed of weights, batch order and dropout; the same for every trial (common random numbers) unless seedPerTrial. @default 0 */
  seed?: number;
  /** Derive the seed from the trial number too (needs a trial with a `number`). @default false */
  seedPerTrial?: boolean;
  /** Metric reported each epoch and returned. @default "val_auc" */
  monitor?: string;
  /** Return the last epoch's value or the best over the epochs. @default "last" */
  returns?: "last" | "best";
  /** AUC method. @default "exact" */
  auc?: AucMethod;
  /** Training output (0 silent). @default 0 */
  verbose?: 0 | 1 | 2;
  /** Called with the trained model before it is disposed (e.g. to evaluate it on the test split). @default none */
  onTrained?: (result: { params: HemolysisParams; model: Sequential; history: History; pruned: boolean }) => void | Promise<void>;
  /** Where the unused-hyperparameter warning goes. @default console.warn */
  warn?: (line: string) => void;
}

const OBJECTIVE_KEYS = optionKeys<HemolysisObjectiveOptions>({
  epochs: true,
  seed: true,
  seedPerTrial: true,
  monitor: true,
  returns: true,
  auc: true,
  verbose: true,
  onTrained: true,
  warn: true,
});

/** The objective's trial argument: pruning hooks, and optionally the trial number and a place for attributes. */
export type ObjectiveTrial = PruningTrial & {
  readonly number?: number;
  /** hpo's Trial has it: the objective records `epochs` trained and `seconds` of training there. */
  setUserAttrs?(attrs: Record<string, number>): void | Promise<void>;
};

/** Params wrapped so that reads are recorded: after the first trial, names never read are reported. */
function recordReads<P extends object>(params: P, read: Set<string>): P {
  return new Proxy(params, {
    get(target, key, receiver) {
      if (typeof key === "string") read.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
}

/** The warning for hyperparameters the objective never read (a misspelt name tunes nothing). */
export function unusedParamsWarning(where: string, unused: readonly string[], known: readonly string[]): string {
  const parts = unused.map((k) => {
    const s = suggest(k, known);
    return `"${k}"${s && s !== k ? ` (did you mean ${s}?)` : ""}`;
  });
  return `${where}: hyperparameter${unused.length > 1 ? "s" : ""} ${parts.join(", ")} ${unused.length > 1 ? "were" : "was"} never read, so tuning ${unused.length > 1 ? "them" : "it"} changes nothing; the objective reads ${known.join(", ")}`;
}

/**
 * An objective `(params, trial?) => validation AUC` that builds the chapter's model from params,
 * trains it (reporting each epoch to the trial and stopping when it says so) and disposes it.
 * After the first trial it warns about any hyperparameter it never read.
 */
export function hemolysisObjective(
  data: TrainData,
  options: HemolysisObjectiveOptions = {},
): (params: HemolysisParams, trial?: ObjectiveTrial) => Promise<number> {
  checkOptions("hemolysisObjective", options, OBJECTIVE_KEYS);
  if (!data?.train || !data.val) throw new TypeError("hemolysisObjective: data must have train and val splits");
  const monitor = options.monitor ?? "val_auc";
  if (options.returns !== undefined && options.returns !== "last" && options.returns !== "best")
    throw new RangeError(`hemolysisObjective: returns must be "last" or "best", got ${JSON.stringify(options.returns)}`);
  let checkedReads = false;
  return async (rawParams, trial) => {
    let seed = options.seed ?? 0;
    if (options.seedPerTrial) {
      if (typeof trial?.number !== "number") throw new TypeError("hemolysisObjective: seedPerTrial needs a trial with a number");
      seed = deriveSeed(seed, trial.number);
    }
    const read = new Set<string>();
    const params = checkedReads ? rawParams : recordReads(rawParams, read);
    const config = hemolysisConfig(params, { epochs: options.epochs, sequenceLength: data.train.length });
    if (!checkedReads) {
      checkedReads = true;
      const unused = Object.keys(rawParams).filter((k) => !read.has(k));
      if (unused.length) (options.warn ?? ((l: string) => console.warn(l)))(unusedParamsWarning("hemolysisObjective", unused, PARAM_KEYS));
    }
    const model = buildModel({ ...config.model, seed });
    try {
      const pruning = trial ? new PruningCallback(trial, { monitor }) : undefined;
      const history = await trainModel(model, data, {
        ...config.train,
        seed,
        auc: options.auc,
        verbose: options.verbose ?? 0,
        callbacks: pruning ? [pruning] : [],
      });
      await trial?.setUserAttrs?.({ epochs: history.epoch.length, seconds: history.seconds });
      await options.onTrained?.({ params: rawParams, model, history, pruned: pruning?.pruned ?? false });
      const series = history.history[monitor];
      if (!series?.length) throw new RangeError(`hemolysisObjective: "${monitor}" was not logged`);
      if ((options.returns ?? "last") === "last") return series[series.length - 1];
      const maximize = /(acc|accuracy|auc)$/.test(monitor);
      return maximize ? Math.max(...series) : Math.min(...series);
    } finally {
      model.dispose();
    }
  };
}

/** Training state of one configuration in {@link hemolysisTraining}. */
export interface HemolysisTrainingState {
  model: Sequential;
  optimizer: tf.Optimizer;
  seed: number;
}

/** Options of {@link hemolysisTraining}. */
export type HemolysisTrainingOptions = Pick<HemolysisObjectiveOptions, "seed" | "seedPerTrial" | "monitor" | "auc"> & {
  /** Length of a full run, which the named lrSchedule shapes and the batch ramp span. @default 20 */
  epochs?: number;
};

/**
 * The chapter's model as epoch-wise training `{init, epoch, dispose}` (the shape of hpo's
 * resumableObjective): each `epoch(state, e)` trains epoch e (1-based) and returns the monitored value;
 * the Adam state lives in `state`, so a paused trial resumes exactly where it stopped. Schedules follow
 * the epoch index; early stopping and ReduceLROnPlateau are left to the scheduler.
 */
export function hemolysisTraining(data: TrainData, options: HemolysisTrainingOptions = {}) {
  checkOptions("hemolysisTraining", options, optionKeys<HemolysisTrainingOptions>({ seed: true, seedPerTrial: true, monitor: true, auc: true, epochs: true }));
  if (!data?.train || !data.val) throw new TypeError("hemolysisTraining: data must have train and val splits");
  const monitor = options.monitor ?? "val_auc";
  const configOf = (params: HemolysisParams) => hemolysisConfig(params, { epochs: options.epochs, sequenceLength: data.train.length });
  return {
    /** Builds the model and its Adam optimizer. */
    init(params: HemolysisParams, trial: number): HemolysisTrainingState {
      const seed = options.seedPerTrial ? deriveSeed(options.seed ?? 0, trial) : (options.seed ?? 0);
      const { model, train } = configOf(params);
      return { model: buildModel({ ...model, seed }), optimizer: fusedAdam(train.lr ?? 1e-3, 0.9, 0.999, 1e-7), seed };
    },
    /** Trains epoch `epoch` (1-based) and returns the monitored value. */
    async epoch(state: HemolysisTrainingState, epoch: number, params: HemolysisParams): Promise<number> {
      const { train } = configOf(params);
      const h = await trainModel(state.model, data, {
        lr: train.lr,
        lrSchedule: train.lrSchedule,
        batchSizeSchedule: train.batchSizeSchedule,
        initialEpoch: epoch - 1,
        epochs: epoch,
        optimizer: state.optimizer,
        batchSize: train.batchSize,
        seed: state.seed,
        auc: options.auc,
        verbose: 0,
      });
      const v = h.history[monitor]?.[0];
      if (v === undefined) throw new RangeError(`hemolysisTraining: "${monitor}" was not logged`);
      return v;
    },
    /** Frees the model and optimizer. */
    dispose(state: HemolysisTrainingState): void {
      state.model.dispose();
      state.optimizer.dispose();
    },
  };
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
