// Mersenne Twister MT19937 with numpy's legacy `RandomState` behaviour.
// Algorithm: Matsumoto & Nishimura, "Mersenne Twister: a 623-dimensionally equidistributed uniform
// pseudo-random number generator", ACM TOMACS 8(1), 1998 (init_genrand 2002 revision).
// numpy parity: `RandomState(seed)` = init_genrand(seed); `shuffle` walks i = n-1..1 and swaps
// x[i] with x[j], j drawn by `random_interval(i)` (mask to the smallest 2^k-1 >= i, reject > i,
// 32-bit draws when i < 2^32); `random_sample` = 53-bit double from two draws (a>>5, b>>6).

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** Serializable MT19937 state: the 624-word key and the position in it. */
export interface Mt19937State {
  /** The 624 32-bit words of the state vector. */
  readonly key: readonly number[];
  /** Index of the next word to temper (0..624). */
  readonly pos: number;
}

/** MT19937 generator bit-compatible with numpy's legacy `np.random.RandomState` (seed, shuffle, random_sample). */
export class MT19937 {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;

  /** Creates a generator seeded like `np.random.RandomState(seed)` (integer 0..2^32-1, or an array of such integers). */
  constructor(seed: number | readonly number[] = 5489) {
    this.seed(seed);
  }

  /** Re-seeds like `np.random.seed(seed)`: an integer uses init_genrand, an array uses init_by_array. */
  seed(seed: number | readonly number[]): void {
    if (typeof seed === "number") {
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
        throw new RangeError(`MT19937 seed must be an integer in 0..2^32-1, got ${seed}`);
      }
      this.initGenrand(seed);
      return;
    }
    if (seed.length === 0) throw new RangeError("MT19937 seed array must not be empty");
    for (const s of seed) {
      if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
        throw new RangeError(`MT19937 seed array entries must be integers in 0..2^32-1, got ${s}`);
      }
    }
    this.initByArray(seed);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i, modulo 2^32 (Math.imul keeps the product exact)
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = N;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.mti = N;
  }

  private generate(): void {
    const mt = this.mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.mti = 0;
  }

  /** Next raw 32-bit output (numpy's `next_uint32`), as an unsigned integer. */
  nextUint32(): number {
    if (this.mti >= N) this.generate();
    let y = this.mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Next double in [0, 1) with 53 random bits, identical to numpy's legacy `random_sample()`. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform integer in [0, max] by masked rejection, identical to numpy's `random_interval(max)` for max < 2^32. */
  interval(max: number): number {
    if (!Number.isInteger(max) || max < 0 || max > 0xffffffff) {
      throw new RangeError(`MT19937.interval: max must be an integer in 0..2^32-1, got ${max}`);
    }
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (this.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /** Shuffles `x` in place exactly like numpy's legacy `RandomState.shuffle` on a 1-D array; returns `x`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any indexable array (typed or plain) of any element type
  shuffle<T extends { length: number; [i: number]: any }>(x: T): T {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    return x;
  }

  /** Like numpy's `RandomState.permutation(n)`: a shuffled copy of 0..n-1 as an Int32Array. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new RangeError(`MT19937.permutation: n must be a non-negative integer, got ${n}`);
    }
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    return this.shuffle(idx);
  }

  /** Snapshot of the state (like `RandomState.get_state()[1:3]`), for saving and restoring. */
  getState(): Mt19937State {
    return { key: Array.from(this.mt), pos: this.mti };
  }

  /** Restores a state taken with `getState`. */
  setState(state: Mt19937State): void {
    if (state.key.length !== N || !(state.pos >= 0 && state.pos <= N)) {
      throw new RangeError(`MT19937.setState: expected ${N} key words and pos in 0..${N}`);
    }
    this.mt.set(state.key);
    this.mti = state.pos;
  }
}

/** Indices 0..n-1 shuffled as by `np.random.seed(seed); i = np.arange(n); np.random.shuffle(i)`. */
export function numpyShuffledIndices(n: number, seed = 0): Int32Array {
  return new MT19937(seed).permutation(n);
}
