import * as tfl from "@tensorflow/tfjs-layers";
import { SeededDropout } from "../model/seeded-dropout.js";
import type { Dataset } from "../data/types.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Activation names the dense hidden layers accept. */
export type DenseActivation = "relu" | "tanh" | "sigmoid" | "elu" | "selu" | "linear";
const DENSE_ACTIVATIONS: readonly string[] = ["relu", "tanh", "sigmoid", "elu", "selu", "linear"] satisfies readonly DenseActivation[];

/** The network's shape; every field defaults to the chapter's model. */
export interface ModelStructure {
  /** Length of the input sequences. @default 190 */
  sequenceLength: number;
  /** Alphabet size including the padding token 0. @default 21 */
  vocabSize: number;
  /** Embedding output size. @default 16 */
  embeddingSize: number;
  /** Filters per Conv1D block: one number for all blocks, or one per block. @default 16 */
  filters: number | readonly number[];
  /** Kernel size per Conv1D block; its length sets the number of blocks. @default [5, 3, 3] */
  kernelSizes: readonly number[];
  /** MaxPooling1D pool size per block (same length as kernelSizes). @default [4, 2, 2] */
  poolSizes: readonly number[];
  /** Units of the hidden Dense layers. @default [256, 64] */
  denseUnits: readonly number[];
  /** Activation per hidden Dense layer. @default ["relu", "tanh"] (relu…, tanh last for other lengths) */
  denseActivations?: readonly DenseActivation[];
  /** Dropout rate used when addDropout is true. @default 0.3 */
  dropoutRate: number;
}

/** The chapter's network (Keras Sequential of section 18.5). */
export const CHAPTER_STRUCTURE: Readonly<ModelStructure> = Object.freeze({
  sequenceLength: 190,
  vocabSize: 21,
  embeddingSize: 16,
  filters: 16,
  kernelSizes: Object.freeze([5, 3, 3]),
  poolSizes: Object.freeze([4, 2, 2]),
  denseUnits: Object.freeze([256, 64]),
  dropoutRate: 0.3,
});

/** Options of {@link buildModel}: the chapter's `build_model(reg, add_dropout)` plus structure knobs. */
export interface BuildModelOptions extends Partial<ModelStructure> {
  /** L2 factor on the hidden Dense kernels (Keras `l2(reg)`: reg·Σw²). @default 0.1 */
  reg?: number;
  /** Insert Dropout before each hidden Dense layer and before the output. @default false */
  addDropout?: boolean;
  /** Seed of the initial weights and dropout masks; same seed ⇒ same weights. @default random */
  seed?: number;
  /** Embedding `maskZero`, as in the chapter (Conv1D ignores the mask, as in Keras 2). @default true */
  maskZero?: boolean;
  /** Data the model will read: its sequence length becomes `sequenceLength` (which then must agree if given too). @default none */
  data?: Pick<Dataset, "length">;
}

const KEYS = optionKeys<BuildModelOptions>({
  sequenceLength: true,
  vocabSize: true,
  embeddingSize: true,
  filters: true,
  kernelSizes: true,
  poolSizes: true,
  denseUnits: true,
  denseActivations: true,
  dropoutRate: true,
  reg: true,
  addDropout: true,
  seed: true,
  maskZero: true,
  data: true,
});

/** The resolved structure of a model built by {@link buildModel}. */
export interface ResolvedStructure extends ModelStructure {
  readonly filters: readonly number[];
  readonly denseActivations: readonly DenseActivation[];
}

/** Fills the chapter's defaults into partial options and checks them (throws naming the bad knob). */
export function resolveStructure(options: Partial<ModelStructure> = {}): ResolvedStructure {
  // buildModel's own options pass through here, so its keys are accepted (those outside the structure are ignored)
  checkOptions("resolveStructure", options, KEYS);
  const s = { ...CHAPTER_STRUCTURE, ...dropUndefined(options) };
  const blocks = s.kernelSizes.length;
  const filters = typeof s.filters === "number" ? new Array<number>(blocks).fill(s.filters) : [...s.filters];
  positiveInt("sequenceLength", s.sequenceLength);
  positiveInt("vocabSize", s.vocabSize);
  positiveInt("embeddingSize", s.embeddingSize);
  if (filters.length !== blocks) {
    throw new RangeError(`buildModel: filters has ${filters.length} entries but kernelSizes has ${blocks}`);
  }
  if (s.poolSizes.length !== blocks) {
    throw new RangeError(`buildModel: poolSizes has ${s.poolSizes.length} entries but kernelSizes has ${blocks}`);
  }
  filters.forEach((f, i) => positiveInt(`filters[${i}]`, f));
  s.kernelSizes.forEach((k, i) => positiveInt(`kernelSizes[${i}]`, k));
  s.poolSizes.forEach((p, i) => positiveInt(`poolSizes[${i}]`, p));
  s.denseUnits.forEach((u, i) => positiveInt(`denseUnits[${i}]`, u));
  if (!(s.dropoutRate >= 0 && s.dropoutRate < 1)) {
    throw new RangeError(`buildModel: dropoutRate must be in [0, 1), got ${s.dropoutRate}`);
  }
  // Valid convolution then floor pooling (Keras 'valid' padding for both).
  let len = s.sequenceLength;
  for (let i = 0; i < blocks; i++) {
    len = Math.floor((len - s.kernelSizes[i] + 1) / s.poolSizes[i]);
    if (len < 1) {
      throw new RangeError(
        `buildModel: the sequence (length ${s.sequenceLength}) is too short for conv block ${i} ` +
          `(kernelSizes ${JSON.stringify(s.kernelSizes)}, poolSizes ${JSON.stringify(s.poolSizes)})`,
      );
    }
  }
  const n = s.denseUnits.length;
  const denseActivations = s.denseActivations ?? (n === 2 ? (["relu", "tanh"] as const) : s.denseUnits.map((_, i) => (i < n - 1 ? "relu" : "tanh")));
  if (denseActivations.length !== n) {
    throw new RangeError(`buildModel: denseActivations has ${denseActivations.length} entries but denseUnits has ${n}`);
  }
  denseActivations.forEach((a, i) => {
    if (!DENSE_ACTIVATIONS.includes(a))
      throw new RangeError(`buildModel: denseActivations[${i}] is ${JSON.stringify(a)}; expected one of ${DENSE_ACTIVATIONS.join(", ")}`);
  });
  return { ...s, filters, denseActivations };
}

