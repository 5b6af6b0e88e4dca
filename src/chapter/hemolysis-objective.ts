// Tuning objectives for the chapter's model: params → build, train → validation AUC (structural, no hpo import).
import * as tf from "@tensorflow/tfjs";
import { fusedAdam } from "../backend/index.js";
import { buildModel, type BuildModelOptions } from "./build-model.js";
import type { Sequential } from "@tensorflow/tfjs";
import { deriveSeed } from "../util/rng.js";
import type { History } from "../train/history.js";
import type { AucMethod } from "../train/metrics.js";
import { PruningCallback, type PruningTrial } from "../train/pruning-callback.js";
import { trainModel, type TrainData } from "../train/train-model.js";

/** Hyperparameters of the chapter's model that an objective accepts; anything left out keeps the chapter's value. */
export interface HemolysisParams {
  /** Adam learning rate. @default 1e-3 */
  lr?: number;
  /** L2 factor on the hidden Dense kernels. @default 0.01 */
  reg?: number;
  /** Dropout rate before each hidden Dense layer and the output; 0 = no dropout layers. @default 0 */
  dropout?: number;
  /** Training batch size. @default 64 */
  batchSize?: number;
  /** Conv1D filters: one number for all three blocks, or one per block. @default 16 */
  filters?: number | readonly number[];
  /** Hidden Dense units: a list, or one number n meaning [n, round(n/4)] (the chapter's 256:64 ratio). @default [256, 64] */
  denseUnits?: number | readonly number[];
  /** Conv1D kernel sizes (their count sets the number of blocks). @default [5, 3, 3] */
  kernelSizes?: readonly number[];
  /** MaxPooling1D sizes, one per block. @default [4, 2, 2] */
  poolSizes?: readonly number[];
  /** Embedding size. @default 16 */
  embeddingSize?: number;
  /** Epochs. @default the objective's `epochs` option */
  epochs?: number;
  /** The chapter's ReduceLROnPlateau. @default false */
  reducedLR?: boolean;
  /** The chapter's EarlyStopping. @default false */
  earlyStop?: boolean;
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
}

/** The objective's trial argument: pruning hooks, and optionally the trial number. */
export type ObjectiveTrial = PruningTrial & { readonly number?: number };

/** Build options of the chapter's model from tuning params (exported so notebooks can rebuild the best configuration). */
export function hemolysisModelOptions(params: HemolysisParams, seed: number, sequenceLength = 190): BuildModelOptions {
  const d = params.dropout ?? 0;
  if (!(d >= 0 && d < 1)) throw new RangeError(`hemolysis params: dropout must be in [0, 1), got ${d}`);
  const du = params.denseUnits;
  const denseUnits = typeof du === "number" ? [du, Math.max(1, Math.round(du / 4))] : du;
  return {
    reg: params.reg ?? 0.01,
    addDropout: d > 0,
    dropoutRate: d > 0 ? d : undefined,
    filters: params.filters,
    denseUnits,
    kernelSizes: params.kernelSizes,
    poolSizes: params.poolSizes,
    embeddingSize: params.embeddingSize,
    sequenceLength,
    seed,
  };
}

/**
 * An objective `(params, trial?) => validation AUC` that builds the chapter's model from params,
 * trains it (reporting each epoch to the trial and stopping when it says so) and disposes it.
 */
export function hemolysisObjective(data: TrainData, options: HemolysisObjectiveOptions = {}): (params: HemolysisParams, trial?: ObjectiveTrial) => Promise<number> {
  if (!data?.train || !data.val) throw new TypeError("hemolysisObjective: data must have train and val splits");
  const monitor = options.monitor ?? "val_auc";
  return async (params, trial) => {
    let seed = options.seed ?? 0;
    if (options.seedPerTrial) {
      if (typeof trial?.number !== "number") throw new TypeError("hemolysisObjective: seedPerTrial needs a trial with a number");
      seed = deriveSeed(seed, trial.number);
    }
    const model = buildModel(hemolysisModelOptions(params, seed, data.train.length));
    try {
      const pruning = trial ? new PruningCallback(trial, { monitor }) : undefined;
      const history = await trainModel(model, data, {
        lr: params.lr,
        batchSize: params.batchSize,
        epochs: params.epochs ?? options.epochs ?? 20,
        reducedLR: params.reducedLR,
        earlyStop: params.earlyStop,
        seed,
        auc: options.auc,
        verbose: options.verbose ?? 0,
        callbacks: pruning ? [pruning] : [],
      });
      await options.onTrained?.({ params, model, history, pruned: pruning?.pruned ?? false });
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

/**
 * The chapter's model as epoch-wise training `{init, epoch, dispose}` (the shape of hpo's
 * resumableObjective): each `epoch(state, e)` trains epoch e (1-based) and returns the monitored value;
 * the Adam state lives in `state`, so a paused trial resumes exactly where it stopped.
 */
export function hemolysisTraining(data: TrainData, options: Pick<HemolysisObjectiveOptions, "seed" | "seedPerTrial" | "monitor" | "auc"> = {}) {
  if (!data?.train || !data.val) throw new TypeError("hemolysisTraining: data must have train and val splits");
  const monitor = options.monitor ?? "val_auc";
  return {
    /** Builds the model and its Adam optimizer. */
    init(params: HemolysisParams, trial: number): HemolysisTrainingState {
      const seed = options.seedPerTrial ? deriveSeed(options.seed ?? 0, trial) : (options.seed ?? 0);
      const lr = params.lr ?? 1e-3;
      return { model: buildModel(hemolysisModelOptions(params, seed, data.train.length)), optimizer: fusedAdam(lr, 0.9, 0.999, 1e-7), seed };
    },
    /** Trains epoch `epoch` (1-based) and returns the monitored value. */
    async epoch(state: HemolysisTrainingState, epoch: number, params: HemolysisParams): Promise<number> {
      const h = await trainModel(state.model, data, {
        initialEpoch: epoch - 1,
        epochs: epoch,
        optimizer: state.optimizer,
        batchSize: params.batchSize,
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
