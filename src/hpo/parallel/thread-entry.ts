// Body of an objective worker thread: imports the objective module once (so the thread has its own
// module instances, e.g. its own tfjs backend), then evaluates one trial at a time for the pool.
import { parentPort, workerData } from "node:worker_threads";
import { loadObjectiveModule } from "./objective-module.js";
import type { DecisionMessage, RunMessage, ThreadData, WorkerMessage } from "./thread-protocol.js";

/** The trial handle an objective receives inside a worker thread (the pruning-hook shape). */
export interface ThreadTrial {
  readonly number: number;
  readonly params: Readonly<Record<string, unknown>>;
  /** True when a paused trial is being resumed: continue after `lastStep`. */
  readonly resumed: boolean;
  readonly lastStep: number | undefined;
  /** Stores the value in the study and lets its scheduler decide (resolves once decided). */
  report(step: number, value: number): Promise<void>;
  /** True once the scheduler said stop or pause. */
  shouldStop(): boolean;
  /** Merges user attributes into the trial record (fire and forget). */
  setUserAttrs(attrs: Readonly<Record<string, unknown>>): Promise<void>;
}

const port = parentPort;
if (port) void main();

async function main(): Promise<void> {
  const data = workerData as ThreadData;
  const send = (m: WorkerMessage) => port!.postMessage(m);
  let objective: (params: unknown, trial: ThreadTrial) => unknown;
  try {
    objective = (await loadObjectiveModule({ module: data.module, export: data.exportName })).objective as typeof objective;
  } catch (e) {
    send({ type: "fatal", message: (e as Error).message });
    return;
  }
  const waiting = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  const stopFlags = new Map<number, boolean>();
  port!.on("message", (m: RunMessage | DecisionMessage) => {
    if (m.type === "decision") {
      const key = `${m.id}:${m.seq}`;
      const w = waiting.get(key);
      waiting.delete(key);
      if (m.stop) stopFlags.set(m.id, true);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve();
      return;
    }
    void run(m);
  });

  async function run(m: RunMessage): Promise<void> {
    let seq = 0;
    const trial: ThreadTrial = Object.freeze({
      number: m.number,
      params: m.params,
      resumed: m.resumed,
      lastStep: m.lastStep,
      report(step: number, value: number): Promise<void> {
        const s = ++seq;
        return new Promise<void>((resolve, reject) => {
          waiting.set(`${m.id}:${s}`, { resolve, reject });
          send({ type: "report", id: m.id, seq: s, step, value });
        });
      },
      shouldStop: () => stopFlags.get(m.id) === true,
      async setUserAttrs(attrs: Readonly<Record<string, unknown>>): Promise<void> {
        send({ type: "attrs", id: m.id, attrs });
      },
    });
    try {
      const value = await objective(m.params, trial);
      send({ type: "result", id: m.id, value });
    } catch (e) {
      send({ type: "error", id: m.id, message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    } finally {
      stopFlags.delete(m.id);
    }
  }
  send({ type: "ready" });
}
