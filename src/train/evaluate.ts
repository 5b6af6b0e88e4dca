import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { ensureBackend, engineFor, type EngineChoice } from "../backend/index.js";
import type { Dataset } from "../data/types.js";
import { batchTensors, checkDataset } from "./batch-tensors.js";
import { auc as aucOf, binaryAccuracy, type AucMethod } from "./metrics.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Rows per forward pass (results do not depend on it). @default 256 */
  batchSize?: number;
  /** AUC method: `exact` ROC AUC or Keras' 200-threshold approximation. @default "exact" */
  auc?: AucMethod;
  /** What runs the forward passes: the fused engine when it can ("auto"), always ("fused") or tfjs' ops ("tfjs"), as in trainModel. @default env TFJS_TUNE_ENGINE, else "auto" */
  engine?: EngineChoice;
  /** Threads of a fused-engine forward pass. @default env TFJS_TUNE_THREADS, else 1 */
  threads?: number;
}

/** How predictScores runs the model (see {@link EvaluateOptions}). */
export interface PredictOptions {
  engine?: EngineChoice;
  threads?: number;
}

/** Loss (binary cross-entropy plus the L2 penalty, as Keras reports it), AUC and accuracy of a model on a Dataset. */
export interface Evaluation {
  loss: number;
  auc: number;
  accuracy: number;
}

/** Keras' clipping epsilon for probabilities in binary cross-entropy. */
export const BCE_EPSILON = 1e-7;

/** Mean binary cross-entropy of probabilities, clipped to [ε, 1 − ε] as Keras does. */
export function binaryCrossEntropy(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(probs[i], BCE_EPSILON), 1 - BCE_EPSILON);
    s -= labels[i] > 0.5 ? Math.log(p) : Math.log(1 - p);
  }
  return s / labels.length;
}

/** Sum of the model's regularization penalties (0 when it has none). */
export function regularizationLoss(model: tfl.LayersModel): number {
  const losses = model.calculateLosses();
  let s = 0;
  for (const l of losses) s += l.dataSync()[0];
  tf.dispose(losses);
  return s;
}

/** Predicted probabilities [count] of a model on a Dataset, in inference mode (dropout off). */
export async function predictScores(model: tfl.LayersModel, data: Dataset, batchSize = 256, options: PredictOptions = {}): Promise<Float32Array> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  checkOptions("predictScores", options, optionKeys<PredictOptions>({ engine: true, threads: true }));
  const { engine } = engineFor(model, { engine: options.engine, threads: options.threads });
  if (engine) return engine.predictRows(data.features, data.count, batchSize);
  const out = new Float32Array(data.count);
  const index = new Int32Array(batchSize);
  for (let start = 0; start < data.count; start += batchSize) {
    const n = Math.min(batchSize, data.count - start);
    for (let r = 0; r < n; r++) index[r] = start + r;
    const p = tf.tidy(() => {
      const { x } = batchTensors(data, index.subarray(0, n));
      return model.predict(x) as tf.Tensor; // [n, 1]
    });
    out.set(await p.data(), start);
    p.dispose();
  }
  return out;
}

/** Evaluates a model on a Dataset: `{loss, auc, accuracy}` (Keras' `model.evaluate`, with the AUC method selectable). */
export async function evaluate(model: tfl.LayersModel, data: Dataset, options: EvaluateOptions = {}): Promise<Evaluation> {
  checkOptions("evaluate", options, optionKeys<EvaluateOptions>({ batchSize: true, auc: true, engine: true, threads: true }));
  await ensureBackend();
  checkDataset(data, "evaluate: data", model);
  const scores = await predictScores(model, data, options.batchSize ?? 256, { engine: options.engine, threads: options.threads });
  return {
    loss: binaryCrossEntropy(data.labels, scores) + regularizationLoss(model),
    auc: aucOf(data.labels, scores, options.auc ?? "exact"),
    accuracy: binaryAccuracy(data.labels, scores),
  };
}
