/**
 * The paths `tfjs-tune run` is given, checked before any kernel starts: each problem is one line that
 * names the path and what was expected (no stack trace, no raw ENOENT).
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { DATA_ENV } from "../library-protocol.js";

/** A problem with the command line or its paths: the CLI prints its message alone. */
export class RunInputError extends Error {
  override name = "RunInputError";
}

function kind(path: string): "missing" | "file" | "folder" | "other" {
  if (!existsSync(path)) return "missing";
  const st = statSync(path);
  return st.isDirectory() ? "folder" : st.isFile() ? "file" : "other";
}

/** Expands folders to the .ipynb files inside them (sorted), keeps notebook files as given. */
export function listNotebooks(paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const k = kind(p);
    if (k === "missing") throw new RunInputError(`${p}: no such file or folder; expected a notebook (.ipynb) or a folder of notebooks`);
    if (k === "folder") {
      const found = readdirSync(p)
        .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
        .sort()
        .map((f) => join(p, f));
      if (found.length === 0) throw new RunInputError(`${p}: this folder holds no notebooks (.ipynb files)`);
      out.push(...found);
    } else if (k === "file" && p.endsWith(".ipynb")) out.push(p);
    else throw new RunInputError(`${p}: not a notebook; expected a .ipynb file or a folder of notebooks`);
  }
  if (out.length === 0) throw new RunInputError("no notebooks given; expected notebook files or folders");
  return out;
}

/** Creates the output folder when needed and checks that files can be written in it. */
export function prepareOutDir(out: string): void {
  const k = kind(out);
  if (k === "file" || k === "other") throw new RunInputError(`--out ${out}: exists and is not a folder; expected a folder for the executed notebooks`);
  if (k === "missing") {
    let parent = dirname(resolve(out));
    while (kind(parent) === "missing") parent = dirname(parent);
    if (kind(parent) !== "folder") throw new RunInputError(`--out ${out}: cannot be created because ${parent} is not a folder`);
    try {
      mkdirSync(out, { recursive: true });
    } catch (err) {
      throw new RunInputError(`--out ${out}: cannot create the output folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  const probe = join(out, `.tfjs-tune-write-test-${process.pid}`);
  try {
    accessSync(out, constants.W_OK);
    writeFileSync(probe, "");
    rmSync(probe);
  } catch (err) {
    throw new RunInputError(
      `--out ${out}: the output folder is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another with --out`,
    );
  }
}

/**
 * Environment overrides for the kernels: a relative $TFJS_TUNE_DATA is made absolute against this
 * command's folder, because each kernel runs in its notebook's folder and would resolve it from there.
 * A $TFJS_TUNE_DATA that is a file is refused (it must name the folder that holds the data files).
 */
export function kernelEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const dir = env[DATA_ENV];
  if (!dir) return {};
  const k = kind(dir);
  if (k === "file" || k === "other") throw new RunInputError(`${DATA_ENV}=${dir}: is a file; expected the folder that holds (or will hold) the data files`);
  return { [DATA_ENV]: resolve(dir) };
}
