// `tfjs-tune export --colab <notebooks…> --out <dir>`: writes each TypeScript notebook as a Python-kernel
// notebook for Colab or any hosted Jupyter without our kernel (see colab-notebook.ts for what it holds).
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Command } from "commander";
import { toColabNotebook, type IpynbNotebook } from "./colab-notebook.js";

/** Options of {@link exportNotebooks}, as the `export` command parses them. */
export interface ExportOptions {
  /** Output folder. */
  out: string;
  /** npm package specs the set-up cell installs when missing. */
  npmPackages: readonly string[];
  /** Start from each notebook's smoke parameters (`metadata["tfjs-tune"].smoke`); `params` override them. @default false */
  smoke?: boolean;
  /** Parameters assigned after the cell tagged `parameters`. @default {} */
  params?: Record<string, unknown>;
}

/** The files behind `paths`: notebooks as given, folders expanded to the .ipynb files inside them (sorted). */
export function notebookFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new Error(`export: ${p}: no such file or folder; expected a notebook (.ipynb) or a folder of notebooks`);
    if (statSync(p).isDirectory()) {
      const found = readdirSync(p)
        .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
        .sort();
      if (found.length === 0) throw new Error(`export: ${p}: this folder holds no notebooks (.ipynb files)`);
      out.push(...found.map((f) => join(p, f)));
    } else if (p.endsWith(".ipynb")) out.push(p);
    else throw new Error(`export: ${p}: not a notebook; expected a .ipynb file or a folder of notebooks`);
  }
  if (out.length === 0) throw new Error("export: no notebooks given");
  return out;
}

/** The npm specs of this package and its kernel at this version (what a published release installs). */
export function defaultNpmPackages(): string[] {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { name: string; version: string };
  return [`${pkg.name}@${pkg.version}`, `tfjs-tune-kernel@${pkg.version}`];
}

/** Converts each notebook and writes `<out>/<name>.ipynb`; returns the paths written. */
export function exportNotebooks(paths: readonly string[], options: ExportOptions): string[] {
  const files = notebookFiles(paths);
  const books = files.map((file) => {
    let nb: IpynbNotebook;
    try {
      nb = JSON.parse(readFileSync(file, "utf8")) as IpynbNotebook;
    } catch (e) {
      throw new Error(`export: ${file}: not valid JSON (${(e as Error).message})`);
    }
    const smoke = options.smoke ? ((nb.metadata?.["tfjs-tune"] as { smoke?: Record<string, unknown> } | undefined)?.smoke ?? {}) : {};
    try {
      return {
        file,
        nb: toColabNotebook(nb, { npmPackages: options.npmPackages, params: { ...smoke, ...options.params }, source: `notebooks/${basename(file)}` }),
      };
    } catch (e) {
      throw new Error(`${file}: ${(e as Error).message}`);
    }
  });
  mkdirSync(options.out, { recursive: true });
  return books.map(({ file, nb }) => {
    const dest = join(options.out, basename(file));
    if (resolve(dest) === resolve(file)) throw new Error(`export: --out ${options.out} would overwrite ${file}; choose another folder`);
    writeFileSync(dest, `${JSON.stringify(nb, null, 1)}\n`);
    return dest;
  });
}

function parseParam(pair: string, into: Record<string, unknown>): Record<string, unknown> {
  const eq = pair.indexOf("=");
  if (eq <= 0) throw new Error(`--param expects name=value, got "${pair}"`);
  const raw = pair.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // a bare string
  }
  into[pair.slice(0, eq).trim()] = value;
  return into;
}

/** Registers `tfjs-tune export` on the CLI program. */
export function registerExportCommand(program: Command): void {
  program
    .command("export")
    .description("write notebooks for hosts with only a Python kernel (Colab): a set-up cell, then each TypeScript cell under %%typescript")
    .argument("<notebooks...>", "notebook files or folders")
    .requiredOption("--colab", "the Python-kernel form (the only export format)")
    .requiredOption("--out <dir>", "output folder")
    .option("--npm <spec...>", "npm packages the set-up cell installs when Node cannot find them", defaultNpmPackages())
    .option("--smoke", "start from each notebook's smoke parameters (metadata tfjs-tune.smoke)", false)
    .option("--param <name=value>", "set a parameter after the parameters cell (repeatable)", parseParam, {})
    .action((notebooks: string[], opts: { out: string; npm: string[]; smoke: boolean; param: Record<string, unknown> }) => {
      const written = exportNotebooks(notebooks, { out: resolve(opts.out), npmPackages: opts.npm, smoke: opts.smoke, params: opts.param });
      for (const w of written) process.stdout.write(`${w}\n`);
    });
}
