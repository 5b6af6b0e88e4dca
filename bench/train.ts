// `npm run bench:train`: training and inference speed of the chapter model, tfjs-tune beside Keras
// (tensorflow-cpu 2.21), PyTorch 2.x (pip) and PyTorch 1.13 (Debian), side by side in one run.
//
// Every run is its own process; a round runs every system once (the order rotates between rounds),
// pinned to one core (taskset -c <core>), training pass only (batch 64, 1 warm-up + E timed epochs),
// then inference over the 1,862 held-out rows (batch 256). A shared machine makes absolute numbers
// noisy, so what counts is the per-round ratio (ours / theirs, measured minutes apart at most) and its
// median over rounds. Then the same on both cores (our fused engine on 2 threads, the peers on 2
// threads), with our 1-core run in the same rounds for the 2-core speed-up. Peak RSS beside each.
//
// Options: --rounds 3, --epochs 3, --core 1, --cores2 0,1, --rounds2 2 (0 skips the 2-core part),
// --no-tfjs-ops (skip tfjs-tune on tfjs' own ops, the path before the fused engine), --quick (1 round
// of 1 epoch, no 2-core part).
// The Python peers come from scripts/bench-python.sh (.cache/bench/venv-torch, venv-keras) and
// /usr/bin/python3 with Debian's python3-torch; missing ones are skipped with a note.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const argv = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1]! : dflt;
};
const quick = argv.includes("--quick");
const rounds = quick ? 1 : Number(opt("rounds", "3"));
const epochs = quick ? "1" : opt("epochs", "3");
const core = opt("core", "1");
const cores2 = opt("cores2", "0,1");
const rounds2 = quick ? 0 : Number(opt("rounds2", "2"));
const withTfjsOps = !argv.includes("--no-tfjs-ops");

interface Result {
  backend?: string;
  error?: string;
  data?: string;
  trainPerSec?: number;
  trainPerCpuSec?: number;
  inferPerSec?: number;
  inferPerCpuSec?: number;
  lastLoss?: number;
  heldOutAuc?: number;
  maxRssMB?: number;
  /** Per timed epoch (ours only): the spread within one run. */
  epochPerSec?: number[];
  /** Our helper-thread jobs in the timed epochs, and how many the caller ran itself (no helper had claimed them in time). */
  helperJobs?: { posted: number; ranByCaller: number };
}
interface System {
  key: string;
  label: string;
  cmd: (threads: number) => string[];
  env?: (threads: number) => Record<string, string>;
  peer: boolean;
}

const hasTaskset = spawnSync("taskset", ["-c", core, "true"]).status === 0;
const pyOk = (py: string): boolean => existsSync(py) && spawnSync(py, ["-c", "import torch"], { stdio: "ignore" }).status === 0;
const venv = (name: string): string => join(root, ".cache", "bench", name, "bin", "python");
const node = process.execPath;
const worker = join(here, "train-worker.ts");
const threadEnv = (t: number): Record<string, string> => ({ OMP_NUM_THREADS: String(t), MKL_NUM_THREADS: String(t), OPENBLAS_NUM_THREADS: String(t) });
const pyArgs = (script: string, t: number): string[] => [
  join(here, script),
  "--threads",
  String(t),
  "--epochs",
  epochs,
  "--infer-reps",
  "3",
  "--infer-batch",
  "256",
];

const systems: System[] = [
  {
    key: "ours",
    label: "tfjs-tune (fused engine)",
    peer: false,
    cmd: (t) => [node, "--import", "tsx", worker, "--engine", "fused", "--threads", String(t), "--epochs", epochs],
  },
];
if (withTfjsOps)
  systems.push({
    key: "tfjs-ops",
    label: "tfjs-tune (tfjs ops)",
    peer: false,
    cmd: () => [node, "--import", "tsx", worker, "--engine", "tfjs", "--epochs", "1"],
  });
const skipped: string[] = [];
const keras = venv("venv-keras");
if (existsSync(keras))
  systems.push({ key: "keras", label: "Keras (TF 2.21)", peer: true, cmd: (t) => [keras, ...pyArgs("train_keras.py", t)], env: threadEnv });
else skipped.push(`Keras: no ${keras} (run scripts/bench-python.sh)`);
const torch2 = venv("venv-torch");
if (pyOk(torch2)) systems.push({ key: "torch2", label: "PyTorch 2 (pip)", peer: true, cmd: (t) => [torch2, ...pyArgs("train_torch.py", t)], env: threadEnv });
else skipped.push(`PyTorch 2: no ${torch2} (run scripts/bench-python.sh)`);
if (pyOk("/usr/bin/python3"))
  systems.push({ key: "torch1", label: "PyTorch 1.13 (Debian)", peer: true, cmd: (t) => ["/usr/bin/python3", ...pyArgs("train_torch.py", t)], env: threadEnv });
