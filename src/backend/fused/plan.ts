// Reads a tfjs LayersModel into the layer list the fused engine runs, or says why it cannot.
import type * as tfl from "@tensorflow/tfjs-layers";

/** Activations the engine computes (all monotone, with a derivative expressible in the output). */
export const ACTIVATIONS = { linear: 0, relu: 1, tanh: 2, sigmoid: 3, elu: 4, selu: 5 } as const;
/** An activation's name. */
export type ActivationName = keyof typeof ACTIVATIONS;

/** One trainable weight: its place in the engine's flat parameter array and its L1/L2 penalty. */
export interface ParamSlot {
  /** The model's variable. */
  variable: tfl.LayerVariable;
  /** Offset in floats into the flat parameter array (a multiple of 4). */
  offset: number;
  /** Number of floats. */
  size: number;
  l1: number;
  l2: number;
}

/** A layer of the chain, with its shapes resolved (per example, batch dimension left out). */
export type LayerPlan = { /** The tfjs layer name(s) ("conv1d+max_pooling1d" for a conv with its pool). */ name: string } & (
  | { kind: "embedding"; length: number; vocab: number; dim: number; table: ParamSlot }
  | {
      kind: "conv";
      inLength: number;
      inChannels: number;
      taps: number;
      outChannels: number;
      activation: ActivationName;
      kernel: ParamSlot;
      bias?: ParamSlot;
      /** Pool window (1: no MaxPooling1D after the conv) and pooled length (floor of (inLength − taps + 1) / pool). */
      pool: number;
      outLength: number;
    }
  | { kind: "flatten"; width: number }
  | { kind: "dense"; inWidth: number; units: number; activation: ActivationName; kernel: ParamSlot; bias?: ParamSlot }
  | { kind: "dropout"; width: number; rate: number; layer: DropoutLayer }
);

/**
 * A dropout layer the engine can drive: it draws the step's multiplier (0 or 1/(1 − rate) per element)
 * exactly as its own training call would, advancing its mask sequence (SeededDropout does).
 */
export interface DropoutLayer {
  readonly rate: number;
  trainingMultiplier(shape: number[]): Float32Array;
}

/** The engine's reading of a model. */
export interface ModelPlan {
  layers: LayerPlan[];
  /** Every trainable weight, in model.trainableWeights order (the optimizer's order). */
  params: ParamSlot[];
  /** Floats in the flat parameter array (slots are 4-aligned). */
  paramFloats: number;
  /** Sequence length of the integer input. */
  length: number;
  /** Why training (not inference) is unsupported, when it is: e.g. the output is not sigmoid. */
  noTraining?: string;
}

type Config = Record<string, unknown>;

function one(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === "number") return v[0];
  return undefined;
}

function activationOf(layer: tfl.layers.Layer, cfg: Config): ActivationName {
  const a = cfg.activation ?? "linear";
  if (typeof a !== "string" || !(a in ACTIVATIONS))
    throw new Unsupported(`${layer.name} has activation ${JSON.stringify(a)} (supported: ${Object.keys(ACTIVATIONS).join(", ")})`);
  return a as ActivationName;
}

class Unsupported extends Error {}

/** The L1/L2 factors of a regularizer object (tfjs' L1L2), or an error for another kind. */
function penaltyOf(layer: tfl.layers.Layer, what: string, reg: unknown): { l1: number; l2: number } {
  if (reg == null) return { l1: 0, l2: 0 };
  const r = reg as { getClassName?: () => string; getConfig?: () => Config };
  if (r.getClassName?.() !== "L1L2" || !r.getConfig) throw new Unsupported(`${layer.name}'s ${what} is not an L1L2 regularizer`);
  const c = r.getConfig();
  return { l1: Number(c.l1 ?? 0), l2: Number(c.l2 ?? 0) };
}

function noExtras(layer: tfl.layers.Layer, cfg: Config, keys: string[]): void {
  for (const k of keys) if (cfg[k] != null) throw new Unsupported(`${layer.name} has a ${k}`);
}

