// A small learnable data set for training tests: label 1 iff token 1 occurs in the first 12 positions.
import type { Dataset } from "../../src/data/types.js";

/** Deterministic synthetic Dataset of `count` rows of length `length` (tokens 1..20). */
export function syntheticDataset(count: number, length: number, seed = 1): Dataset {
  let s = seed >>> 0 || 1;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const features = new Int32Array(count * length);
  const labels = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < length; j++) features[i * length + j] = 1 + Math.floor(next() * 20);
    let pos = 0;
    for (let j = 0; j < Math.min(12, length); j++) if (features[i * length + j] === 1) pos = 1;
    labels[i] = pos;
  }
  return { features, labels, count, length };
}

/** The small structure used by the training tests (fast on the cpu backend). */
export const SMALL = { sequenceLength: 24, embeddingSize: 4, filters: 4, kernelSizes: [3], poolSizes: [2], denseUnits: [8] } as const;