else skipped.push("PyTorch 1.13: /usr/bin/python3 has no torch (apt-get install python3-torch)");
for (const s of skipped) process.stderr.write(`bench:train: skipping ${s}\n`);

function run(cmd: string[], cpus: string, env: Record<string, string> = {}): Result {
  const full = hasTaskset ? ["taskset", "-c", cpus, ...cmd] : cmd;
  const r = spawnSync(full[0]!, full.slice(1), {
    encoding: "utf8",
    cwd: root,
    env: { ...process.env, TFJS_TUNE_QUIET: "1", TF_CPP_MIN_LOG_LEVEL: "3", ...env },
    maxBuffer: 1 << 24,
  });
  const line = (r.stdout ?? "")
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .pop();
  if (!line) return { error: (r.stderr || `exit ${r.status}`).trim().split("\n").slice(-1)[0] };
  return JSON.parse(line) as Result;
}

// The model's nominal cost: forward FLOPs (2 per multiply-add) of the dense computation, and a
// training step as three times that (forward, input gradient, weight gradient).
function forwardFlops(): number {
  let L = 190,
    c = 16,
    f = 0;
  for (const [k, p] of [
    [5, 4],
    [3, 2],
    [3, 2],
  ] as const) {
    L = L - k + 1;
    f += 2 * L * k * c * 16;
    c = 16;
    L = Math.floor(L / p);
  }
  const dense = [L * c, 256, 64, 1];
  for (let i = 1; i < dense.length; i++) f += 2 * dense[i - 1]! * dense[i]!;
  return f;
}
const fwd = forwardFlops();
let peak: number | undefined;
if (pyOk(torch2)) {
  const g = spawnSync(hasTaskset ? "taskset" : torch2, [...(hasTaskset ? ["-c", core, torch2] : []), join(here, "gemm_peak.py")], {
    encoding: "utf8",
    env: { ...process.env, ...threadEnv(1) },
  });
  const line = (g.stdout ?? "").trim().split("\n").pop();
  if (line?.startsWith("{")) peak = (JSON.parse(line) as { gflops: number }).gflops;
}

const fmt = (v: number | undefined, w: number): string => (v === undefined || !Number.isFinite(v) ? "-" : v >= 100 ? v.toFixed(0) : v.toFixed(2)).padStart(w);
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Runs `rounds` rounds of `list` (rotating the order), printing each round; returns results by round and key. */
function roundsOf(
  list: Array<{ key: string; label: string; cmd: string[]; env?: Record<string, string>; cpus: string }>,
  n: number,
  title: string,
): Array<Map<string, Result>> {
  const out: Array<Map<string, Result>> = [];
  for (let r = 0; r < n; r++) {
    const m = new Map<string, Result>();
    for (let k = 0; k < list.length; k++) {
      const s = list[(k + r) % list.length]!;
      process.stderr.write(`bench:train: ${title} round ${r + 1}/${n}: ${s.label} …\n`);
      m.set(s.key, run(s.cmd, s.cpus, s.env));
    }
    out.push(m);
    console.log(`\n${title}, round ${r + 1}/${n}`);
    console.log(
      `${"system".padEnd(34)} ${"train ex/s".padStart(10)} ${"/CPU-s".padStart(8)} ${"infer ex/s".padStart(10)} ${"/CPU-s".padStart(8)} ${"RSS MB".padStart(7)} ${"loss".padStart(6)} ${"AUC".padStart(6)}  ours/this train, infer`,
    );
    const ours = m.get("ours");
    for (const s of list) {
      const x = m.get(s.key)!;
      if (x.error) {
        console.log(`${s.label.padEnd(34)} error: ${x.error}`);
        continue;
      }
      const q = (a?: number, b?: number): string => (a && b ? (a / b).toFixed(2) : "-");
      console.log(
        `${s.label.padEnd(34)} ${fmt(x.trainPerSec, 10)} ${fmt(x.trainPerCpuSec, 8)} ${fmt(x.inferPerSec, 10)} ${fmt(x.inferPerCpuSec, 8)} ${fmt(x.maxRssMB, 7)} ${fmt(x.lastLoss, 6)} ${fmt(x.heldOutAuc, 6)}  ${s.key === "ours" ? "" : `${q(ours?.trainPerSec, x.trainPerSec)}×, ${q(ours?.inferPerSec, x.inferPerSec)}×`}`,
      );
    }
  }
  return out;
}

console.log(
  `chapter model, batch 64 (inference 256), ${epochs} timed epoch(s) of 7,454 rows after 1 warm-up; nominal ${(fwd / 1e6).toFixed(2)} MFLOP forward, ${((3 * fwd) / 1e6).toFixed(2)} MFLOP per training example`,
);
if (peak)
  console.log(
    `one core's float32 GEMM (PyTorch BLAS, 1 thread, 1024³, core ${core}): ${peak.toFixed(0)} GFLOP/s → ceilings ${((peak * 1e9) / (3 * fwd)).toFixed(0)} training ex/s, ${((peak * 1e9) / fwd).toFixed(0)} inference ex/s`,
  );
