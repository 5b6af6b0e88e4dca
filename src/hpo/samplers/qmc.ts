// Quasi-random search with a scrambled Halton sequence (Halton 1960; random digit permutations
// as in Owen 2017, "A randomized Halton algorithm in R", without the nesting): trial k gets point
// k of the sequence, so parallel asks never collide and the design fills the cube evenly.
import { createRng } from "../../util/rng.js";
import { decode } from "../transform.js";
import type { Sample, SampleContext, Sampler } from "../types.js";
import { checkOptions, optionKeys } from "../../util/options.js";

const QMC_KEYS = optionKeys<QmcOptions>({ seed: true, scramble: true });

/** Options of `qmcSampler`. */
export interface QmcOptions {
  /** Seed of the digit scrambling (fixed per study so all its trials share one sequence). @default the study's seed */
  seed?: number;
  /** Scramble the digits (false gives the classic Halton points, starting after the origin). @default true */
  scramble?: boolean;
}

/** The first `count` primes. */
export function firstPrimes(count: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < count; c++) if (out.every((p) => c % p !== 0)) out.push(c);
  return out;
}

/** Digit permutations per dimension and digit position: [dim][digit] → permutation of 0..base−1. */
function scrambles(dims: number, seed: number): number[][][] {
  const rng = createRng(seed, 0x51ed);
  return firstPrimes(dims).map((b) => {
    const digits = Math.ceil(52 / Math.log2(b));
    return Array.from({ length: digits }, () => rng.shuffle(Array.from({ length: b }, (_, i) => i)));
  });
}

/** Point `index` (0-based) of the (scrambled) Halton sequence in [0,1)^dims. */
export function haltonPoint(index: number, dims: number, perms?: readonly (readonly (readonly number[])[])[]): Float64Array {
  if (!(Number.isSafeInteger(index) && index >= 0)) throw new RangeError(`haltonPoint: index must be a non-negative integer, got ${index}`);
  const primes = firstPrimes(dims);
  const out = new Float64Array(dims);
  for (let j = 0; j < dims; j++) {
    const b = primes[j];
    let f = 1 / b;
    let x = 0;
    let i = index;
    if (perms === undefined) {
      for (; i > 0; i = Math.floor(i / b), f /= b) x += f * (i % b);
    } else {
      // every digit position is permuted, including the leading zeros, up to double precision
      for (const perm of perms[j]) {
        x += f * perm[i % b];
        i = Math.floor(i / b);
        f /= b;
      }
    }
    out[j] = Math.min(x, 1 - 2 ** -53);
  }
  return out;
}

/** Quasi-random sampler: trial number k → Halton point k (k + 1 without scrambling, to skip the origin). */
export class QmcSampler implements Sampler {
  readonly name = "qmc";
  /** It ignores the objective, so it serves multi-objective studies as well. */
  readonly multiObjective = true;
  private readonly seed: number | undefined;
  private readonly scramble: boolean;
  private perms: { seed: number; perms: number[][][] } | undefined;

  /** Creates a Halton sampler. */
  constructor(options: QmcOptions = {}) {
    checkOptions("qmcSampler", options, QMC_KEYS);
    this.seed = options.seed;
    if (this.seed !== undefined && !Number.isSafeInteger(this.seed)) throw new RangeError(`qmcSampler: seed must be an integer, got ${this.seed}`);
    this.scramble = options.scramble ?? true;
  }

  /** Point number `context.number` of the sequence, decoded through the unit-cube transform. */
  sample(context: SampleContext): Sample {
    const d = context.space.names.length;
    // the scrambling is a function of the seed only, cached for the last seed seen
    const seed = this.seed ?? context.seed ?? 0;
    if (this.scramble && (this.perms === undefined || this.perms.seed !== seed || this.perms.perms.length < d))
      this.perms = { seed, perms: scrambles(d, seed) };
    const index = this.scramble ? context.number : context.number + 1;
    const u = haltonPoint(index, d, this.scramble ? this.perms!.perms : undefined);
    return { params: decode(context.space, u), why: `qmc: ${this.scramble ? "scrambled " : ""}Halton point ${index}` };
  }
}

/** Creates a quasi-random (Halton) sampler. */
export function qmcSampler(options: QmcOptions = {}): QmcSampler {
  return new QmcSampler(options);
}
