// The schedules against the closed forms of Keras' keras.optimizers.schedules (and Smith 2017's triangular
// cycle), at hand-computed points, including the examples of Keras' documentation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkLrSchedule, learningRateAt, lrScheduleValues, type LrScheduleSpec } from "../../src/train/lr-schedule.js";

const close = (a: number, b: number, what: string, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

test("ExponentialDecay: lr0 · rate^(step / decaySteps), staircase floors the exponent (Keras' doc example 0.1, 1e5, 0.96)", () => {
  const s: LrScheduleSpec = { kind: "exponential", decaySteps: 100000, decayRate: 0.96 };
  close(learningRateAt(s, 0, 0.1), 0.1, "step 0");
  close(learningRateAt(s, 50000, 0.1), 0.1 * Math.sqrt(0.96), "half a period");
  close(learningRateAt(s, 100000, 0.1), 0.096, "one period");
  close(learningRateAt(s, 250000, 0.1), 0.1 * 0.96 ** 2.5, "2.5 periods");
  const st: LrScheduleSpec = { ...s, staircase: true };
  close(learningRateAt(st, 99999, 0.1), 0.1, "staircase before the first drop");
  close(learningRateAt(st, 250000, 0.1), 0.1 * 0.96 * 0.96, "staircase after two drops");
});

test("step decay is the staircase exponential decay: lr0 · factor^⌊step / every⌋", () => {
  const s: LrScheduleSpec = { kind: "step", every: 5, factor: 0.5 };
  assert.deepEqual(lrScheduleValues(s, 12, 0.008), [0.008, 0.008, 0.008, 0.008, 0.008, 0.004, 0.004, 0.004, 0.004, 0.004, 0.002, 0.002]);
  for (let step = 0; step < 30; step++) {
    close(learningRateAt(s, step, 1e-3), learningRateAt({ kind: "exponential", decaySteps: 5, decayRate: 0.5, staircase: true }, step, 1e-3), `step ${step}`);
  }
});

test("PolynomialDecay: (lr0 − end)(1 − t/T)^power + end, clamped at T; cycle restarts with T·⌈step/T⌉ (Keras' doc example)", () => {
  const s: LrScheduleSpec = { kind: "polynomial", decaySteps: 10000, endLr: 0.01, power: 0.5 };
  close(learningRateAt(s, 0, 0.1), 0.1, "start");
  close(learningRateAt(s, 7500, 0.1), 0.09 * 0.5 + 0.01, "three quarters: (1 − 0.75)^0.5 = 0.5");
  close(learningRateAt(s, 10000, 0.1), 0.01, "end");
  close(learningRateAt(s, 20000, 0.1), 0.01, "clamped past the end");
  const linear: LrScheduleSpec = { kind: "polynomial", decaySteps: 10 };
  close(learningRateAt(linear, 5, 1), 0.5 * (1 - 1e-4) + 1e-4, "Keras' default end 1e-4 × lr0 (0.0001 for lr0 = 1), power 1");
  const cyc: LrScheduleSpec = { kind: "polynomial", decaySteps: 10, endLr: 0, cycle: true };
  close(learningRateAt(cyc, 0, 1), 1, "cycle at step 0 uses T");
  close(learningRateAt(cyc, 15, 1), 1 - 15 / 20, "cycle: T becomes 20 for step 15");
  close(learningRateAt(cyc, 20, 1), 0, "cycle: the end of the second period");
});

test("InverseTimeDecay: lr0 / (1 + rate · step / T), staircase floors (Keras' doc example 0.1, T 1.0, rate 0.5)", () => {
  const s: LrScheduleSpec = { kind: "inverse-time", decaySteps: 1, decayRate: 0.5 };
  close(learningRateAt(s, 0, 0.1), 0.1, "start");
  close(learningRateAt(s, 2, 0.1), 0.05, "step 2");
  close(learningRateAt({ kind: "inverse-time", decaySteps: 4, decayRate: 1, staircase: true }, 7, 1), 0.5, "staircase: ⌊7/4⌋ = 1");
});

test("PiecewiseConstantDecay: values[i] while step ≤ boundaries[i] (Keras' doc example [100000, 110000] → [1, 0.5, 0.1])", () => {
  const s: LrScheduleSpec = { kind: "piecewise", boundaries: [100000, 110000], values: [1, 0.5, 0.1] };
  assert.equal(learningRateAt(s, 0, 9), 1);
  assert.equal(learningRateAt(s, 100000, 9), 1, "the boundary itself still has the earlier value");
  assert.equal(learningRateAt(s, 100001, 9), 0.5);
  assert.equal(learningRateAt(s, 110000, 9), 0.5);
  assert.equal(learningRateAt(s, 110001, 9), 0.1);
});

test("CosineDecay: lr0((1 − α)·½(1 + cos(π t/T)) + α) clamped at T; Keras 3 warmup climbs linearly to warmupTarget first", () => {
  const s: LrScheduleSpec = { kind: "cosine", decaySteps: 20, alpha: 0.1 };
  close(learningRateAt(s, 0, 0.01), 0.01, "start");
  close(learningRateAt(s, 10, 0.01), 0.01 * (0.9 * 0.5 + 0.1), "half way");
  close(learningRateAt(s, 5, 0.01), 0.01 * (0.9 * 0.5 * (1 + Math.SQRT1_2) + 0.1), "a quarter: cos(π/4)");
  close(learningRateAt(s, 20, 0.01), 0.001, "end = α · lr0");
  close(learningRateAt(s, 40, 0.01), 0.001, "clamped");
  const w: LrScheduleSpec = { kind: "cosine", decaySteps: 10, warmupSteps: 4, warmupTarget: 0.01, alpha: 0 };
  close(learningRateAt(w, 0, 0), 0, "warmup starts at lr0");
  close(learningRateAt(w, 1, 0), 0.0025, "warmup: a quarter of the way");
  close(learningRateAt(w, 4, 0), 0.01, "warmup ends at the target");
  close(learningRateAt(w, 9, 0), 0.005, "decay from the target: half of T after the warmup");
  close(learningRateAt(w, 14, 0), 0, "end");
  close(learningRateAt(w, 100, 0), 0, "clamped at T + warmup");
});

test("cyclical (Smith 2017): triangular between lr0 and maxLr with half-cycle stepSize; triangular2 halves each cycle", () => {
  const s: LrScheduleSpec = { kind: "cyclical", maxLr: 0.006, stepSize: 2 };
  const v = lrScheduleValues(s, 9, 0.001);
  [0.001, 0.0035, 0.006, 0.0035, 0.001, 0.0035, 0.006, 0.0035, 0.001].forEach((x, i) => close(v[i], x, `step ${i}`));
  const h = lrScheduleValues({ ...s, mode: "triangular2" }, 9, 0.001);
  close(h[2], 0.006, "first peak");
  close(h[6], 0.001 + 0.005 / 2, "second peak is half as high");
});

test("schedules are checked with the field and what was expected named; unknown keys get a suggestion", () => {
  const bad: [unknown, RegExp][] = [
    [{ kind: "linear" }, /kind must be one of "step", "exponential"/],
    [{ kind: "step" }, /every must be a positive number, got undefined/],
    [{ kind: "step", every: 2, factor: 2 }, /factor must be in \(0, 1\], got 2/],
    [{ kind: "exponential", decaySteps: 10, decayRate: 0.9, stairCase: true }, /unknown option stairCase; did you mean staircase\?/],
    [{ kind: "piecewise", boundaries: [5, 3], values: [1, 2, 3] }, /boundaries must be increasing/],
    [{ kind: "piecewise", boundaries: [5], values: [1] }, /one more entry than boundaries/],
    [{ kind: "cosine", decaySteps: 10, warmupSteps: 3 }, /warmupSteps needs warmupTarget/],
    [{ kind: "cyclical", maxLr: 0.1, stepSize: 4, mode: "exp" }, /mode must be "triangular" or "triangular2"/],
    [{ kind: "cosine", decaySteps: 10, unit: "iteration" }, /unit must be "epoch" or "batch"/],
    [null, /expected a schedule object/],
  ];
  for (const [spec, re] of bad) assert.throws(() => checkLrSchedule(spec), re, JSON.stringify(spec));
});