/**
 * Builds the chapter's hemolysis classifier: Embedding(21, 16, maskZero) → 3 × [Conv1D relu,
 * MaxPool1D] → Flatten → [Dropout] → Dense 256 relu L2 → [Dropout] → Dense 64 tanh L2 →
 * [Dropout] → Dense 1 sigmoid; 60,929 parameters with Keras' default initializers.
 */
export function buildModel(options: BuildModelOptions = {}): tfl.Sequential {
  checkOptions("buildModel", options, KEYS);
  if (options.data !== undefined) {
    const len = options.data?.length;
    if (!Number.isInteger(len) || len < 1)
      throw new TypeError(`buildModel: data must be a Dataset (its length is the sequence length), got length ${String(len)}`);
    if (options.sequenceLength !== undefined && options.sequenceLength !== len) {
      throw new RangeError(`buildModel: sequenceLength ${options.sequenceLength} disagrees with data.length ${len}; give one of them`);
    }
    const { data: _data, ...rest } = options;
    options = { ...rest, sequenceLength: len };
  }
  const reg = options.reg ?? 0.1;
  if (!(reg >= 0 && Number.isFinite(reg))) throw new RangeError(`buildModel: reg must be a finite number ≥ 0, got ${reg}`);
  const s = resolveStructure(options);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new RangeError(`buildModel: seed must be an integer, got ${seed}`);
  let k = 0;
  const nextSeed = () => mixSeed(seed, k++);
  const glorot = () => tfl.initializers.glorotUniform({ seed: nextSeed() });
  const names = new Map<string, number>();
  const name = (base: string) => {
    const i = names.get(base) ?? 0;
    names.set(base, i + 1);
    return i === 0 ? base : `${base}_${i}`; // Keras' layer names
  };
  const dropout = () => new SeededDropout({ rate: s.dropoutRate, seed: nextSeed(), name: name("dropout") });

  const model = tfl.sequential({ name: "hemolysis_cnn" });
  // [batch, 190] int → [batch, 190, 16]
  model.add(
    tfl.layers.embedding({
      name: name("embedding"),
      inputDim: s.vocabSize,
      outputDim: s.embeddingSize,
      maskZero: options.maskZero ?? true,
      inputLength: s.sequenceLength,
      embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: nextSeed() }),
    }),
  );
  for (let i = 0; i < s.kernelSizes.length; i++) {
    // [batch, L, C] → [batch, L − k + 1, filters] → [batch, ⌊(L − k + 1) / pool⌋, filters]
    model.add(
      tfl.layers.conv1d({
        name: name("conv1d"),
        filters: s.filters[i],
        kernelSize: s.kernelSizes[i],
        activation: "relu",
        kernelInitializer: glorot(),
        biasInitializer: "zeros",
      }),
    );
    model.add(tfl.layers.maxPooling1d({ name: name("max_pooling1d"), poolSize: s.poolSizes[i] }));
  }
  model.add(tfl.layers.flatten({ name: name("flatten") })); // [batch, 160]
  s.denseUnits.forEach((units, i) => {
    if (options.addDropout) model.add(dropout());
    model.add(
      tfl.layers.dense({
        name: name("dense"),
        units,
        activation: s.denseActivations[i],
        kernelInitializer: glorot(),
        biasInitializer: "zeros",
        kernelRegularizer: reg > 0 ? tfl.regularizers.l2({ l2: reg }) : undefined,
      }),
    );
  });
  if (options.addDropout) model.add(dropout());
  // [batch, 1] probability of "hemolytic"
  model.add(
    tfl.layers.dense({
      name: name("dense"),
      units: 1,
      activation: "sigmoid",
      kernelInitializer: glorot(),
      biasInitializer: "zeros",
    }),
  );
  return model;
}

/** A 31-bit seed for weight k of a model seeded with `seed` (splitmix-style integer hash). */
function mixSeed(seed: number, k: number): number {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(k + 1, 0xc2b2ae35)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 1) + 1; // never 0 (0 means "unseeded" in some tfjs paths)
}

function positiveInt(what: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`buildModel: ${what} must be a positive integer, got ${v}`);
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
