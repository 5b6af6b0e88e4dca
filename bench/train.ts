// `npm run bench:train`: training and inference speed of the chapter model on every available backend
// (stock cpu, our cpu, our wasm with tf.train.adam and with fusedAdam, tfjs-node if installed) and PyTorch when Debian's python3-torch is
// there, pinned to one core (taskset -c 0) and unpinned, plus the peak RSS of a 20-epoch training.
// Each run is its own process, all in one invocation, so the ratios compare like with like on a
// shared machine; "per CPU-s" columns divide by the process's CPU time instead of wall time.
// Options: --quick (pinned only, 1 epoch), --rss-epochs N (default 20, 0 skips), --skip-stock.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const rssEpochs = Number(argv[argv.indexOf("--rss-epochs") + 1] ?? 20) || (argv.includes("--rss-epochs") ? 0 : 20);
const skipStock = argv.includes("--skip-stock");

interface Result {
  backend?: string; error?: string; data?: string; trainExamples?: number;
  trainPerSec?: number; trainPerCpuSec?: number; inferPerSec?: number; inferPerCpuSec?: number;
  lastLoss?: number; heldOutAuc?: number; maxRssMB?: number;
}

const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
const hasTorch = spawnSync("/usr/bin/python3", ["-c", "import torch"], { stdio: "ignore" }).status === 0;

function run(label: string, pinned: boolean, cmd: string[], env: Record<string, string> = {}): Result & { label: string; pinned: boolean } {
  const full = pinned && hasTaskset ? ["taskset", "-c", "0", ...cmd] : cmd;
  process.stderr.write(`bench:train: ${label}${pinned ? " (core 0)" : ""} …\n`);
  const r = spawnSync(full[0]!, full.slice(1), { encoding: "utf8", env: { ...process.env, TFJS_TUNE_QUIET: "1", ...env }, maxBuffer: 1 << 24 });
  const line = (r.stdout ?? "").trim().split("\n").filter((l) => l.startsWith("{")).pop();
  if (!line) return { label, pinned, error: (r.stderr || `exit ${r.status}`).trim().split("\n").slice(-1)[0] };
  return { label, pinned, ...(JSON.parse(line) as Result) };
}

const node = process.execPath;
const worker = (backend: string, extra: string[]): string[] => [node, "--import", "tsx", join(here, "train-worker.ts"), "--backend", backend, ...extra];
const epochs = quick ? "1" : "2";
const results: Array<Result & { label: string; pinned: boolean }> = [];
for (const pinned of quick ? [true] : [true, false]) {
  if (!skipStock) results.push(run("stock cpu", pinned, worker("cpu", ["--stock", "--train-examples", "128", "--epochs", "1", "--infer-reps", "1"])));
  results.push(run("our cpu", pinned, worker("cpu", ["--fused-adam", "--epochs", "1", "--infer-reps", "1"])));
  results.push(run("our wasm", pinned, worker("wasm", ["--epochs", epochs, "--infer-reps", "3"])));
  results.push(run("wasm+fusedAdam", pinned, worker("wasm", ["--fused-adam", "--epochs", epochs, "--infer-reps", "3"])));
  const tfnode = run("tfjs-node", pinned, worker("node", ["--epochs", epochs, "--infer-reps", "3"]));
  if (!tfnode.error) results.push(tfnode);
  else if (pinned) process.stderr.write(`bench:train: tfjs-node skipped (${tfnode.error})\n`);
  if (hasTorch) {
    if (!pinned) {
      results.push(run("pytorch 1T", pinned, ["/usr/bin/python3", join(here, "train_torch.py"), "--threads", "1", "--epochs", epochs, "--infer-reps", "3"],
        { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" }));
    }
    const threads = pinned ? "1" : "2";
    results.push(run(`pytorch ${threads}T`, pinned, ["/usr/bin/python3", join(here, "train_torch.py"), "--threads", threads, "--epochs", epochs, "--infer-reps", "3"],
      { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: threads }));
  }
}

const f = (v: number | undefined, w = 9): string => (v === undefined ? "-" : v >= 100 ? v.toFixed(0) : v.toFixed(3)).padStart(w);
console.log(`\nchapter model, batch 64, data: ${results.find((r) => r.data)?.data ?? "?"}; ex/s = examples per wall second, /CPU-s = per second of the process's CPU time`);
console.log(`${"backend".padEnd(14)} ${"cores".padEnd(8)} ${"train ex/s".padStart(10)} ${"train/CPU-s".padStart(11)} ${"infer ex/s".padStart(10)} ${"infer/CPU-s".padStart(11)} ${"last loss".padStart(9)}`);
for (const r of results) {
  if (r.error) { console.log(`${r.label.padEnd(14)} ${(r.pinned ? "core 0" : "all").padEnd(8)} error: ${r.error}`); continue; }
  console.log(`${r.label.padEnd(14)} ${(r.pinned ? "core 0" : "all").padEnd(8)} ${f(r.trainPerSec, 10)} ${f(r.trainPerCpuSec, 11)} ${f(r.inferPerSec, 10)} ${f(r.inferPerCpuSec, 11)} ${f(r.lastLoss)}`);
}
for (const [label, pinned] of [["our wasm", true], ["wasm+fusedAdam", true], ["our wasm", false], ["wasm+fusedAdam", false]] as const) {
  const ours = results.find((r) => r.label === label && r.pinned === pinned && !r.error);
  const torch = results.find((r) => r.label === "pytorch 1T" && r.pinned === pinned && !r.error);
  if (!ours || !torch) continue;
  const q = (a?: number, b?: number): string => (a && b ? (a / b).toFixed(2) : "-");
  console.log(`${label}/PyTorch 1 thread, ${pinned ? "one core" : "unpinned"}: training ${q(ours.trainPerSec, torch.trainPerSec)}× (wall), ${q(ours.trainPerCpuSec, torch.trainPerCpuSec)}× (CPU time); inference ${q(ours.inferPerSec, torch.inferPerSec)}× (wall), ${q(ours.inferPerCpuSec, torch.inferPerCpuSec)}× (CPU time)`);
}
if (rssEpochs > 0) {
  const r = run(`our wasm, ${rssEpochs} epochs`, true, worker("wasm", ["--fused-adam", "--epochs", String(rssEpochs), "--infer-reps", "1"]));
  if (r.error) console.log(`peak RSS of a ${rssEpochs}-epoch training: error ${r.error}`);
  else console.log(`peak RSS of a ${rssEpochs}-epoch training (our wasm + fusedAdam, core 0): ${r.maxRssMB?.toFixed(0)} MB; ${f(r.trainPerSec, 0)} ex/s, ${f(r.trainPerCpuSec, 0)} ex/CPU-s, last loss ${r.lastLoss?.toFixed(3)}, held-out AUC ${r.heldOutAuc?.toFixed(3)}`);
}
if (rssEpochs > 0 && hasTorch) {
  const r = run(`pytorch 1T, ${rssEpochs} epochs`, true, ["/usr/bin/python3", join(here, "train_torch.py"), "--threads", "1", "--epochs", String(rssEpochs), "--infer-reps", "1"],
    { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" });
  if (!r.error) console.log(`same for PyTorch 1 thread: ${r.maxRssMB?.toFixed(0)} MB; ${f(r.trainPerSec, 0)} ex/s, ${f(r.trainPerCpuSec, 0)} ex/CPU-s, last loss ${r.lastLoss?.toFixed(3)}, held-out AUC ${r.heldOutAuc?.toFixed(3)}`);
}
