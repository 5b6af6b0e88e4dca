// The synthetic learning-curve benchmark of docs/learning-curve-benchmark.md: 100 configurations ×
// 27 epochs of validation loss a + b·t^(−c) + 0.01·N(0,1) from one mulberry32 stream, and 50 fixed
// Fisher–Yates orders, so that schedulers can be compared with Optuna 3.1's pruners on the same curves.

import { mulberry32 } from "../../util/rng.js";

/** mulberry32, re-exported here for the benchmark's users (it lives in src/util/rng.ts). */
export { mulberry32 };

/** The benchmark: `curves[i][t-1]` is configuration i's loss at epoch t; `orders[k]` is run k's permutation. */
export interface LearningCurveBenchmark {
  /** 100 curves of 27 epochs each. */
  readonly curves: readonly (readonly number[])[];
  /** 50 permutations of 0..99. */
  readonly orders: readonly (readonly number[])[];
  /** Final (epoch-27) loss of each configuration. */
  readonly finals: readonly number[];
  /** Index of the configuration with the lowest final loss (51). */
  readonly bestConfig: number;
  /** Its final loss (0.321865…). */
  readonly bestFinal: number;
  /** Epochs per curve (27). */
  readonly epochs: number;
}

/** Builds the benchmark exactly as specified (configurations, epochs and orders are the spec's defaults). */
export function learningCurveBenchmark(nConfigs = 100, epochs = 27, nOrders = 50): LearningCurveBenchmark {
  const r = mulberry32(12345);
  const normal = (): number => {
    const u = r();
    const v = r();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  };
  const curves: number[][] = [];
  for (let i = 0; i < nConfigs; i++) {
    const u1 = r();
    const u2 = r();
    const u3 = r();
    const c = 0.1 + 1.2 * u1; // learning speed
    const a = 0.1 + 0.25 * u1 + 0.15 * u2; // asymptote
    const b = 0.5 + 1.0 * u3;
    const loss: number[] = [];
    for (let t = 1; t <= epochs; t++) loss.push(a + b * Math.pow(t, -c) + 0.01 * normal());
    curves.push(loss);
  }
  const orders: number[][] = [];
  for (let k = 0; k < nOrders; k++) {
    const rk = mulberry32(1000 + k);
    const perm = Array.from({ length: nConfigs }, (_, i) => i);
    for (let i = nConfigs - 1; i >= 1; i--) {
      const j = Math.floor(rk() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    orders.push(perm);
  }
  const finals = curves.map((l) => l[epochs - 1]);
  let bestConfig = 0;
  for (let i = 1; i < nConfigs; i++) if (finals[i] < finals[bestConfig]) bestConfig = i;
  return { curves, orders, finals, bestConfig, bestFinal: finals[bestConfig], epochs };
}

/** Rank of a final loss among the benchmark's configurations: 1 + the number strictly lower. */
export function benchmarkRank(bench: LearningCurveBenchmark, finalLoss: number): number {
  return 1 + bench.finals.filter((v) => v < finalLoss).length;
}
