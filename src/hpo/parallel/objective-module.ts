// Loading an objective from a module (so that worker threads and worker processes can import it).
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Where an objective lives: a module (path or file: URL) and the name of its export. */
export interface ObjectiveRef {
  /** Path (relative to the current directory) or `file:` URL of an ES module. */
  module: string;
  /** Name of the exported objective function. @default "objective" */
  export?: string;
}

/** What a worker may find in an objective module besides the objective itself. */
export interface ObjectiveModule {
  /** The objective `(params, trial) => number | Promise<number>`. */
  objective: (params: never, trial: never) => unknown;
  /** The search space (needed by `tfjs-tune worker`). */
  space?: unknown;
  /** "minimize" | "maximize" (for a study the worker creates). */
  direction?: unknown;
  /** One direction per objective, for a multi-objective study the worker creates (instead of `direction`). */
  directions?: unknown;
  /** A sampler object (default TPE). */
  sampler?: unknown;
  /** A scheduler object. */
  scheduler?: unknown;
  /** The raw module namespace. */
  namespace: Record<string, unknown>;
}

/** The module's URL as a string (absolute file: URL for paths). */
export function moduleUrl(module: string): string {
  if (typeof module !== "string" || module.length === 0) throw new TypeError(`objective module must be a path or file: URL, got ${JSON.stringify(module)}`);
  if (/^(file|data|node):/.test(module)) return module;
  return pathToFileURL(isAbsolute(module) ? module : resolve(module)).href;
}

/** True when the module is TypeScript (needs the tsx loader in a fresh thread). */
export function isTypeScriptModule(url: string): boolean {
  return /\.(c|m)?tsx?$/.test(new URL(url).pathname);
}

let tsxRegistered = false;

/** Imports a module; a TypeScript one that plain Node refuses is retried after registering tsx (if installed). */
async function importModule(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if ((e as { code?: string }).code !== "ERR_UNKNOWN_FILE_EXTENSION" || !isTypeScriptModule(url) || tsxRegistered) throw e;
    let api: { register(): unknown };
    try {
      api = (await import("tsx/esm/api" as string)) as { register(): unknown };
    } catch {
      throw new Error(`${url} is TypeScript: install tsx (npm i -D tsx) to load it, or compile it to JavaScript`, { cause: e });
    }
    api.register();
    tsxRegistered = true;
    return (await import(url)) as Record<string, unknown>;
  }
}

/** Imports the module and returns its objective (export `ref.export`, default "objective") and optional study parts. */
export async function loadObjectiveModule(ref: ObjectiveRef): Promise<ObjectiveModule> {
  const url = moduleUrl(ref.module);
  const name = ref.export ?? "objective";
  let ns: Record<string, unknown>;
  try {
    ns = await importModule(url);
  } catch (e) {
    throw new Error(`cannot import objective module ${ref.module}: ${(e as Error).message}`, { cause: e });
  }
  const fromDefault = (ns.default ?? {}) as Record<string, unknown>;
  const pick = (k: string) => (k in ns ? ns[k] : typeof fromDefault === "object" && fromDefault !== null ? fromDefault[k] : undefined);
  const objective = pick(name);
  if (typeof objective !== "function") {
    const exported = Object.keys(ns).join(", ") || "nothing";
    throw new TypeError(`objective module ${ref.module} has no exported function "${name}" (it exports: ${exported}); export it or pass the right export name`);
  }
  return {
    objective: objective as ObjectiveModule["objective"],
    space: pick("space"),
    direction: pick("direction"),
    directions: pick("directions"),
    sampler: pick("sampler"),
    scheduler: pick("scheduler"),
    namespace: ns,
  };
}
