// The search benchmark's test functions (minimize), with their spaces and known minima. The same
// definitions live in bench/hpo/optuna_suite.py for the Optuna side; the bench checks at startup
// that both give the same values at the same points. Formulas: Surjanovic & Bingham, "Virtual
// Library of Simulation Experiments" (sfu.ca/~ssurjano), Jamil & Yang 2013 for Styblinski-Tang.
import { categorical, float, int, type SpaceSpec } from "../../src/hpo/space.js";
import { BRANIN_MIN, HARTMANN6_MIN, branin, hartmann6 } from "../../src/hpo/test-functions.js";

type P = Readonly<Record<string, number | string | boolean>>;

/** One benchmark problem. */
export interface SuiteProblem {
  /** Search space spec (names x1 … xd unless mixed). */
  readonly space: SpaceSpec;
  /** The objective as the sampler sees it (noisy for the noisy problem). */
  readonly f: (p: P, rng: () => number) => number;
  /** The noise-free value used to score a trial (= f without noise). */
  readonly truth: (p: P) => number;
  /** The known global minimum. */
  readonly min: number;
  /** What the problem tests. */
  readonly about: string;
}

const box = (d: number, lo: number, hi: number): SpaceSpec => Object.fromEntries(Array.from({ length: d }, (_, i) => [`x${i + 1}`, float(lo, hi)]));
const xs = (p: P, d: number): number[] => Array.from({ length: d }, (_, i) => p[`x${i + 1}`] as number);

function goldsteinPrice(p: P): number {
  const [x, y] = xs(p, 2);
  const a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x * x - 14 * y + 6 * x * y + 3 * y * y);
  const b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x * x + 48 * y - 36 * x * y + 27 * y * y);
  return a * b;
}

function sixHumpCamel(p: P): number {
  const [x, y] = xs(p, 2);
  return (4 - 2.1 * x * x + x ** 4 / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y;
}

const H3_A = [
  [3, 10, 30],
  [0.1, 10, 35],
  [3, 10, 30],
  [0.1, 10, 35],
];
const H3_P = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((r) => r.map((v) => v * 1e-4));
const H_ALPHA = [1.0, 1.2, 3.0, 3.2];

function hartmann3(p: P): number {
  const x = xs(p, 3);
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 3; j++) inner += H3_A[i][j] * (x[j] - H3_P[i][j]) ** 2;
    s += H_ALPHA[i] * Math.exp(-inner);
  }
  return -s;
}

function rosenbrock(p: P, d: number): number {
  const x = xs(p, d);
  let s = 0;
  for (let i = 0; i < d - 1; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
  return s;
}

function ackley(p: P, d: number): number {
  const x = xs(p, d);
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    s1 += v * v;
    s2 += Math.cos(2 * Math.PI * v);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + 20 + Math.E;
}

function rastrigin(p: P, d: number): number {
  return xs(p, d).reduce((s, v) => s + v * v - 10 * Math.cos(2 * Math.PI * v), 10 * d);
}

function levy(p: P, d: number): number {
  const w = xs(p, d).map((v) => 1 + (v - 1) / 4);
  let s = Math.sin(Math.PI * w[0]) ** 2;
  for (let i = 0; i < d - 1; i++) s += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
  s += (w[d - 1] - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[d - 1]) ** 2);
  return s;
}

function styblinskiTang(p: P, d: number): number {
  return xs(p, d).reduce((s, v) => s + (v ** 4 - 16 * v * v + 5 * v) / 2, 0);
}

const ACTIVATION_COST: Readonly<Record<string, number>> = { relu: 0.05, tanh: 0.15, gelu: 0, elu: 0.08 };

/** A synthetic validation loss over a typical network space: log float, log int, int, categorical, stepped float; f* = 0.2. */
function mixedHpo(p: P): number {
  const a = Math.log10(p.lr as number) + 2.7;
  const b = (p.layers as number) - 3;
  return (
    0.2 +
    0.3 * a * a +
    0.05 * b * b +
    0.1 * a * b +
    0.02 * (Math.log2(p.units as number) - 7) ** 2 +
    ACTIVATION_COST[p.activation as string] +
    0.8 * ((p.dropout as number) - 0.25) ** 2
  );
}

/** Standard deviation of the noise of the noisy problem. */
export const NOISE_SD = 0.1;

function gaussian(rng: () => number): number {
  const u = Math.max(rng(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

const exact = (g: (p: P) => number) => ({ f: (p: P) => g(p), truth: g });
const hart6 = (p: P) => hartmann6(p as never);

/** The suite, by name. */
export const SUITE: Readonly<Record<string, SuiteProblem>> = {
  branin: { space: { x1: float(-5, 10), x2: float(0, 15) }, ...exact((p) => branin(p as never)), min: BRANIN_MIN, about: "2-D, three minima" },
  "goldstein-price": { space: box(2, -2, 2), ...exact(goldsteinPrice), min: 3, about: "2-D, values span 3 … 1e6" },
  "six-hump-camel": { space: { x1: float(-3, 3), x2: float(-2, 2) }, ...exact(sixHumpCamel), min: -1.0316284534898774, about: "2-D, six minima" },
  hartmann3: { space: box(3, 0, 1), ...exact(hartmann3), min: -3.8627821478207558, about: "3-D smooth, four minima" },
  rosenbrock4: { space: box(4, -5, 10), ...exact((p) => rosenbrock(p, 4)), min: 0, about: "4-D curved valley, values span 0 … 1e6" },
  ackley5: { space: box(5, -32.768, 32.768), ...exact((p) => ackley(p, 5)), min: 0, about: "5-D, many minima" },
  rastrigin4: { space: box(4, -5.12, 5.12), ...exact((p) => rastrigin(p, 4)), min: 0, about: "4-D, many regular minima" },
  hartmann6: { space: box(6, 0, 1), ...exact(hart6), min: HARTMANN6_MIN, about: "6-D smooth" },
  levy6: { space: box(6, -10, 10), ...exact((p) => levy(p, 6)), min: 0, about: "6-D, many minima" },
  "styblinski-tang8": { space: box(8, -5, 5), ...exact((p) => styblinskiTang(p, 8)), min: -39.166165703771412 * 8, about: "8-D, 2^8 minima" },
  "noisy-hartmann6": {
    space: box(6, 0, 1),
    f: (p, rng) => hart6(p) + NOISE_SD * gaussian(rng),
    truth: hart6,
    min: HARTMANN6_MIN,
    about: `6-D, Gaussian noise sd ${NOISE_SD}; scored by the true value of the best observed trial`,
  },
  "mixed-hpo": {
    space: {
      lr: float(1e-5, 1e-1, { log: true }),
      units: int(8, 512, { log: true }),
      layers: int(1, 6),
      activation: categorical(["relu", "tanh", "gelu", "elu"]),
      dropout: float(0, 0.6, { step: 0.05 }),
    },
    ...exact(mixedHpo),
    min: 0.2,
    about: "5-D mixed: log float, log int, int, categorical, stepped float",
  },
};

/** Fixed points per problem (unit-cube fractions) at which the two implementations must agree. */
export const CHECK_FRACTIONS: readonly number[] = [0.1, 0.37, 0.5, 0.83];
