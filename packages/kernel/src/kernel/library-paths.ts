/**
 * Lets a notebook anywhere on disk import the packages the kernel was installed with (`tfjs-tune`,
 * `@tensorflow/tfjs`, …). Cells resolve imports from the notebook's folder; a notebook copied out of
 * the project finds no node_modules there. Runtime `require` gets the kernel's node_modules folder
 * through NODE_PATH (Node's documented global folder). tslab's compiler has no such setting (its
 * compiler options are fixed), but it reads files through `ts.sys`: the notebook folder's
 * `node_modules/<name>` is shown the kernel's copy of `<name>` when neither that folder nor any folder
 * above it has its own.
 */
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import Module from "node:module";
import { delimiter, dirname, join, parse, resolve, sep } from "node:path";

/** The part of tslab's TypeScript `sys` this module forwards. */
export interface TsSys {
  fileExists(path: string): boolean;
  directoryExists(path: string): boolean;
  readFile(path: string, encoding?: string): string | undefined;
  realpath?(path: string): string;
  getDirectories(path: string): string[];
}

/** The node_modules folder holding `name` as resolved from `fromFile`, or undefined. */
export function nodeModulesOf(name: string, fromFile: string): string | undefined {
  const paths = createRequire(fromFile).resolve.paths(name) ?? [];
  return paths.find((p) => existsSync(join(p, name, "package.json")));
}

/** True when `name` can be found in `dir/node_modules` or in the node_modules of a folder above it. */
export function resolvableFrom(name: string, dir: string): boolean {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules", name, "package.json"))) return true;
    if (d === parse(d).root) return false;
  }
}

/** The package name of a path below a node_modules folder (`@scope/name` or `name`). */
function packageName(rest: string): string | undefined {
  const parts = rest.split(/[\\/]/).filter(Boolean);
  if (parts.length === 0) return undefined;
  return parts[0]!.startsWith("@") ? (parts.length > 1 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
}

/**
 * Maps `<cwd>/node_modules/<pkg>/…` to `<library>/<pkg>/…` for packages that exist in `library` and
 * cannot be found from `cwd`; other paths are returned unchanged.
 */
export function pathForwarder(cwd: string, library: string): (path: string) => string {
  const prefix = join(resolve(cwd), "node_modules") + sep;
  const decided = new Map<string, boolean>();
  return (path) => {
    const p = resolve(path);
    if (!p.startsWith(prefix)) return path;
    const rest = p.slice(prefix.length);
    const name = packageName(rest);
    if (!name) return path;
    let forward = decided.get(name);
    if (forward === undefined) {
      forward = existsSync(join(library, name, "package.json")) && !resolvableFrom(name, cwd);
      decided.set(name, forward);
    }
    return forward ? join(library, rest) : path;
  };
}

/** Makes `ts.sys` (tslab's TypeScript fork) see the forwarded packages under `<cwd>/node_modules`. */
export function forwardCompilerPaths(sys: TsSys, cwd: string, library: string): void {
  const forward = pathForwarder(cwd, library);
  const nodeModules = join(resolve(cwd), "node_modules");
  const { fileExists, directoryExists, readFile, realpath, getDirectories } = sys;
  sys.fileExists = (p) => fileExists.call(sys, forward(p));
  sys.directoryExists = (p) => resolve(p) === nodeModules || directoryExists.call(sys, forward(p));
  sys.readFile = (p, enc) => readFile.call(sys, forward(p), enc);
  sys.getDirectories = (p) => (existsSync(forward(p)) ? getDirectories.call(sys, forward(p)) : []);
  // real paths of forwarded files are the library's files: TypeScript then resolves their own imports from there
  if (realpath) sys.realpath = (p) => realpath.call(sys, forward(p));
}

/** Adds `folder` to NODE_PATH for this process, so `require` finds packages there after the usual folders. */
export function addGlobalModuleFolder(folder: string, env: NodeJS.ProcessEnv = process.env): void {
  const current = (env.NODE_PATH ?? "").split(delimiter).filter(Boolean);
  if (current.includes(folder)) return;
  env.NODE_PATH = [...current, folder].join(delimiter);
  (Module as unknown as { _initPaths(): void })._initPaths();
}

/**
 * When `library` (default `tfjs-tune`) cannot be found from `cwd`, makes the kernel's own copy of it
 * (and of the packages beside it) importable by cells, at run time and for the type checker. Returns
 * the node_modules folder used, or undefined when nothing had to be done.
 */
export function exposeKernelPackages(sys: TsSys, cwd: string, fromFile: string, library = "tfjs-tune"): string | undefined {
  if (resolvableFrom(library, cwd)) return undefined;
  const folder = nodeModulesOf(library, fromFile);
  if (!folder || !statSync(folder).isDirectory()) return undefined;
  addGlobalModuleFolder(folder);
  forwardCompilerPaths(sys, cwd, folder);
  return folder;
}