/** Reads `model` (a chain Embedding → Conv1D/MaxPooling1D/Flatten/Dense/dropout → Dense(1)); a string says why not. */
export function planModel(model: tfl.LayersModel): ModelPlan | string {
  try {
    return plan(model);
  } catch (e) {
    if (e instanceof Unsupported) return e.message;
    throw e;
  }
}

function plan(model: tfl.LayersModel): ModelPlan {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Unsupported("the model has more than one input or output");
  const layers = model.layers.filter((l) => l.getClassName() !== "InputLayer");
  // a chain: every layer reads the previous one's output (always so in a Sequential)
  for (let i = 1; i < layers.length; i++) {
    const nodes = (layers[i] as unknown as { inboundNodes: Array<{ inboundLayers: tfl.layers.Layer[] }> }).inboundNodes;
    if (nodes.length !== 1 || nodes[0]!.inboundLayers.length !== 1 || nodes[0]!.inboundLayers[0] !== layers[i - 1]) {
      throw new Unsupported(`${layers[i]!.name} does not read only the previous layer (not a plain chain)`);
    }
  }
  const slots = new Map<tfl.LayerVariable, ParamSlot>();
  let paramFloats = 0;
  const trainable = model.trainableWeights;
  if (trainable.length !== model.weights.length) throw new Unsupported("the model has non-trainable weights");
  for (const v of trainable) {
    const size = (v.shape as number[]).reduce((a: number, b: number) => a * b, 1);
    slots.set(v, { variable: v, offset: paramFloats, size, l1: 0, l2: 0 });
    paramFloats += Math.ceil(size / 4) * 4;
  }
  const slot = (layer: tfl.layers.Layer, i: number, what: string, reg: unknown): ParamSlot => {
    const v = layer.weights[i];
    const s = v && slots.get(v);
    if (!s) throw new Unsupported(`${layer.name}'s ${what} is not a trainable weight of the model`);
    Object.assign(s, penaltyOf(layer, `${what} regularizer`, reg));
    return s;
  };
  const out: LayerPlan[] = [];
  const first = layers[0];
  if (!first || first.getClassName() !== "Embedding") throw new Unsupported("the first layer is not an Embedding");
  const inShape = model.inputs[0]!.shape;
  const length = inShape.length === 2 ? inShape[1] : undefined;
  if (typeof length !== "number") throw new Unsupported("the input is not [batch, length] with a fixed length");
  let shape: number[] = []; // the current per-example shape
  for (const layer of layers) {
    const cfg = layer.getConfig() as Config;
    const kind = layer.getClassName();
    if (!layer.trainable && layer.weights.length > 0) throw new Unsupported(`${layer.name} is frozen (trainable false)`);
    noExtras(layer, cfg, ["activityRegularizer"]);
    if (kind === "Embedding") {
      if (out.length > 0) throw new Unsupported(`${layer.name}: an Embedding after the first layer`);
      noExtras(layer, cfg, ["embeddingsConstraint"]);
      const vocab = Number(cfg.inputDim),
        dim = Number(cfg.outputDim);
      const reg = (layer as unknown as { embeddingsRegularizer?: unknown }).embeddingsRegularizer;
      out.push({ name: layer.name, kind: "embedding", length, vocab, dim, table: slot(layer, 0, "embeddings", reg) });
      shape = [length, dim];
    } else if (kind === "Conv1D") {
      if (shape.length !== 2) throw new Unsupported(`${layer.name} reads a ${shape.length + 1}-D tensor`);
      noExtras(layer, cfg, ["kernelConstraint", "biasConstraint"]);
      if (one(cfg.strides) !== 1) throw new Unsupported(`${layer.name} has strides ${JSON.stringify(cfg.strides)} (only 1)`);
      if (one(cfg.dilationRate) !== 1) throw new Unsupported(`${layer.name} has dilationRate ${JSON.stringify(cfg.dilationRate)} (only 1)`);
      if (cfg.padding !== "valid") throw new Unsupported(`${layer.name} has padding ${JSON.stringify(cfg.padding)} (only valid)`);
      if ((cfg.dataFormat ?? "channelsLast") !== "channelsLast") throw new Unsupported(`${layer.name} is channelsFirst`);
      const taps = one(cfg.kernelSize)!,
        co = Number(cfg.filters);
      const [inLength, inChannels] = shape as [number, number];
      if (!(taps >= 1) || inLength - taps + 1 < 1) throw new Unsupported(`${layer.name}: kernel size ${taps} does not fit length ${inLength}`);
      const l = layer as unknown as { kernelRegularizer?: unknown; biasRegularizer?: unknown };
      const useBias = cfg.useBias !== false;
      out.push({
        name: layer.name,
        kind: "conv",
        inLength,
        inChannels,
        taps,
        outChannels: co,
        activation: activationOf(layer, cfg),
        kernel: slot(layer, 0, "kernel", l.kernelRegularizer),
        bias: useBias ? slot(layer, 1, "bias", l.biasRegularizer) : undefined,
        pool: 1,
        outLength: inLength - taps + 1,
      });
      shape = [inLength - taps + 1, co];
    } else if (kind === "MaxPooling1D") {
      const prev = out[out.length - 1];
      if (prev?.kind !== "conv" || prev.pool !== 1) throw new Unsupported(`${layer.name} does not follow a Conv1D`);
      const pool = one(cfg.poolSize)!,
        stride = one(cfg.strides) ?? pool;
      if (stride !== pool) throw new Unsupported(`${layer.name} has strides ${stride} ≠ poolSize ${pool}`);
      if (cfg.padding !== "valid") throw new Unsupported(`${layer.name} has padding ${JSON.stringify(cfg.padding)} (only valid)`);
      const pooled = Math.floor(prev.outLength / pool);
      if (pooled < 1) throw new Unsupported(`${layer.name}: pool ${pool} is longer than its input (${prev.outLength})`);
      prev.pool = pool;
      prev.name += `+${layer.name}`;
      prev.outLength = pooled;
      shape = [pooled, prev.outChannels];
    } else if (kind === "Flatten") {
      const width = shape.reduce((a, b) => a * b, 1);
      out.push({ name: layer.name, kind: "flatten", width });
      shape = [width];
    } else if (kind === "Dense") {
      if (shape.length !== 1) throw new Unsupported(`${layer.name} reads a ${shape.length + 1}-D tensor (add a Flatten)`);
      noExtras(layer, cfg, ["kernelConstraint", "biasConstraint"]);
      const l = layer as unknown as { kernelRegularizer?: unknown; biasRegularizer?: unknown };
      const units = Number(cfg.units),
        useBias = cfg.useBias !== false;
      out.push({
        name: layer.name,
        kind: "dense",
        inWidth: shape[0]!,
        units,
        activation: activationOf(layer, cfg),
        kernel: slot(layer, 0, "kernel", l.kernelRegularizer),
        bias: useBias ? slot(layer, 1, "bias", l.biasRegularizer) : undefined,
      });
      shape = [units];
    } else if (typeof (layer as unknown as Partial<DropoutLayer>).trainingMultiplier === "function") {
      const d = layer as unknown as DropoutLayer;
      const width = shape.reduce((a, b) => a * b, 1);
      if (d.rate > 0) out.push({ name: layer.name, kind: "dropout", width, rate: d.rate, layer: d });
    } else if (kind === "Dropout" && Number(cfg.rate) === 0) {
      // the identity
    } else {
      throw new Unsupported(`${layer.name} is a ${kind} layer (the engine runs Embedding, Conv1D, MaxPooling1D, Flatten, Dense and SeededDropout)`);
    }
  }
  const last = out[out.length - 1];
  if (last?.kind !== "dense" || last.units !== 1) throw new Unsupported("the output layer is not Dense with 1 unit");
  const noTraining =
    last.activation === "sigmoid" ? undefined : `the output activation is ${last.activation}, not sigmoid (the engine trains binary cross-entropy)`;
  return { layers: out, params: [...slots.values()], paramFloats, length, ...(noTraining ? { noTraining } : {}) };
}
