import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { ensureBackend, fusedAdam, engineFor, engineChoice, engineThreads, type EngineChoice } from "../backend/index.js";
import { ShuffleBatcher } from "../data/shuffle-batcher.js";
import type { Dataset } from "../data/types.js";
import { SeededDropout } from "../model/seeded-dropout.js";
import { deriveSeed } from "../util/rng.js";
import { batchTensors, checkDataset } from "./batch-tensors.js";
import { Callback, type Logs, type TrainCallback, type TrainContext } from "./callback.js";
import { checkBatchSizeSchedule, batchSizeAt, type BatchSizeSchedule } from "./batch-size-schedule.js";
import { EarlyStopping, type EarlyStoppingOptions } from "./early-stopping.js";
import { binaryCrossEntropy, BCE_EPSILON, predictScores, regularizationLoss } from "./evaluate.js";
import { fixed3, formatFloat32 } from "./format.js";
import type { History } from "./history.js";
import { auc as aucOf, binaryAccuracy, type AucMethod } from "./metrics.js";
import { NonFiniteLossError } from "./non-finite-loss-error.js";
import { LearningRateScheduler } from "./lr-scheduler.js";
import { checkLrSchedule, type LrScheduleSpec } from "./lr-schedule.js";
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./reduce-lr-on-plateau.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** The splits trainModel uses: it fits on `train` and validates on `val` each epoch (a full `Splits` also fits). */
export interface TrainData {
  readonly train: Dataset;
  readonly val?: Dataset;
}

/** Options of {@link trainModel}; the first five are the chapter's `train_model` arguments. */
export interface TrainModelOptions {
  /** Adam's learning rate. @default 1e-3 */
  lr?: number;
  /** Add the chapter's ReduceLROnPlateau(val_loss, factor 0.9, patience 5, minLr 1e-5) and print `lr = …` each epoch; an object changes some of its settings. @default false */
  reducedLR?: boolean | ReduceLROnPlateauOptions;
  /** Add the chapter's EarlyStopping(val_auc, max, patience 5, minDelta 0.01, restoreBestWeights); an object changes some of its settings (e.g. `{patience: 10}`). @default false */
  earlyStop?: boolean | EarlyStoppingOptions;
  /** Learning-rate schedule from `lr` (step, exponential, polynomial, inverse-time, piecewise, cosine with warmup, cyclical); composes with reducedLR. @default none (constant) */
  lrSchedule?: LrScheduleSpec;
  /** Batch-size ramp (Smith et al. 2017): multiply `batchSize` at given epochs instead of decaying the rate. @default none */
  batchSizeSchedule?: BatchSizeSchedule;
  /** Rows per training batch (the chapter's real batch is 64: its batch_size=32 was ignored by Keras). @default 64 */
  batchSize?: number;
  /** Number of epochs. @default 20 */
  epochs?: number;
  /** Seed of the batch order and the dropout masks; same seed + backend + initial weights ⇒ same run. @default 0 */
  seed?: number;
  /** Shuffle-buffer size of the batch order (tf.data's `shuffle(1000)`). @default 1000 */
  shuffleBuffer?: number;
  /** More callbacks, called after the built-in ones. @default [] */
  callbacks?: readonly TrainCallback[];
  /** 0: silent; 1: the chapter's prints, plus one line per epoch when stdout is a terminal; 2: always the epoch lines too. @default 1 */
  verbose?: 0 | 1 | 2;
  /** AUC method for auc/val_auc. @default "exact" */
  auc?: AucMethod;
  /** Where output lines go. @default console.log */
  log?: (line: string) => void;
  /** Optimizer to use instead of a new Adam(lr, ε = 1e-7) (fused update, bit-identical to tf.train.adam); it is not disposed, so it can carry state across calls. @default Adam */
  optimizer?: tf.Optimizer;
  /** First epoch index (to continue a run: epochs counts up to `epochs` in total). @default 0 */
  initialEpoch?: number;
  /** Rows per forward pass when validating (does not change results). @default 256 */
  validationBatchSize?: number;
  /**
   * What runs the steps: "auto" uses the fused engine (our whole-model WebAssembly forward, backward and
   * Adam) when the model is a chain it supports, the optimizer is Adam and the backend is wasm or cpu,
   * else tfjs' ops; "fused" insists (an error says why it cannot); "tfjs" always uses tfjs' ops. The
   * engine owns the weights during an epoch and writes them back at its end, before validation and the
   * epoch callbacks. @default env TFJS_TUNE_ENGINE, else "auto"
   */
  engine?: EngineChoice;
  /** Threads one fused-engine step runs on (the batch is split; results depend on the count, deterministically). @default env TFJS_TUNE_THREADS, else 1 */
  threads?: number;
}

