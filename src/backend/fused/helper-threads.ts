// Worker threads that run fused-engine programs on an engine's shared memory while the caller runs its
// own share: the process-wide pool behind FusedEngine's `threads`. Each job is handed over and
// collected through a control block of Int32 words (Atomics.wait/notify), not through messages. A
// job's result does not depend on which thread runs it, so a job no helper has claimed by the time the
// caller is done with its own share is run by the caller: a helper the scheduler has not run (another
// process on its core, or both threads put on one core) costs a thread's speed, never a stall.
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { engineModule, type WasmMemory } from "./wasm-module.js";

// control words of one worker (16 ints = 64 bytes apart, so two workers never share a cache line)
// SEQ: the latest posted job; JOB: its number; CLAIM: 0 while nobody runs it, 1 once taken; DONE: the
// number of the last job a helper finished.
const SEQ = 0,
  DONE = 1,
  MEM = 2,
  PROG = 3,
  R0 = 4,
  R1 = 5,
  FAILED = 6,
  MAIL = 7,
  JOB = 8,
  CLAIM = 9,
  WORDS = 16;

/**
 * How long a helper keeps polling for the next job before it sleeps in Atomics.wait (ms): longer than
 * the caller's serial work between two phases of a step, so it rarely pays a futex wake-up; short,
 * because the scheduler may put both threads on one core (another process holding the other), where
 * polling only delays the thread it waits for.
 */
const SPIN_MS = 0.15;
/** How long the caller polls for a helper to finish before sleeping (ms), for the same reasons. */
const WAIT_SPIN_MS = 0.05;

// The worker: waits for SEQ to move (polling for SPIN_MS, then sleeping), reads its mailbox when MAIL
// is set (new memories to instantiate, forgotten ones), claims the job (CLAIM 0 → 1; the caller may
// have taken it already), runs its program over [R0, R1) and publishes DONE = JOB. SEQ −1 stops it.
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { ctl: buf, base, port, module } = workerData;
const ctl = new Int32Array(buf, base * 4, ${WORDS});
const instances = new Map();
let seen = 0;
for (;;) {
  const until = performance.now() + ${SPIN_MS};
  for (let k = 0; Atomics.load(ctl, ${SEQ}) === seen; k++) {
    if ((k & 63) === 63 && performance.now() > until) { Atomics.wait(ctl, ${SEQ}, seen); break; }
  }
  seen = Atomics.load(ctl, ${SEQ});
  if (seen < 0) break;
  if (Atomics.exchange(ctl, ${MAIL}, 0) !== 0) {
    for (let m; (m = receiveMessageOnPort(port)); ) {
      const msg = m.message;
      if (msg.memory) instances.set(msg.id, new WebAssembly.Instance(module, { env: { memory: msg.memory } }).exports);
      else instances.delete(msg.id);
    }
  }
  if (Atomics.compareExchange(ctl, ${CLAIM}, 0, 1) !== 0) continue;
  const job = ctl[${JOB}];
  try {
    instances.get(ctl[${MEM}]).run(ctl[${PROG}], ctl[${R0}], ctl[${R1}]);
    ctl[${FAILED}] = 0;
  } catch (e) {
    ctl[${FAILED}] = 1;
    port.postMessage(String(e && e.stack || e));
  }
  Atomics.store(ctl, ${DONE}, job);
  Atomics.notify(ctl, ${DONE});
}
`;

interface Helper {
  worker: Worker;
  ctl: Int32Array;
  port: MessagePort;
  known: Set<number>;
  seq: number;
}

/** The pool: helper k runs the k-th extra share of a step. */
export class HelperThreads {
  private readonly helpers: Helper[] = [];
  private readonly ids = new WeakMap<WasmMemory, number>();
  private nextId = 1;
  /** Jobs posted to helpers, and how many of them the caller ran itself (no helper had claimed them in time). */
  readonly counts = { posted: 0, ranByCaller: 0 };

  private helper(k: number): Helper {
    while (this.helpers.length <= k) {
      const buf = new SharedArrayBuffer(WORDS * 4);
      const ctl = new Int32Array(buf);
      ctl[CLAIM] = 1; // no job yet
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ctl: buf, base: 0, port: port2, module: engineModule() }, transferList: [port2] });
      worker.unref();
      port1.unref();
      this.helpers.push({ worker, ctl, port: port1, known: new Set(), seq: 0 });
    }
    return this.helpers[k]!;
  }

  private idOf(memory: WasmMemory): number {
    let id = this.ids.get(memory);
    if (id === undefined) this.ids.set(memory, (id = this.nextId++));
    return id;
  }

  /**
   * Runs jobs [prog, r0, r1] on helpers 0…, `own` on the calling thread meanwhile, and returns when all
   * are done (rethrowing a helper's error). A job no helper has claimed once `own` returns is run by
   * `here` (the caller's instance on the same memory) instead.
   */
  run(memory: WasmMemory, jobs: Array<[number, number, number]>, own: () => void, here: (prog: number, r0: number, r1: number) => void): void {
    const id = this.idOf(memory);
    const used = jobs.map(([prog, r0, r1], k) => {
      const h = this.helper(k);
      if (!h.known.has(id)) {
        h.port.postMessage({ id, memory });
        h.known.add(id);
        Atomics.store(h.ctl, MAIL, 1);
      }
      h.seq = (h.seq + 1) & 0x3fffffff;
      // CLAIM is 1 here (the last job was taken), so no helper reads these words half written
      h.ctl[MEM] = id;
      h.ctl[PROG] = prog;
      h.ctl[R0] = r0;
      h.ctl[R1] = r1;
      h.ctl[JOB] = h.seq;
      Atomics.store(h.ctl, CLAIM, 0);
      Atomics.store(h.ctl, SEQ, h.seq);
      Atomics.notify(h.ctl, SEQ);
      return { h, job: [prog, r0, r1] as const };
    });
    let ownError: unknown;
    try {
      own();
    } catch (e) {
      ownError = e;
    }
    let failure: string | undefined;
    for (const { h, job } of used) {
      this.counts.posted++;
      if (Atomics.compareExchange(h.ctl, CLAIM, 0, 1) === 0) {
        this.counts.ranByCaller++;
        try {
          here(...job);
        } catch (e) {
          ownError ??= e;
        }
        continue;
      }
      // a helper runs it: poll briefly (it usually finishes about when we do), then sleep until it notifies
      const until = performance.now() + WAIT_SPIN_MS;
      for (let k = 0; ; k++) {
        const done = Atomics.load(h.ctl, DONE);
        if (done === h.seq) break;
        if ((k & 63) === 63 && performance.now() > until) Atomics.wait(h.ctl, DONE, done, 1000);
      }
      if (h.ctl[FAILED] !== 0) failure ??= String(receiveMessageOnPort(h.port)?.message ?? "unknown error");
    }
    if (ownError !== undefined) throw ownError instanceof Error ? ownError : new Error(String(ownError));
    if (failure !== undefined) throw new Error(`fused engine: a helper thread failed: ${failure}`);
  }

  /** Drops the helpers' instances on `memory`. */
  forget(memory: WasmMemory): void {
    const id = this.ids.get(memory);
    if (id === undefined) return;
    for (const h of this.helpers) {
      if (!h.known.delete(id)) continue;
      h.port.postMessage({ id });
      Atomics.store(h.ctl, MAIL, 1);
    }
  }
}

let pool: HelperThreads | undefined;

/** The process-wide helper pool (threads start on first use and never keep the process alive). */
export function helperThreads(): HelperThreads {
  return (pool ??= new HelperThreads());
}
