// One benchmark run in its own process (so taskset applies): trains the chapter model with trainModel
// and infers with predictScores, prints one JSON line (the fields of bench/train_torch.py).
// Usage: node --import tsx bench/train-worker.ts [--backend wasm|cpu|node] [--engine fused|tfjs] [--threads 1]
//        [--epochs 3] [--infer-reps 3] [--infer-batch 256]
// Training pass only, as the Python twins: no validation split; one warm-up epoch, then the timed ones
// (timed from the first timed epoch's start to the last one's end, per-epoch AUC included).
import * as tf from "@tensorflow/tfjs";
import { ensureBackend } from "../src/backend/index.js";
import { buildModel } from "../src/chapter/build-model.js";
import type { Dataset } from "../src/data/types.js";
import { rocAuc } from "../src/train/metrics.js";
import { predictScores } from "../src/train/evaluate.js";
import { trainModel } from "../src/train/train-model.js";
import { loadBenchData } from "./hemo-data.js";
import { helperThreads } from "../src/backend/fused/helper-threads.js";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : dflt;
}
const backend = arg("backend", "wasm") as "wasm" | "cpu" | "node";
const engine = arg("engine", "fused") as "fused" | "tfjs";
const threads = Number(arg("threads", "1"));
const epochs = Number(arg("epochs", "3"));
const inferReps = Number(arg("infer-reps", "3"));
const inferBatch = Number(arg("infer-batch", "256"));

async function main(): Promise<void> {
  try {
    await ensureBackend({ backend, quiet: true });
  } catch (e) {
    console.log(JSON.stringify({ backend, error: (e as Error).message.split("\n")[0] }));
    return;
  }
  const data = loadBenchData();
  const nTrain = 7454,
    L = data.length;
  const rows = (from: number, to: number): Dataset => ({
    features: data.x.subarray(from * L, to * L),
    labels: data.y.subarray(from, to),
    count: to - from,
    length: L,
  });
  const train = rows(0, nTrain),
    test = rows(nTrain, data.n);
  const model = buildModel({ seed: 0, reg: 0 }); // the twins have no L2 either
  const starts: number[] = [],
    ends: number[] = [];
  const cpuAt: number[] = [];
  let jobs0 = { posted: 0, ranByCaller: 0 };
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const h = await trainModel(
    model,
    { train },
    {
      epochs: 1 + epochs,
      batchSize: 64,
      lr: 1e-3,
      seed: 0,
      verbose: 0,
      engine,
      threads,
      callbacks: [
        {
          onEpochBegin: (e) => {
            if (e === 1) {
              jobs0 = { ...helperThreads().counts };
              starts.push(performance.now());
              cpuAt.push(cpu());
            }
          },
          onEpochEnd: () => {
            ends.push(performance.now());
            cpuAt.push(cpu());
          },
        },
      ],
    },
  );
  const jobs = helperThreads().counts;
  const helperJobs = { posted: jobs.posted - jobs0.posted, ranByCaller: jobs.ranByCaller - jobs0.ranByCaller };
  // per timed epoch: a run's own spread (a stalled thread slows a whole phase)
  const epochPerSec = ends.slice(1).map((t, k) => Math.round(nTrain / ((t - ends[k]!) / 1000)));
  const trainWall = (ends.at(-1)! - starts[0]!) / 1000,
    trainCpu = cpuAt.at(-1)! - cpuAt[0]!;
  await predictScores(model, test, inferBatch, { engine, threads }); // warm up
  const t0 = performance.now(),
    c0 = cpu();
  let scores: Float32Array = new Float32Array(0);
  for (let r = 0; r < inferReps; r++) scores = await predictScores(model, test, inferBatch, { engine, threads });
  const inferWall = (performance.now() - t0) / 1000,
    inferCpu = cpu() - c0;
  const heldOutAuc = rocAuc(test.labels, scores);
  const ran = h.engine?.name === "fused" ? `fused engine, ${threads} thread${threads > 1 ? "s" : ""}` : "tfjs ops";
  console.log(
    JSON.stringify({
      backend: `tfjs-tune ${tf.getBackend()} (${ran})`,
      data: data.source,
      epochs,
      trainExamples: nTrain * epochs,
      trainPerSec: (nTrain * epochs) / trainWall,
      trainPerCpuSec: (nTrain * epochs) / trainCpu,
      epochPerSec,
      helperJobs,
      inferPerSec: (test.count * inferReps) / inferWall,
      inferPerCpuSec: (test.count * inferReps) / inferCpu,
      lastLoss: h.history.loss!.at(-1),
      heldOutAuc,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
  process.exit(0); // helper threads (if any) must not delay the exit
}

await main();
