// `tfjs-tune worker`: one worker of a study shared through PostgreSQL (many machines) or SQLite
// (one machine). Start as many as you like; they split the study-wide trial budget between them.
import type { Command } from "commander";
import { runWorker, type WorkerOptions } from "../hpo/parallel/run-worker.js";
import { redactUrl } from "../hpo/storage/postgres-storage.js";
import type { TrialRecord } from "../hpo/types.js";

/** Options of the `worker` command as commander parses them. */
export interface WorkerCommandOptions {
  storage: string;
  study: string;
  objective: string;
  export: string;
  nTrials?: number;
  threads: number;
  heartbeat: number;
  staleTimeout?: number;
  trialTimeout?: number;
  onStale: "fail" | "requeue";
  seed?: number;
  direction?: "minimize" | "maximize";
  wait: boolean;
  quiet: boolean;
}

function positiveNumber(flag: string, integer = false) {
  return (v: string): number => {
    const n = Number(v);
    if (!(n > 0) || (integer && !Number.isInteger(n))) throw new Error(`${flag} expects a positive ${integer ? "integer" : "number"}, got "${v}"`);
    return n;
  };
}

/** One line per finished trial. */
export function formatTrialLine(r: TrialRecord): string {
  const secs = r.startedAt !== undefined && r.completedAt !== undefined ? ` (${((r.completedAt - r.startedAt) / 1000).toFixed(1)} s)` : "";
  const params = Object.entries(r.params)
    .map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(4)) : JSON.stringify(v)}`)
    .join(" ");
  const value = r.value === undefined ? "" : ` value=${Number(r.value.toPrecision(6))}`;
  return `trial ${r.number} ${r.state}${value}${secs} ${params}${r.note ? ` — ${r.note}` : ""}`;
}

/** Runs the worker with parsed options; resolves when the study's budget is used up or on SIGINT/SIGTERM. */
export async function workerCommand(opts: WorkerCommandOptions): Promise<void> {
  const controller = new AbortController();
  const abort = new AbortController();
  let signals = 0;
  // 1st signal: finish the running trials; 2nd: end them (stored as failed, nothing left running); 3rd: exit now
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      process.stderr.write(`tfjs-tune worker: ${sig}: finishing the running trial, then exiting (send again to end it now)\n`);
      controller.abort();
    } else if (signals === 2) {
      process.stderr.write(`tfjs-tune worker: ${sig}: ending the running trial (stored as failed), then exiting (send again to exit at once)\n`);
      abort.abort(new Error(`${sig} received twice`));
    } else process.exit(130);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const log = (s: string) => {
    if (!opts.quiet) process.stdout.write(s + "\n");
  };
  const where = /^postgres/i.test(opts.storage) ? redactUrl(opts.storage) : opts.storage;
  log(`tfjs-tune worker pid ${process.pid}: study "${opts.study}" in ${where}${opts.nTrials ? `, ${opts.nTrials} trials in all` : ""}`);
  const options: WorkerOptions = {
    storage: opts.storage,
    study: opts.study,
    objective: { module: opts.objective, export: opts.export },
    nTrials: opts.nTrials,
    threads: opts.threads,
    heartbeatInterval: opts.heartbeat * 1000,
    staleTimeout: opts.staleTimeout !== undefined ? opts.staleTimeout * 1000 : undefined,
    staleAction: opts.onStale,
    seed: opts.seed,
    direction: opts.direction,
    waitForOthers: opts.wait,
    signal: controller.signal,
    abortSignal: abort.signal,
    trialTimeout: opts.trialTimeout !== undefined ? opts.trialTimeout * 1000 : undefined,
    onTrial: (r) => log(formatTrialLine(r)),
    onTakenOver: (e) => process.stderr.write(`tfjs-tune worker: ${e.message}\n`),
  };
  try {
    const s = await runWorker(options);
    log(
      `tfjs-tune worker pid ${process.pid}: ran ${s.trials.length} trials, recovered ${s.recovered} from dead workers (${s.stoppedBy === "budget" ? "study budget used up" : "stopped"})`,
    );
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Registers `tfjs-tune worker` on the program. */
export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description("run trials of a study shared through PostgreSQL (any number of machines) or a SQLite file (one machine)")
    .requiredOption("--storage <url>", 'postgres://user:pass@host:5432/db, or a SQLite file path ("sqlite:PATH" also works)')
    .requiredOption("--study <name>", "study name (created by the first worker if missing)")
    .requiredOption("--objective <file>", "ES module exporting `space` and the objective (and optionally `direction`, `sampler`, `scheduler`)")
    .option("--export <name>", "name of the objective export", "objective")
    .option("--n-trials <n>", "trials in the whole study, over all workers (default: until stopped)", positiveNumber("--n-trials", true))
    .option(
      "--threads <n>",
      "evaluate trials in this many worker threads (0: in the main thread)",
      (v: string) => (v === "0" ? 0 : positiveNumber("--threads", true)(v)),
      0,
    )
    .option("--heartbeat <seconds>", "heartbeat period while a trial runs", positiveNumber("--heartbeat"), 10)
    .option(
      "--stale-timeout <seconds>",
      "a running trial without heartbeat this long belongs to a dead worker (default 6 × heartbeat)",
      positiveNumber("--stale-timeout"),
    )
    .option(
      "--trial-timeout <seconds>",
      "end a trial still running after this long and record it failed (the objective then runs in a worker thread, so busy loops end too)",
      positiveNumber("--trial-timeout"),
    )
    .option(
      "--on-stale <action>",
      "what to do with a dead worker's trial: fail | requeue",
      (v: string) => {
        if (v !== "fail" && v !== "requeue") throw new Error(`--on-stale expects "fail" or "requeue", got "${v}"`);
        return v;
      },
      "fail",
    )
    .option("--seed <n>", "study seed when this worker creates the study", (v: string) => {
      const n = Number(v);
      if (!Number.isSafeInteger(n)) throw new Error(`--seed expects an integer, got "${v}"`);
      return n;
    })
    .option("--direction <d>", "minimize | maximize when creating the study (if the module exports none)", (v: string) => {
      if (v !== "minimize" && v !== "maximize") throw new Error(`--direction expects "minimize" or "maximize", got "${v}"`);
      return v;
    })
    .option("--no-wait", "exit when the budget is used up instead of waiting for other workers' trials")
    .option("--quiet", "print nothing but errors", false)
    .action(async (opts: WorkerCommandOptions) => workerCommand(opts));
}
