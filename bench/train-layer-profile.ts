// Where one training step of the chapter model spends its time, per layer and direction (forward,
// backward), the loss and Adam, plus what no kernel accounts for:
//   node --import tsx bench/train-layer-profile.ts [wasm|cpu] [--engine fused|tfjs] [--steps 16] [--batch 64] [--by-kernel]
// The step is trainModel's (Keras BCE + L2 at reg 0.01, Adam) on the real buildModel.
// --engine fused (the default): the fused engine's step on one thread, every program record and
//   main-thread part timed in wall time (pin it: taskset -c 1).
// --engine tfjs: optimizer.minimize over model.apply on tfjs' kernels (ours registered), in CPU time
//   (process.cpuUsage); kernels are tagged with the layer whose call created them, a backward kernel
//   with the layer of the tape node whose gradient it computes; "outside kernels" is tfjs' engine
//   (tape, tensor bookkeeping, dispatch).
import * as tf from "@tensorflow/tfjs";
import { ensureBackend, fusedAdam, FusedEngine } from "../src/backend/index.js";
import { buildModel } from "../src/chapter/build-model.js";
import { syntheticData } from "./chapter-model.js";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : dflt;
}
const backend = (process.argv[2] && !process.argv[2].startsWith("--") ? process.argv[2] : "wasm") as "wasm" | "cpu";
const steps = Number(arg("steps", "16"));
const batch = Number(arg("batch", "64"));
const byKernel = process.argv.includes("--by-kernel");
await ensureBackend({ backend, quiet: true });
if (arg("engine", "fused") === "fused") {
  await profileFused();
  process.exit(0);
}

/** The fused engine's step, part by part. */
async function profileFused(): Promise<void> {
  const model = buildModel({ seed: 1, reg: 0.01 });
  const engine = FusedEngine.create(model, { threads: 1 });
  if (typeof engine === "string") throw new Error(engine);
  const opt = fusedAdam(1e-3, 0.9, 0.999, 1e-7);
  const { x, y } = syntheticData(batch * steps);
  const index = (i: number): Int32Array => Int32Array.from({ length: batch }, (_, r) => i * batch + r);
  engine.beginTraining(opt);
  for (let i = 0; i < 2 * steps; i++) engine.trainStep({ features: x, labels: y, index: index(i % steps) }, opt); // warm up
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) engine.trainStep({ features: x, labels: y, index: index(i) }, opt);
  const plain = performance.now() - t0;
  // per part, the median over steps of its time in a step: robust to the preemptions of a shared machine
  const samples = new Map<string, number[]>();
  let current = new Map<string, number>();
  const time = <T>(label: string, part: () => T): T => {
    const t = performance.now();
    try {
      return part();
    } finally {
      current.set(label, (current.get(label) ?? 0) + performance.now() - t);
    }
  };
  const stepTimes: number[] = [];
  for (let i = 0; i < steps; i++) {
    current = new Map();
    const t = performance.now();
    engine.profileStep({ features: x, labels: y, index: index(i) }, opt, time);
    stepTimes.push(performance.now() - t);
    for (const [k, v] of current) (samples.get(k) ?? samples.set(k, []).get(k)!).push(v);
  }
  engine.endTraining(opt);
  const med = (v: number[]): number => {
    const s = [...v].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)]!;
  };
  const parts = new Map([...samples].map(([k, v]) => [k, med(v) * steps] as const));
  const timed = med(stepTimes) * steps;
  const total = [...parts.values()].reduce((a, b) => a + b, 0);
  console.log(
    `fused engine, 1 thread, batch ${batch}, ${steps} steps: ${(plain / steps).toFixed(3)} ms/step = ${(((batch * steps) / plain) * 1000).toFixed(0)} ex/s (mean); profiled: median step ${(timed / steps).toFixed(3)} ms, parts are medians over steps`,
  );
  const layers = engine.plan.layers.map((l) => l.name);
  const f = engine.fold ? [`${layers[0]}+${layers[1]}`, ...layers.slice(2)] : layers;
  console.log(`${"part".padEnd(34)} ${"forward".padStart(18)} ${"backward".padStart(18)}`);
  const ms = (v: number): string => `${(v / steps).toFixed(3).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)} %`;
  const used = new Set<string>();
  for (const name of f) {
    const fw = parts.get(`${name} forward`) ?? 0,
      bw = parts.get(`${name} backward`) ?? 0;
    used.add(`${name} forward`).add(`${name} backward`);
    if (fw === 0 && bw === 0) continue;
    console.log(`${name.padEnd(34)} ${ms(fw)} ${ms(bw)}`);
  }
  for (const [label, v] of [...parts].sort((p, q) => q[1] - p[1])) if (!used.has(label)) console.log(`${label.padEnd(34)} ${ms(v)}`);
  console.log(`${"outside the timed parts".padEnd(34)} ${ms(timed - total)}`);
}

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
let tag = "other"; // "<layer> fwd" / "<layer> bwd" / "loss fwd" / "adam" …
let on = false;
const byTag = new Map<string, { us: number; n: number; kernels: Map<string, number> }>();
for (const k of tf.getKernelsForBackend(backend)) {
  const f = k.kernelFunc;
  tf.unregisterKernel(k.kernelName, backend);
  tf.registerKernel({
    ...k,
    kernelFunc: (args) => {
      if (!on) return f(args);
      const t = cpuUs();
      const out = f(args);
      const dt = cpuUs() - t;
      const a = byTag.get(tag) ?? { us: 0, n: 0, kernels: new Map<string, number>() };
      a.us += dt;
      a.n++;
      a.kernels.set(k.kernelName, (a.kernels.get(k.kernelName) ?? 0) + dt);
      byTag.set(tag, a);
      return out;
    },
  });
}
await tf.setBackend("cpu");
await tf.setBackend(backend); // re-run kernel setup on the wrapped configs

