import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { checkOptions, optionKeys } from "../util/options.js";
import seedrandom from "seedrandom";

/** Options of {@link SeededDropout}. */
export interface SeededDropoutOptions {
  /** Fraction of inputs zeroed during training, in [0, 1). */
  rate: number;
  /** Seed of the first mask; call k uses seed + k, so a run is reproducible. @default 0 */
  seed?: number;
  /** Layer name. @default auto */
  name?: string;
}

/**
 * Inverted dropout whose masks are reproducible: tfjs' own Dropout either reuses one fixed
 * mask (when seeded) or draws from Math.random, so neither gives a deterministic training run.
 */
export class SeededDropout extends tfl.layers.Layer {
  /** Registered class name (serialization). */
  static className = "SeededDropout";
  /** Fraction of inputs zeroed during training. */
  readonly rate: number;
  private seed: number;
  private calls = 0;

  constructor(options: SeededDropoutOptions) {
    // a saved model's layer config (tf's LayerArgs: name, trainable, dtype, …, plus the customObjects tfjs adds) comes back through here too
    checkOptions("SeededDropout", options, [
      ...optionKeys<SeededDropoutOptions>({ rate: true, seed: true, name: true }),
      "trainable",
      "dtype",
      "batchInputShape",
      "inputShape",
      "batchSize",
      "inputDType",
      "weights",
      "customObjects",
    ]);
    if (options === undefined) throw new TypeError("SeededDropout: expected options { rate, seed? }");
    super({ name: options.name });
    if (!(options.rate >= 0 && options.rate < 1)) {
      throw new RangeError(`SeededDropout: rate must be in [0, 1), got ${options.rate}`);
    }
    this.rate = options.rate;
    this.seed = options.seed ?? 0;
    this.supportsMasking = true;
  }

  /** Restarts the mask sequence from `seed` (trainModel calls this with its own seed). */
  reseed(seed: number): void {
    this.seed = seed;
    this.calls = 0;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs?.training || this.rate === 0) return tf.clone(x);
    return tf.dropout(x, this.rate, undefined, this.nextSeed());
  }

  /** One distinct seed per training call; alea (tfjs' randomUniform) is backend-independent. */
  private nextSeed(): number {
    return (this.seed * 1_000_003 + this.calls++) >>> 0;
  }

  /**
   * The multiplier (0 or 1/(1 − rate) per element) of the next training call, without applying it:
   * what tf.dropout multiplies by with this call's seed, for the fused engine. Advances the sequence.
   */
  trainingMultiplier(shape: number[]): Float32Array {
    const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (this.rate === 0) return out.fill(1);
    // tf.dropout's multiplier floor(u + keep) / keep, in float32 as its ops compute it, with u from the
    // generator tf.randomUniform(shape, 0, 1, "float32", seed) uses: seedrandom's alea seeded with the
    // seed's string. The state comes from seedrandom; the steps (Baagøe's Alea recurrence, the one its
    // next() runs) run here on locals, ~20× faster than through its object (and tfjs' op around it).
    const f = Math.fround,
      keep = f(1 - this.rate);
    const st = seedrandom.alea(String(this.nextSeed()), { state: true }).state() as { c: number; s0: number; s1: number; s2: number };
    let { c, s0, s1, s2 } = st;
    for (let i = 0; i < out.length; i++) {
      const t = 2091639 * s0 + c * 2.3283064365386963e-10; // 2^-32
      s0 = s1;
      s1 = s2;
      s2 = t - (c = t | 0);
      out[i] = f(Math.floor(f(f(s2) + keep)) / keep);
    }
    return out;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