const KEYS = optionKeys<TrainModelOptions>({
  lr: true,
  reducedLR: true,
  earlyStop: true,
  lrSchedule: true,
  batchSizeSchedule: true,
  batchSize: true,
  epochs: true,
  seed: true,
  shuffleBuffer: true,
  callbacks: true,
  verbose: true,
  auc: true,
  log: true,
  optimizer: true,
  initialEpoch: true,
  validationBatchSize: true,
  engine: true,
  threads: true,
});

/** The chapter's EarlyStopping settings (section 18.5.2). */
export const CHAPTER_EARLY_STOPPING = Object.freeze({ monitor: "val_auc", mode: "max", patience: 5, minDelta: 1e-2, restoreBestWeights: true } as const);
/** The chapter's ReduceLROnPlateau settings (section 18.5.3). */
export const CHAPTER_REDUCE_LR = Object.freeze({ monitor: "val_loss", factor: 0.9, patience: 5, minLr: 1e-5 } as const);

type LrOptimizer = tf.Optimizer & { learningRate: number };

function hasLearningRate(o: tf.Optimizer): o is LrOptimizer {
  return typeof (o as Partial<LrOptimizer>).learningRate === "number";
}

function gatherWeights(weights: Float32Array, index: Int32Array): Float32Array {
  const out = new Float32Array(index.length);
  for (let k = 0; k < index.length; k++) out[k] = weights[index[k]];
  return out;
}

/** AUC needs both classes: a split with one class is an error naming the split, before any training. */
function checkTwoClasses(data: Dataset, what: string, why: string): void {
  let pos = 0;
  for (let i = 0; i < data.count; i++) pos += data.labels[i];
  if (pos === 0 || pos === data.count) {
    throw new RangeError(
      `trainModel: ${what} has only one class (all ${data.count} labels are ${pos === 0 ? 0 : 1}); ${why}. Give it rows of both labels (a stratified or larger split)`,
    );
  }
}

/** True when a callback has its own onBatchBegin/onBatchEnd (the Callback base class's are no-ops). */
function hasBatchHooks(cb: TrainCallback): boolean {
  const base = Callback.prototype;
  return (cb.onBatchBegin !== undefined && cb.onBatchBegin !== base.onBatchBegin) || (cb.onBatchEnd !== undefined && cb.onBatchEnd !== base.onBatchEnd);
}

function checkFlagOrOptions(what: string, v: unknown): void {
  if (v === undefined || typeof v === "boolean") return;
  if (v === null || typeof v !== "object" || Array.isArray(v))
    throw new TypeError(`trainModel: ${what} must be true, false or an options object, got ${v === null ? "null" : typeof v}`);
}

function checkInt(what: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new RangeError(`trainModel: ${what} must be an integer ≥ ${min}, got ${v}`);
}

/**
 * Keras' binary cross-entropy of probabilities (clipped to [ε, 1−ε]) plus the model's L2 penalties: a scalar.
 * With sample weights w [b, 1] the cross-entropy is Keras' "sum over batch size": Σ wᵢ·lᵢ / b.
 */
function totalLoss(model: tfl.LayersModel, y: tf.Tensor, p: tf.Tensor, w?: tf.Tensor): tf.Scalar {
  const q = tf.clipByValue(p, BCE_EPSILON, 1 - BCE_EPSILON); // [b, 1]
  const nll = tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))))); // [b, 1]
  const bce = tf.mean(w ? tf.mul(nll, w) : nll) as tf.Scalar;
  const regs = model.calculateLosses();
  return regs.length ? (tf.addN([bce, ...regs]) as tf.Scalar) : bce;
}

