// Profiles the chapter model's training step per kernel in CPU time (robust on a shared machine):
// `node --import tsx bench/train-profile.ts [wasm|cpu] [steps] [--stock] [--fused-adam] [--infer]`.
// Every kernel of the backend is wrapped with a process.cpuUsage() timer (≈1 µs each).
import * as tf from "@tensorflow/tfjs";
import { ensureBackend, fusedAdam, unregisterKernels } from "../src/backend/index.js";
import { chapterModel, syntheticData } from "./chapter-model.js";

const backend = (process.argv[2] ?? "wasm") as "wasm" | "cpu";
const steps = Number(process.argv[3] ?? 8);
await ensureBackend({ backend, quiet: true });
if (process.argv.includes("--stock")) unregisterKernels(backend);

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const agg = new Map<string, { us: number; n: number }>();
let on = false;
for (const k of tf.getKernelsForBackend(backend)) {
  const f = k.kernelFunc;
  tf.unregisterKernel(k.kernelName, backend);
  tf.registerKernel({
    ...k,
    kernelFunc: (args) => {
      if (!on) return f(args);
      const t = cpuUs();
      const out = f(args);
      const a = agg.get(k.kernelName) ?? { us: 0, n: 0 };
      a.us += cpuUs() - t;
      a.n++;
      agg.set(k.kernelName, a);
      return out;
    },
  });
}
await tf.setBackend("cpu");
await tf.setBackend(backend); // re-run kernel setup on the wrapped configs
const model = chapterModel(process.argv.includes("--fused-adam") ? { optimizer: fusedAdam(1e-3) } : {});
const b = 64;
const { x, y } = syntheticData(b * steps);
const xs = tf.tensor2d(x, [b * steps, 190], "int32"),
  ys = tf.tensor2d(y, [b * steps, 1]);
const batches = Array.from({ length: steps }, (_, i) => [xs.slice(i * b, b), ys.slice(i * b, b)] as const);
const infer = process.argv.includes("--infer");
const step = async (bx: tf.Tensor, by: tf.Tensor): Promise<void> => {
  if (infer) tf.tidy(() => (model.predict(bx) as tf.Tensor).dataSync());
  else await model.trainOnBatch(bx, by);
};
for (let i = 0; i < 3; i++) await step(batches[i % steps]![0], batches[i % steps]![1]); // warm up
let c0 = cpuUs();
for (const [bx, by] of batches) await step(bx, by);
const plain = cpuUs() - c0;
on = true;
c0 = cpuUs();
for (const [bx, by] of batches) await step(bx, by);
const timed = cpuUs() - c0;
on = false;
const rows = [...agg].sort((p, q) => q[1].us - p[1].us);
const total = rows.reduce((s, r) => s + r[1].us, 0);
const calls = rows.reduce((s, r) => s + r[1].n, 0);
console.log(
  `${backend}: ${(plain / steps / 1000).toFixed(2)} ms CPU/step unwrapped = ${(((b * steps) / plain) * 1e6).toFixed(0)} ex/CPU-s; wrapped ${(timed / steps / 1000).toFixed(2)} ms/step, kernels ${(total / steps / 1000).toFixed(2)} ms/step in ${calls / steps} calls, rest ${((timed - total) / steps / 1000).toFixed(2)} ms/step`,
);
for (const [name, a] of rows.slice(0, 30))
  console.log(
    `${name.padEnd(24)} ${(a.us / steps / 1000).toFixed(3).padStart(8)} ms/step ${((100 * a.us) / total).toFixed(1).padStart(5)} %  ${(a.n / steps).toFixed(0)} calls/step`,
  );
