// Typed-array rows → tensors, and the checks trainModel/evaluate run on their inputs.
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { gatherRows } from "../data/shuffle-batcher.js";
import type { Dataset } from "../data/types.js";

/** Copies the rows `index` of a Dataset into x [b, length] int32 and y [b, 1] float32 tensors. */
export function batchTensors(data: Dataset, index: Int32Array): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const { features, labels, size } = gatherRows(data, index); // [b, length] row-major, [b]
  return { x: tf.tensor2d(features, [size, data.length], "int32"), y: tf.tensor2d(labels, [size, 1], "float32") };
}

/** Input length and vocabulary size the model expects (from its first layer), when known. */
export function modelInputSpec(model: tfl.LayersModel): { length: number | null; vocab: number | null } {
  const shape = model.inputs[0]?.shape;
  const length = shape && shape.length === 2 && typeof shape[1] === "number" ? shape[1] : null;
  const first = model.layers[0] as unknown as { inputDim?: number; getClassName(): string };
  const vocab = first.getClassName() === "Embedding" && typeof first.inputDim === "number" ? first.inputDim : null;
  return { length, vocab };
}

/** Throws a clear error unless `data` is a non-empty Dataset the model can read (shapes, 0/1 labels, token range). */
export function checkDataset(data: Dataset | undefined, what: string, model: tfl.LayersModel): asserts data is Dataset {
  if (data == null || typeof data !== "object") throw new TypeError(`${what} is missing: expected a Dataset {features, labels, count, length}`);
  const { features, labels, count, length } = data;
  if (!(features instanceof Int32Array)) throw new TypeError(`${what}.features must be an Int32Array, got ${describe(features)}`);
  if (!(labels instanceof Float32Array)) throw new TypeError(`${what}.labels must be a Float32Array, got ${describe(labels)}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${what}.count must be an integer ≥ 0, got ${count}`);
  if (count === 0) throw new RangeError(`${what} is empty (count 0): nothing to train or evaluate on`);
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`${what}.length must be a positive integer, got ${length}`);
  if (features.length !== count * length) {
    throw new RangeError(`${what}.features has ${features.length} values, expected count × length = ${count} × ${length} = ${count * length}`);
  }
  if (labels.length !== count) throw new RangeError(`${what}.labels has ${labels.length} values, expected count = ${count}`);
  for (let i = 0; i < count; i++) {
    const v = labels[i];
    if (v !== 0 && v !== 1) throw new RangeError(`${what}.labels[${i}] is ${v}; labels must be 0 or 1`);
  }
  const spec = modelInputSpec(model);
  if (spec.length !== null && spec.length !== length) {
    throw new RangeError(
      `${what} has sequences of length ${length} but the model expects length ${spec.length}; build the model for this data with buildModel({sequenceLength: ${length}}) (or buildModel({data}))`,
    );
  }
  if (spec.vocab !== null) {
    for (let i = 0; i < features.length; i++) {
      const t = features[i];
      if (t < 0 || t >= spec.vocab) {
        const row = Math.floor(i / length);
        throw new RangeError(`${what}.features row ${row} column ${i - row * length} is ${t}; tokens must be in [0, ${spec.vocab})`);
      }
    }
  }
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  return (v as object).constructor?.name ?? typeof v;
}
