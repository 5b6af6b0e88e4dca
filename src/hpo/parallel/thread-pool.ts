// A pool of worker threads that evaluate an objective module; the study stays on the main thread
// (ask/tell, sampler, scheduler, storage, heartbeats), so samplers see every pending trial.
import { Worker } from "node:worker_threads";
import type { AttrValue } from "../types.js";
import { isTypeScriptModule, moduleUrl, type ObjectiveRef } from "./objective-module.js";
import type { RunMessage, ThreadData, WorkerMessage } from "./thread-protocol.js";

/** The part of a study's Trial the pool drives (structural, so any Trial-like handle works). */
export interface PoolTrial {
  readonly number: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly resumed?: boolean;
  readonly lastStep?: number | undefined;
  report(step: number, value: number): Promise<void> | void;
  shouldStop(): boolean | Promise<boolean>;
  setUserAttrs?(attrs: Readonly<Record<string, AttrValue>>): Promise<void>;
  /** Aborted when the trial is ended from outside: the thread running it is terminated (and replaced). */
  readonly signal?: AbortSignal;
  /** Holds the trial's timeout while it waits for a thread (false) and restarts it when a thread takes it (true). */
  readonly _timeoutClock?: ((running: boolean) => void) | undefined;
}

/** Options of `ThreadPool`. */
export interface ThreadPoolOptions extends ObjectiveRef {
  /** Number of worker threads. @default 2 */
  threads?: number;
  /** Environment of the threads (e.g. `TFJS_TUNE_BACKEND`). @default process.env */
  env?: NodeJS.ProcessEnv;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  current: { id: number; trial: PoolTrial; resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined;
}

const ownExt = import.meta.url.endsWith(".ts") ? ".ts" : ".js";

/** Runs trials of one objective module in `threads` worker threads, one trial per thread at a time. */
export class ThreadPool {
  private readonly slots: Slot[] = [];
  private readonly idle: Array<() => void> = [];
  private readonly url: string;
  private readonly exportName: string;
  private readonly env: NodeJS.ProcessEnv | undefined;
  private nextId = 1;
  private closed = false;
  private fatal: Error | undefined;

