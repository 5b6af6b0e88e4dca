import * as tf from "@tensorflow/tfjs";

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
export class SeededDropout extends tf.layers.Layer {
  /** Registered class name (serialization). */
  static className = "SeededDropout";
  /** Fraction of inputs zeroed during training. */
  readonly rate: number;
  private seed: number;
  private calls = 0;

  constructor(options: SeededDropoutOptions) {
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
    const keep = 1 - this.rate;
    if (this.rate === 0) return new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1);
    const seed = this.nextSeed();
    return tf.tidy(() => tf.div(tf.floor(tf.add(tf.randomUniform(shape, 0, 1, "float32", seed), keep)), keep).dataSync() as Float32Array);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
