// Where a paused trial keeps its training state until a promotion resumes it: a structural store
// (save/load/remove by trial number) with an in-memory and an on-disk implementation. The state is
// whatever the training code needs (model weights, optimizer slots, rng state); the store only keeps it.
import { mkdir, readFile, rm, writeFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { checkOptions } from "../../util/options.js";

/** A saved state and the step it was taken after. */
export interface Checkpoint<S> {
  /** The last step trained before the state was saved. */
  readonly step: number;
  /** The saved state. */
  readonly state: S;
}

/** Keeps paused trials' state. Any object with these three methods works (structural). */
export interface CheckpointStore<S> {
  /** Saves the state of `trial` after `step` (replacing an older one). */
  save(trial: number, step: number, state: S): void | Promise<void>;
  /** The saved checkpoint of `trial`, or undefined. */
  load(trial: number): Checkpoint<S> | undefined | Promise<Checkpoint<S> | undefined>;
  /** Forgets the checkpoint of `trial` (no error if there is none). */
  remove(trial: number): void | Promise<void>;
}

/** Options of {@link memoryCheckpoints}. */
export interface MemoryCheckpointOptions<S> {
  /** Copies the state when saving (e.g. clone weights); identity keeps the live object. @default identity */
  snapshot?: (state: S) => S;
}

/** A checkpoint store in memory (the fastest: a paused TF.js model can simply stay alive). */
export function memoryCheckpoints<S>(options: MemoryCheckpointOptions<S> = {}): CheckpointStore<S> & { readonly size: number } {
  checkOptions("memoryCheckpoints", options, ["snapshot"]);
  const map = new Map<number, Checkpoint<S>>();
  const snap = options.snapshot ?? ((s: S) => s);
  return {
    save(trial, step, state) {
      map.set(trial, { step, state: snap(state) });
    },
    load(trial) {
      return map.get(trial);
    },
    remove(trial) {
      map.delete(trial);
    },
    get size() {
      return map.size;
    },
  };
}

/** Options of {@link fileCheckpoints}. */
export interface FileCheckpointOptions<S> {
  /** Turns the state into bytes. @default JSON (typed arrays are not supported by the default) */
  serialize?: (state: S) => Uint8Array | Promise<Uint8Array>;
  /** Turns bytes back into a state. @default JSON.parse */
  deserialize?: (bytes: Uint8Array) => S | Promise<S>;
}

/** A checkpoint store on disk: one file per paused trial in `dir` (written atomically). */
export function fileCheckpoints<S>(dir: string, options: FileCheckpointOptions<S> = {}): CheckpointStore<S> {
  checkOptions("fileCheckpoints", options, ["serialize", "deserialize"]);
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const serialize = options.serialize ?? ((s: S) => enc.encode(JSON.stringify(s)));
  const deserialize = options.deserialize ?? ((b: Uint8Array) => JSON.parse(dec.decode(b)) as S);
  const file = (trial: number): string => join(dir, `trial-${trial}.ckpt`);
  const check = (trial: number): void => {
    if (!(Number.isInteger(trial) && trial >= 0)) throw new RangeError(`fileCheckpoints: trial must be a non-negative integer, got ${trial}`);
  };
  return {
    async save(trial, step, state) {
      check(trial);
      await mkdir(dir, { recursive: true });
      const body = await serialize(state);
      const head = enc.encode(`${step}\n`);
      const bytes = new Uint8Array(head.length + body.length);
      bytes.set(head, 0);
      bytes.set(body, head.length);
      const tmp = `${file(trial)}.tmp-${process.pid}`;
      await writeFile(tmp, bytes);
      await rename(tmp, file(trial));
    },
    async load(trial) {
      check(trial);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file(trial));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
      }
      const nl = bytes.indexOf(10);
      const step = Number(dec.decode(bytes.subarray(0, nl)));
      if (nl < 0 || !Number.isFinite(step)) throw new Error(`fileCheckpoints: ${file(trial)} is corrupt (expected "<step>\\n" then the state)`);
      return { step, state: await deserialize(bytes.subarray(nl + 1)) };
    },
    async remove(trial) {
      check(trial);
      await rm(file(trial), { force: true });
    },
  };
}
