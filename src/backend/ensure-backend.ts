// Picks the fastest available TensorFlow.js backend (tfjs-node, else wasm with our kernels, else cpu).
import * as tf from "@tensorflow/tfjs-core";
// registers the `cpu` backend (the fallback, and what runs before ensureBackend picks one); the library builds on
// tfjs-core + tfjs-layers + this, not on the @tensorflow/tfjs bundle (its converter, data and webgl packages and
// bundles are ~200 MB of an install; see docs/package-shape.md)
import "@tensorflow/tfjs-backend-cpu";
import { registerKernels } from "./register-kernels.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Our names for the backends we can pick. */
export type BackendChoice = "node" | "wasm" | "cpu";

/** Options of ensureBackend. */
export interface EnsureBackendOptions {
  /** Force one backend (an error if it cannot load). @default env TFJS_TUNE_BACKEND, else automatic */
  backend?: BackendChoice;
  /** Do not print the one-line choice on stderr. @default env TFJS_TUNE_QUIET=1, else false */
  quiet?: boolean;
}

/** What ensureBackend picked. */
export interface BackendInfo {
  /** Our name of the backend in use. */
  name: BackendChoice;
  /** The tfjs backend name (`tensorflow`, `wasm` or `cpu`). */
  tfBackend: string;
  /** True when the choice was forced by an option or TFJS_TUNE_BACKEND. */
  forced: boolean;
  /** Kernels of ours registered on that backend. */
  kernels: string[];
  /** Why faster backends were skipped (empty when the first choice loaded). */
  skipped: string[];
}

const CHOICES: readonly BackendChoice[] = ["node", "wasm", "cpu"];

/**
 * tfjs's cpu backend prints a "looks like you are running TensorFlow.js in Node.js" banner on its first
 * tensor; we print our own one backend line instead (which says why tfjs-node was skipped). Its only
 * switch is the instance's `firstUse` flag, and the engine makes new instances from the registered
 * factory (tfjs-core engine.initializeBackend), so the factory is wrapped.
 */
function quietCpuBackend(): void {
  type Factory = { factory: () => unknown; priority: number };
  const registry = (tf.engine() as unknown as { registryFactory?: Record<string, Factory | undefined> }).registryFactory;
  const entry = registry?.cpu;
  if (!entry || (entry.factory as { quiet?: boolean }).quiet) return;
  const make = entry.factory;
  const quiet = () => {
    const backend = make() as { firstUse?: boolean } | Promise<unknown>;
    if (backend && !(backend instanceof Promise) && "firstUse" in backend) backend.firstUse = false;
    return backend;
  };
  entry.factory = Object.assign(quiet, { quiet: true });
  const live = (tf.engine() as unknown as { registry: Record<string, { firstUse?: boolean } | undefined> }).registry.cpu;
  if (live && "firstUse" in live) live.firstUse = false;
}
quietCpuBackend();
let current: { request: BackendChoice | "auto"; promise: Promise<BackendInfo> } | undefined;

function parseChoice(v: string | undefined, from: string): BackendChoice | undefined {
  if (v === undefined || v === "") return undefined;
  const s = v.trim().toLowerCase();
  if ((CHOICES as readonly string[]).includes(s)) return s as BackendChoice;
  throw new Error(`${from} must be one of ${CHOICES.join(", ")}; got "${v}"`);
}

function message(e: unknown): string {
  return e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e);
}

async function tryNode(): Promise<string> {
  const spec = "@tensorflow/tfjs-node";
  try {
    await import(spec); // optional peer dependency: registers the `tensorflow` backend on the shared engine
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") throw new Error(`${spec} is not installed`);
    throw e;
  }
  if (!(await tf.setBackend("tensorflow"))) throw new Error("the tensorflow backend failed to initialize");
  return "tensorflow";
}

async function tryWasm(): Promise<string> {
  await import("@tensorflow/tfjs-backend-wasm"); // registers `wasm` and its kernels; .wasm files load from node_modules
  registerKernels("wasm");
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend failed to initialize");
  return "wasm";
}

async function tryCpu(): Promise<string> {
  registerKernels("cpu");
  if (!(await tf.setBackend("cpu"))) throw new Error("the cpu backend failed to initialize");
  return "cpu";
}

const LOADERS: Record<BackendChoice, () => Promise<string>> = { node: tryNode, wasm: tryWasm, cpu: tryCpu };

async function pick(forced: BackendChoice | undefined, quiet: boolean): Promise<BackendInfo> {
  const order = forced ? [forced] : CHOICES;
  const skipped: string[] = [];
  for (const name of order) {
    try {
      const tfBackend = await LOADERS[name]();
      const kernels = name === "node" ? [] : registerKernels(name);
      if (name !== "cpu") registerKernels("cpu"); // a later tf.setBackend("cpu") also gets the fixed kernels
      const info: BackendInfo = { name, tfBackend, forced: forced !== undefined, kernels, skipped };
      if (!quiet) {
        const why = skipped.length ? ` (skipped: ${skipped.join("; ")})` : forced ? " (forced)" : "";
        // on wasm and cpu, trainModel/evaluate run the models the fused engine supports on it (engine "auto")
        const engine = name === "node" ? "" : "; trainModel and evaluate use the fused engine where the model allows";
        const line = `tfjs-tune: using the ${name} backend${why}${engine}`;
        if (typeof process !== "undefined" && process.stderr) process.stderr.write(`${line}\n`);
        else console.warn(line);
      }
      return info;
    } catch (e) {
      if (forced) {
        throw new Error(`tfjs-tune: the forced backend "${forced}" (TFJS_TUNE_BACKEND or options.backend) could not load: ${message(e)}`);
      }
      skipped.push(`${name}: ${message(e)}`);
    }
  }
  throw new Error(`tfjs-tune: no TensorFlow.js backend could load (${skipped.join("; ")})`);
}

/**
 * Makes sure a backend is active and our kernels are registered; idempotent (later calls return the
 * same promise unless they force a different backend).
 */
export function ensureBackend(options: EnsureBackendOptions = {}): Promise<BackendInfo> {
  checkOptions("ensureBackend", options, optionKeys<EnsureBackendOptions>({ backend: true, quiet: true }));
  const env: Record<string, string | undefined> = typeof process !== "undefined" ? process.env : {};
  const forced = options.backend !== undefined ? parseChoice(options.backend, "options.backend") : parseChoice(env.TFJS_TUNE_BACKEND, "TFJS_TUNE_BACKEND");
  const request = forced ?? "auto";
  if (current && (request === "auto" || current.request === request)) return current.promise;
  const quiet = options.quiet ?? env.TFJS_TUNE_QUIET === "1";
  const promise = pick(forced, quiet);
  current = { request, promise };
  promise.catch(() => {
    if (current?.promise === promise) current = undefined; // let a later call retry
  });
  return promise;
}