// Backward attribution: every tape node remembers the forward tag it was recorded under.
type TapeNode = { gradient?: (dys: tf.Tensor[]) => unknown };
const engine = tf.engine() as unknown as { addTapeNode: (...a: unknown[]) => void; state: { activeTape: TapeNode[] } };
const addTapeNode = engine.addTapeNode.bind(engine);
engine.addTapeNode = (...a: unknown[]) => {
  addTapeNode(...a);
  const node = engine.state.activeTape[engine.state.activeTape.length - 1];
  const g = node?.gradient;
  if (!node || !g) return;
  const bwd = tag.replace(/ fwd$/, " bwd");
  const tagged = <T>(f: () => T): T => {
    const prev = tag;
    tag = bwd;
    try {
      return f();
    } finally {
      tag = prev;
    }
  };
  // a gradient function returns one thunk per input, run later by the backward pass: tag those too
  node.gradient = (dys) =>
    tagged(() => {
      const thunks = g(dys) as Record<string, () => tf.Tensor>;
      return Object.fromEntries(Object.entries(thunks).map(([k, t]) => [k, () => tagged(t)]));
    });
};

const model = buildModel({ seed: 1, reg: 0.01 });
for (const layer of model.layers) {
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    const prev = tag;
    tag = `${layer.name} fwd`;
    try {
      return call(inputs, kwargs);
    } finally {
      tag = prev;
    }
  };
}
const optimizer = fusedAdam(1e-3, 0.9, 0.999, 1e-7);
const applyGradients = optimizer.applyGradients.bind(optimizer);
optimizer.applyGradients = (g) => {
  const prev = tag;
  tag = "adam";
  try {
    applyGradients(g);
  } finally {
    tag = prev;
  }
};
const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
const { x, y } = syntheticData(batch * steps);
const xs = tf.tensor2d(x, [batch * steps, 190], "int32"),
  ys = tf.tensor2d(y, [batch * steps, 1]);
const batches = Array.from({ length: steps }, (_, i) => [xs.slice(i * batch, batch), ys.slice(i * batch, batch)] as const);

