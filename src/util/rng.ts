// Fast seeded PRNG for everything that does not need numpy parity (samplers, init, batching).
// Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
// ACM TOMS 47(4), 2021), state seeded by SplitMix32 steps; seeds are mixed with MurmurHash3's fmix32.

/** A source of randomness that code accepts by injection (d3 style); `Random` implements it. */
export interface Rng {
  /** Uniform double in [low, high) (default [0, 1)). */
  uniform(low?: number, high?: number): number;
  /** Gaussian with the given mean and standard deviation (default 0, 1). */
  normal(mean?: number, std?: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** MurmurHash3 finalizer: a bijective 32-bit avalanche mix. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function checkSeedPart(x: number, what: string): number {
  if (!Number.isInteger(x)) throw new RangeError(`${what} must be an integer, got ${x}`);
  if (Math.abs(x) > Number.MAX_SAFE_INTEGER) throw new RangeError(`${what} must be a safe integer, got ${x}`);
  return x;
}

/** Derives a 32-bit seed from a base seed and integers, e.g. `deriveSeed(studySeed, trialNumber)`; order matters. */
export function deriveSeed(seed: number, ...parts: number[]): number {
  checkSeedPart(seed, "deriveSeed: seed");
  // fold both 32-bit halves so seeds above 2^32 still differ
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32(h ^ (Math.floor(seed / 4294967296) >>> 0));
  for (let k = 0; k < parts.length; k++) {
    const p = checkSeedPart(parts[k], `deriveSeed: part ${k}`);
    h = fmix32((h + 0x9e3779b9 + k) ^ (p >>> 0));
    h = fmix32(h ^ (Math.floor(p / 4294967296) >>> 0));
  }
  return h;
}

/** Serializable state of a `Random` (four 32-bit words plus the cached normal, if any). */
export interface RandomState {
  /** The four xoshiro128** words. */
  readonly s: readonly [number, number, number, number];
  /** The spare Gaussian deviate from the polar method, or null. */
  readonly spare: number | null;
}

/** Fast seeded 32-bit PRNG (xoshiro128**): uniform, normal, int, shuffle; same seed ⇒ same stream. */
export class Random implements Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /** Creates a generator from an integer seed (any safe integer; mixed, so 0, 1, 2 give unrelated streams). */
  constructor(seed = 0) {
    checkSeedPart(seed, "Random: seed");
    let x = deriveSeed(seed);
    const next = (): number => {
      // SplitMix32 step
      x = (x + 0x9e3779b9) >>> 0;
      return fmix32(x);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw unsigned 32-bit output. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [low, high) (default [0, 1)), 53 random bits from two outputs. */
  uniform(low = 0, high = 1): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    const u = (a * 67108864 + b) / 9007199254740992;
    return low === 0 && high === 1 ? u : low + (high - low) * u;
  }

  /** Gaussian deviate (Marsaglia polar method; caches the second value). */
  normal(mean = 0, std = 1): number {
    let z: number;
    if (this.spare !== null) {
      z = this.spare;
      this.spare = null;
    } else {
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * this.uniform() - 1;
        v = 2 * this.uniform() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      this.spare = v * f;
      z = u * f;
    }
    return mean + std * z;
  }

  /** Uniform integer in [0, n) without modulo bias, for 1 <= n <= 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
      throw new RangeError(`Random.int: n must be an integer in 1..2^32, got ${n}`);
    }
    if (n === 4294967296) return this.nextUint32();
    // reject the top partial block: limit is the largest multiple of n not above 2^32
    const limit = 4294967296 - (4294967296 % n);
    let x: number;
    do {
      x = this.nextUint32();
    } while (x >= limit);
    return x % n;
  }

  /** Fisher–Yates shuffle of `x` in place (Durstenfeld 1964); returns `x`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any indexable array (typed or plain) of any element type
  shuffle<T extends { length: number; [i: number]: any }>(x: T): T {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    return x;
  }

  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("Random.choice: the array is empty");
    return items[this.int(items.length)];
  }

  /** Snapshot of the state, for saving and restoring a stream. */
  getState(): RandomState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spare: this.spare };
  }

  /** Restores a state taken with `getState`. */
  setState(state: RandomState): void {
    [this.s0, this.s1, this.s2, this.s3] = state.s.map((w) => w | 0) as [number, number, number, number];
    this.spare = state.spare;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Creates a `Random` from a seed, optionally derived: `createRng(studySeed, trialNumber)`. */
export function createRng(seed = 0, ...parts: number[]): Random {
  return new Random(parts.length ? deriveSeed(seed, ...parts) : seed);
}

/** mulberry32 (Tommy Ettinger's 32-bit PRNG, one 32-bit state): a function drawing uniforms in [0, 1) from `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