const one = roundsOf(
  systems.map((s) => ({ key: s.key, label: s.label, cmd: s.cmd(1), env: s.env?.(1), cpus: core })),
  rounds,
  `one core (taskset -c ${core})`,
);

const peers = systems.filter((s) => s.peer);
const summary = (res: Array<Map<string, Result>>, what: "trainPerSec" | "inferPerSec", vs: string[]): string[] => {
  const lines: string[] = [];
  for (const key of vs) {
    const ratios = res.map((m) => (m.get("ours")?.[what] ?? NaN) / (m.get(key)?.[what] ?? NaN)).filter(Number.isFinite);
    if (ratios.length)
      lines.push(`${systems.find((s) => s.key === key)!.label} ${median(ratios).toFixed(2)}× (rounds: ${ratios.map((r) => r.toFixed(2)).join(", ")})`);
  }
  const best = res
    .map((m) => (m.get("ours")?.[what] ?? NaN) / Math.max(...peers.map((p) => m.get(p.key)?.[what] ?? NaN).filter(Number.isFinite)))
    .filter(Number.isFinite);
  if (best.length && peers.length)
    lines.push(`the fastest peer of each round ${median(best).toFixed(2)}× (rounds: ${best.map((r) => r.toFixed(2)).join(", ")})`);
  return lines;
};
console.log(`\none core, median of per-round ratios, ours / …`);
console.log(
  `  training:  ${summary(
    one,
    "trainPerSec",
    systems.filter((s) => s.key !== "ours").map((s) => s.key),
  ).join("; ")}`,
);
console.log(
  `  inference: ${summary(
    one,
    "inferPerSec",
    systems.filter((s) => s.key !== "ours").map((s) => s.key),
  ).join("; ")}`,
);
if (peak) {
  const frac = (key: string, what: "trainPerSec" | "inferPerSec", flops: number): string => {
    const v = one.map((m) => m.get(key)?.[what]).filter((x): x is number => x !== undefined);
    return v.length ? `${((100 * median(v) * flops) / (peak! * 1e9)).toFixed(0)} %` : "-";
  };
  console.log(
    `  fraction of the GEMM peak (median ex/s × nominal FLOP): ${systems.map((s) => `${s.label} training ${frac(s.key, "trainPerSec", 3 * fwd)}, inference ${frac(s.key, "inferPerSec", fwd)}`).join("; ")}`,
  );
  console.log(`  (the fused engine does fewer FLOPs than nominal: it folds the Embedding into conv1's taps)`);
}

if (rounds2 > 0) {
  const list = [
    ...systems.filter((s) => s.key !== "tfjs-ops").map((s) => ({ key: s.key, label: `${s.label}, 2 threads`, cmd: s.cmd(2), env: s.env?.(2), cpus: cores2 })),
    { key: "ours1", label: "tfjs-tune (fused engine), 1 core", cmd: systems[0]!.cmd(1), cpus: core },
  ];
  const two = roundsOf(list, rounds2, `two cores (taskset -c ${cores2})`);
  console.log(`\ntwo cores, median of per-round ratios, ours (2 threads) / …`);
  console.log(
    `  training:  ${summary(
      two,
      "trainPerSec",
      peers.map((p) => p.key),
    ).join("; ")}`,
  );
  console.log(
    `  inference: ${summary(
      two,
      "inferPerSec",
      peers.map((p) => p.key),
    ).join("; ")}`,
  );
  const up = two.map((m) => (m.get("ours")?.trainPerSec ?? NaN) / (m.get("ours1")?.trainPerSec ?? NaN)).filter(Number.isFinite);
  const upInf = two.map((m) => (m.get("ours")?.inferPerSec ?? NaN) / (m.get("ours1")?.inferPerSec ?? NaN)).filter(Number.isFinite);
  if (up.length)
    console.log(
      `  our 2-thread / 1-core speed-up: training ${median(up).toFixed(2)}× (rounds: ${up.map((r) => r.toFixed(2)).join(", ")}), inference ${median(upInf).toFixed(2)}×`,
    );
  // why a round is slow: epochs of one run spread widely when a thread stalls (each phase waits for both threads)
  const runs = two.map((m) => m.get("ours")).filter((r): r is Result => r !== undefined);
  const spread = runs.map((r) => (r.epochPerSec?.length ? `${Math.min(...r.epochPerSec)}–${Math.max(...r.epochPerSec)}` : "-"));
  const stolen = runs.map((r) => (r.helperJobs?.posted ? `${((100 * r.helperJobs.ranByCaller) / r.helperJobs.posted).toFixed(1)} %` : "-"));
  console.log(`  our 2-thread runs, epoch ex/s min–max: ${spread.join(", ")}; helper jobs the caller ran itself: ${stolen.join(", ")}`);
}