/** trainModel's step: Keras BCE of clipped probabilities + the L2 penalties, minimized by Adam. */
async function step(bx: tf.Tensor, by: tf.Tensor): Promise<void> {
  const loss = optimizer.minimize(
    () => {
      const p = model.apply(bx, { training: true }) as tf.Tensor;
      tag = "loss fwd";
      const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
      const nll = tf.neg(tf.add(tf.mul(by, tf.log(q)), tf.mul(tf.sub(1, by), tf.log(tf.sub(1, q)))));
      const bce = tf.mean(nll) as tf.Scalar;
      const regs = model.calculateLosses();
      const total = regs.length ? (tf.addN([bce, ...regs]) as tf.Scalar) : bce;
      tag = "other";
      return total;
    },
    true,
    variables,
  );
  await loss!.data();
  loss!.dispose();
}

for (let i = 0; i < 4; i++) await step(batches[i % steps]![0], batches[i % steps]![1]); // warm up
const m0 = tf.memory().numTensors;
let c0 = cpuUs();
for (const [bx, by] of batches) await step(bx, by);
const plain = cpuUs() - c0;
on = true;
c0 = cpuUs();
for (const [bx, by] of batches) await step(bx, by);
const timed = cpuUs() - c0;
on = false;
if (tf.memory().numTensors !== m0) console.log(`warning: ${tf.memory().numTensors - m0} tensors leaked over ${2 * steps} steps`);

const ms = (us: number): string => (us / steps / 1000).toFixed(3).padStart(7);
const pct = (us: number): string => `${((100 * us) / timed).toFixed(1).padStart(5)} %`;
const kernelUs = [...byTag.values()].reduce((s, a) => s + a.us, 0);
console.log(
  `${backend}, batch ${batch}, ${steps} steps: ${(plain / steps / 1000).toFixed(2)} ms CPU/step unprofiled = ${(((batch * steps) / plain) * 1e6).toFixed(0)} ex/CPU-s; profiled ${(timed / steps / 1000).toFixed(2)} ms/step`,
);
console.log(`${"part".padEnd(22)} ${"forward".padStart(17)} ${"backward".padStart(17)}   kernels fwd+bwd (calls/step)`);
const parts = ["embedding", ...model.layers.slice(1).map((l) => l.name), "loss"];
const row = (label: string, fwd: ReturnType<typeof byTag.get>, bwd: ReturnType<typeof byTag.get>): void => {
  const f = fwd?.us ?? 0,
    b = bwd?.us ?? 0;
  const calls = ((fwd?.n ?? 0) + (bwd?.n ?? 0)) / steps;
  let detail = `${calls.toFixed(0)}`;
  if (byKernel) {
    const k = new Map<string, number>();
    for (const a of [fwd, bwd]) for (const [n, us] of a?.kernels ?? []) k.set(n, (k.get(n) ?? 0) + us);
    detail +=
      "  " +
      [...k]
        .sort((p, q) => q[1] - p[1])
        .slice(0, 5)
        .map(([n, us]) => `${n} ${(us / steps / 1000).toFixed(2)}`)
        .join(", ");
  }
  console.log(`${label.padEnd(22)} ${ms(f)} ms ${pct(f)} ${ms(b)} ms ${pct(b)}   ${detail}`);
};
for (const p of parts) row(p, byTag.get(`${p} fwd`), byTag.get(`${p} bwd`));
const adam = byTag.get("adam"),
  other = byTag.get("other");
console.log(`${"adam".padEnd(22)} ${ms(adam?.us ?? 0)} ms ${pct(adam?.us ?? 0)}   (${((adam?.n ?? 0) / steps).toFixed(0)} kernel calls/step)`);
console.log(
  `${"untagged kernels".padEnd(22)} ${ms(other?.us ?? 0)} ms ${pct(other?.us ?? 0)}   (${((other?.n ?? 0) / steps).toFixed(0)} calls/step: gradient sums, casts)`,
);
console.log(`${"outside kernels".padEnd(22)} ${ms(timed - kernelUs)} ms ${pct(timed - kernelUs)}   (tfjs engine: tape, tensor bookkeeping, layers' JS)`);