/**
 * Trains a binary classifier the way the chapter's `train_model` does: Adam, binary cross-entropy,
 * AUC and binary accuracy on train and validation data each epoch, the chapter's callbacks on request,
 * a Keras-shaped History, and `Train Loss: x, Test Loss: y` at the end.
 */
export async function trainModel(model: tfl.LayersModel, data: TrainData, options: TrainModelOptions = {}): Promise<History> {
  const t0 = performance.now();
  checkOptions("trainModel", options, KEYS);
  const lr = options.lr ?? 1e-3;
  const epochs = options.epochs ?? 20;
  const batchSize = options.batchSize ?? 64;
  const seed = options.seed ?? 0;
  const shuffleBuffer = options.shuffleBuffer ?? 1000;
  const initialEpoch = options.initialEpoch ?? 0;
  const verbose = options.verbose ?? 1;
  const aucMethod = options.auc ?? "exact";
  if (!(lr > 0 && Number.isFinite(lr))) throw new RangeError(`trainModel: lr must be a positive number, got ${lr}`);
  checkInt("epochs", epochs, 0);
  checkInt("batchSize", batchSize, 1);
  checkInt("seed", seed, 0);
  checkInt("shuffleBuffer", shuffleBuffer, 1);
  checkInt("initialEpoch", initialEpoch, 0);
  const threads = engineThreads(options.threads, "trainModel: threads");
  const engineOption = engineChoice(options.engine, "trainModel: engine");
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new RangeError(`trainModel: verbose must be 0, 1 or 2, got ${verbose}`);
  if (aucMethod !== "exact" && aucMethod !== "keras") throw new RangeError(`trainModel: auc must be "exact" or "keras", got ${JSON.stringify(aucMethod)}`);
  if (data == null || typeof data !== "object") throw new TypeError("trainModel: data must be {train, val} (e.g. the Splits of chapterSplit)");
  if (data.val === undefined && ((data as { validation?: unknown }).validation !== undefined || (data as { valid?: unknown }).valid !== undefined)) {
    throw new TypeError("trainModel: data has no val split (the validation split must be named val, as chapterSplit names it)");
  }
  checkDataset(data.train, "trainModel: data.train", model);
  checkTwoClasses(data.train, "data.train", "training would learn a constant and the training AUC is undefined");
  if (data.val !== undefined) {
    checkDataset(data.val, "trainModel: data.val", model);
    checkTwoClasses(data.val, "data.val", "the validation AUC (val_auc) is undefined");
  }
  if (options.lrSchedule !== undefined) checkLrSchedule(options.lrSchedule, "trainModel: lrSchedule");
  if (options.batchSizeSchedule !== undefined) checkBatchSizeSchedule(options.batchSizeSchedule, "trainModel: batchSizeSchedule");
  checkFlagOrOptions("earlyStop", options.earlyStop);
  checkFlagOrOptions("reducedLR", options.reducedLR);
  const train = data.train;
  const val = data.val;

  await ensureBackend();
  const log = options.log ?? ((line: string) => console.log(line));
  const say = verbose > 0 ? log : () => {};
  const progress = verbose === 2 || (verbose === 1 && process.stdout.isTTY === true);
  const ownOptimizer = options.optimizer === undefined;
  const optimizer = options.optimizer ?? fusedAdam(lr, 0.9, 0.999, 1e-7);
  if (!hasLearningRate(optimizer)) throw new TypeError("trainModel: the optimizer has no numeric learningRate property");

  const context: TrainContext = {
    model,
    epochs,
    get learningRate() {
      return optimizer.learningRate;
    },
    set learningRate(v: number) {
      if (!(v >= 0 && Number.isFinite(v))) throw new RangeError(`learningRate must be a finite number ≥ 0, got ${v}`);
      optimizer.learningRate = v;
    },
    stopTraining: false,
    log: say,
  };

  // The schedule first (so the chapter's `lr = …` line shows this epoch's rate), then the chapter's
  // callbacks in its order, then the caller's.
  const callbacks: TrainCallback[] = [];
  // callbacks of ours that never read or write weights in their batch hooks (no engine sync around them)
  const weightless = new Set<TrainCallback>();
  if (options.lrSchedule) {
    const cb = new LearningRateScheduler({ schedule: options.lrSchedule, initialLr: lr });
    weightless.add(cb);
    callbacks.push(cb);
  }
  if (options.earlyStop) callbacks.push(new EarlyStopping({ ...CHAPTER_EARLY_STOPPING, ...(options.earlyStop === true ? {} : options.earlyStop) }));
  if (options.reducedLR) {
    callbacks.push({ onEpochBegin: (_e, _l, ctx) => ctx.log(`lr = ${formatFloat32(ctx.learningRate)}`) });
    callbacks.push(new ReduceLROnPlateau({ ...CHAPTER_REDUCE_LR, ...(options.reducedLR === true ? {} : options.reducedLR) }));
  }
  callbacks.push(...(options.callbacks ?? []));

  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const decision = engineFor(model, { engine: engineOption, threads, training: true, optimizer });
  const engine = decision.engine;
  // With the engine, weights live in its memory during an epoch: around batch hooks that may look at
  // the model, its variables are brought up to date first and weights a hook set are taken over after.
  const syncAroundBatchHooks = engine !== undefined && callbacks.some((cb) => !weightless.has(cb) && hasBatchHooks(cb));
  const steps = Math.ceil(train.count / batchSize);
  const history: History = {
    history: {},
    epoch: [],
    model,
    params: { epochs, steps, batchSize, seed, lr, samples: train.count },
    seconds: 0,
    engine: engine ? { name: "fused", threads } : { name: "tfjs", why: decision.why! },
  };
  const record = (epoch: number, logs: Logs) => {
    history.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (history.history[k] ??= []).push(v);
  };

  // tf.data's shuffle(1000).batch(64), reshuffled every epoch from (seed, epoch); one batcher per batch size of the ramp.
  const batchers = new Map<number, ShuffleBatcher>();
  const batcherFor = (b: number) => {
    let x = batchers.get(b);
    if (!x) batchers.set(b, (x = new ShuffleBatcher(train, { batchSize: b, bufferSize: shuffleBuffer, seed })));
    return x;
  };
  const weights = train.sampleWeight;
  // A continued run (initialEpoch > 0) already carries the factor of the epoch before.
  let rampLrFactor = options.batchSizeSchedule && initialEpoch > 0 ? batchSizeAt(options.batchSizeSchedule, initialEpoch - 1, batchSize).lrFactor : 1;
  const preds = new Float32Array(train.count);
  const labels = new Float32Array(train.count);
  try {
    for (const cb of callbacks) await cb.onTrainBegin?.({}, context);
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      const tEpoch = performance.now();
      // Dropout masks and batch order depend only on (seed, epoch): one call of n epochs equals n calls of one.
      model.layers.forEach((layer, k) => {
        if (layer instanceof SeededDropout) layer.reseed(deriveSeed(seed, 1, k, epoch));
      });
      let epochBatchSize = batchSize;
      if (options.batchSizeSchedule) {
        const at = batchSizeAt(options.batchSizeSchedule, epoch, batchSize);
        epochBatchSize = at.batchSize;
        // Past the cap the ramp decays the rate instead, as a factor on whatever the rate is now.
        if (at.lrFactor !== rampLrFactor) context.learningRate = (context.learningRate * at.lrFactor) / rampLrFactor;
        rampLrFactor = at.lrFactor;
      }
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, {}, context);
      let filled = 0;
      let lossSum = 0;
      let batch = 0;
      engine?.beginTraining(optimizer);
      try {
        for (const index of batcherFor(epochBatchSize).rowBatches(epoch)) {
          const n = index.length;
          if (syncAroundBatchHooks) engine.publishWeights();
          for (const cb of callbacks) await cb.onBatchBegin?.(batch, { batch, size: n }, context);
          if (syncAroundBatchHooks) engine.adoptChangedWeights();
          let lossV: number;
          let pv: Float32Array;
          if (engine) {
            const r = engine.trainStep(
              { features: train.features, labels: train.labels, index, weights: weights ? gatherWeights(weights, index) : undefined },
              optimizer,
            );
            lossV = r.loss;
            pv = r.probs;
          } else {
            const { x, y } = batchTensors(train, index); // x [n, L] int32, y [n, 1]
            const w = weights ? tf.tensor2d(gatherWeights(weights, index), [n, 1]) : undefined; // [n, 1]
            let p: tf.Tensor | undefined;
            const lossT = optimizer.minimize(
              () => {
                const out = model.apply(x, { training: true }) as tf.Tensor; // [n, 1]
                p = tf.keep(out);
                return totalLoss(model, y, out, w);
              },
              true,
              variables,
            );
            lossV = lossT ? (await lossT.data())[0] : NaN;
            pv = p ? ((await p.data()) as Float32Array) : new Float32Array(n);
            tf.dispose([x, y, lossT as tf.Tensor, p as tf.Tensor]);
            w?.dispose();
          }
          if (!Number.isFinite(lossV)) {
            history.seconds = (performance.now() - t0) / 1000;
            throw new NonFiniteLossError(epoch + 1, batch + 1, lossV, history);
          }
          preds.set(pv, filled);
          for (let r = 0; r < n; r++) labels[filled + r] = train.labels[index[r]];
          filled += n;
          lossSum += lossV * n;
          if (syncAroundBatchHooks) engine.publishWeights();
          for (const cb of callbacks) await cb.onBatchEnd?.(batch, { batch, size: n, loss: lossV }, context);
          if (syncAroundBatchHooks) engine.adoptChangedWeights();
          batch++;
        }
      } finally {
        engine?.endTraining(optimizer); // the model's variables and the optimizer's moments are current again
      }
      const logs: Logs = {
        loss: lossSum / filled,
        auc: aucOf(labels, preds, aucMethod),
        binary_accuracy: binaryAccuracy(labels, preds),
      };
      if (val) {
        const vs = await predictScores(model, val, options.validationBatchSize ?? 256, { engine: engine ? engineOption : "tfjs", threads });
        logs.val_loss = binaryCrossEntropy(val.labels, vs) + regularizationLoss(model);
        logs.val_auc = aucOf(val.labels, vs, aucMethod);
        logs.val_binary_accuracy = binaryAccuracy(val.labels, vs);
      }
      logs.lr = context.learningRate;
      if (options.batchSizeSchedule) logs.batch_size = epochBatchSize;
      for (const cb of callbacks) await cb.onEpochEnd?.(epoch, logs, context);
      record(epoch, logs);
      if (progress) {
        const secs = ((performance.now() - tEpoch) / 1000).toFixed(1);
        const parts = Object.entries(logs)
          .filter(([k]) => k !== "lr")
          .map(([k, v]) => `${k}: ${v.toFixed(4)}`);
        log(`Epoch ${epoch + 1}/${epochs} - ${secs}s - ${parts.join(" - ")}`);
      }
      if (context.stopTraining) {
        history.stoppedEpoch = epoch;
        break;
      }
    }
    for (const cb of callbacks) await cb.onTrainEnd?.({}, context);
  } catch (e) {
    // Training ended: let callbacks release what they hold (e.g. EarlyStopping's best weights).
    if (e instanceof NonFiniteLossError) for (const cb of callbacks) await cb.onTrainEnd?.({}, context);
    throw e;
  } finally {
    if (ownOptimizer) optimizer.dispose();
  }
  const h = history.history;
  if (h.loss?.length) {
    say(h.val_loss?.length ? `Train Loss: ${fixed3(h.loss.at(-1)!)}, Test Loss: ${fixed3(h.val_loss.at(-1)!)}` : `Train Loss: ${fixed3(h.loss.at(-1)!)}`);
  }
  history.seconds = (performance.now() - t0) / 1000;
  return history;
}