  /** Starts the threads (each imports the module once); await `ready()` before running trials. */
  constructor(options: ThreadPoolOptions) {
    const threads = options.threads ?? 2;
    if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`threads must be a positive integer, got ${threads}`);
    this.url = moduleUrl(options.module);
    this.exportName = options.export ?? "objective";
    this.env = options.env;
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn(i));
  }

  /** Number of threads. */
  get size(): number {
    return this.slots.length;
  }

  /** Resolves when every thread imported the module; rejects with the import error otherwise. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  private spawn(index: number): Slot {
    const data: ThreadData = { module: this.url, exportName: this.exportName, index };
    const entry = new URL(`./thread-entry${ownExt}`, import.meta.url);
    let worker: Worker;
    if (ownExt === ".ts" || isTypeScriptModule(this.url)) {
      let tsx: string;
      try {
        tsx = import.meta.resolve("tsx/esm/api");
      } catch {
        throw new Error(`objective module ${this.url} is TypeScript: install tsx (npm i -D tsx) so worker threads can load it, or compile it to JavaScript`);
      }
      const boot = `const wt = require("node:worker_threads");
import(wt.workerData.tsx).then((api) => { api.register(); return import(wt.workerData.entry); })
  .catch((e) => wt.parentPort.postMessage({ type: "fatal", message: String((e && e.stack) || e) }));`;
      worker = new Worker(boot, { eval: true, workerData: { ...data, tsx, entry: entry.href }, env: this.env });
    } else {
      worker = new Worker(entry, { workerData: data, env: this.env });
    }
    const slot: Slot = { worker, ready: Promise.resolve(), busy: false, current: undefined };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (m: WorkerMessage) => {
        if (m.type === "ready") resolve();
        else if (m.type === "fatal") {
          this.fatal ??= new Error(`worker thread could not load the objective: ${m.message}`);
          reject(this.fatal);
        } else this.onMessage(slot, m);
      });
      worker.on("error", (e) => {
        reject(e);
        this.fail(slot, new Error(`worker thread ${index} crashed: ${e.message}`));
      });
      worker.on("exit", (code) => {
        reject(new Error(`worker thread ${index} exited (code ${code}) before it was ready`));
        this.fail(slot, new Error(`worker thread ${index} exited with code ${code}`));
        if (!this.closed && this.fatal === undefined) {
          // replace the dead thread so the pool keeps its size
          const i = this.slots.indexOf(slot);
          if (i >= 0) {
            this.slots[i] = this.spawn(index);
            this.slots[i].ready.then(
              () => this.wake(),
              () => undefined,
            );
          }
        }
      });
    });
    slot.ready.catch(() => undefined);
    return slot;
  }

  private fail(slot: Slot, e: Error): void {
    const cur = slot.current;
    slot.current = undefined;
    slot.busy = false;
    cur?.reject(e);
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    const cur = slot.current;
    if (!cur || !("id" in m) || m.id !== cur.id) return;
    if (m.type === "report") {
      void (async () => {
        try {
          await cur.trial.report(m.step, m.value);
          const stop = await cur.trial.shouldStop();
          slot.worker.postMessage({ type: "decision", id: m.id, seq: m.seq, stop });
        } catch (e) {
          slot.worker.postMessage({ type: "decision", id: m.id, seq: m.seq, stop: false, error: (e as Error).message });
        }
      })();
    } else if (m.type === "attrs") {
      void cur.trial.setUserAttrs?.(m.attrs as Record<string, AttrValue>).catch(() => undefined);
    } else if (m.type === "result" || m.type === "error") {
      slot.current = undefined;
      slot.busy = false;
      if (m.type === "result") cur.resolve(m.value);
      else cur.reject(new Error(m.message));
      this.wake();
    }
  }

  private wake(): void {
    this.idle.shift()?.();
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new Error("the thread pool was closed");
      if (this.fatal) throw this.fatal;
      const free = this.slots.find((s) => !s.busy);
      if (free) {
        free.busy = true;
        try {
          await free.ready;
        } catch (e) {
          free.busy = false;
          throw e;
        }
        return free;
      }
      await new Promise<void>((r) => this.idle.push(r));
    }
  }

  /** Evaluates `trial.params` in a free thread; reports go through `trial.report`. Resolves to the objective's return value. */
  async run(trial: PoolTrial): Promise<unknown> {
    trial.signal?.throwIfAborted();
    trial._timeoutClock?.(false);
    const slot = await this.acquire();
    const id = this.nextId++;
    // a trial ended from outside (timeout, abort): terminate its thread, which ends busy loops too; the exit handler replaces it
    const onAbort = (): void => {
      if (slot.current?.id === id) void slot.worker.terminate();
    };
    trial.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await new Promise((resolve, reject) => {
        slot.current = { id, trial, resolve, reject };
        trial._timeoutClock?.(true);
        const msg: RunMessage = {
          type: "run",
          id,
          number: trial.number,
          params: { ...trial.params },
          resumed: trial.resumed ?? false,
          lastStep: trial.lastStep,
        };
        slot.worker.postMessage(msg);
      });
    } finally {
      trial.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** An objective function for `study.optimize` that runs each trial in this pool. */
  objective(): (params: unknown, trial: PoolTrial) => Promise<number | readonly number[]> {
    return async (_params, trial) => {
      const v = await this.run(trial);
      // a list is a multi-objective result: the study checks that it has one number per direction
      if (Array.isArray(v) && v.every((x) => typeof x === "number")) return v as number[];
      if (typeof v !== "number")
        throw new TypeError(`objective returned ${Array.isArray(v) ? "a list with non-numbers" : typeof v}, expected a number (or one per objective)`);
      return v;
    };
  }

  /** Terminates all threads (running trials are rejected). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.idle.splice(0)) w();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
