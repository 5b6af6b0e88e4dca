import { writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { declaredParameters, executeNotebook, injectParameters, type NotebookRun } from "./execute-notebook.js";
import type { JupyterMessage } from "./jupyter-client.js";
import { readNotebook, serializeNotebook, type Notebook } from "./notebook-format.js";
import { notebookToHtml } from "./notebook-html.js";
import { checkParameterValues } from "./parameter-types.js";
import { kernelEnv, listNotebooks, prepareOutDir, RunInputError } from "./run-paths.js";

export { kernelEnv, listNotebooks, RunInputError };

/** Options of {@link runNotebooks}, as the `run` command parses them. */
export interface RunOptions {
  /** Output folder for executed notebooks and HTML pages. @default "out" */
  out: string;
  /** name=value pairs injected after the `parameters` cell. @default {} */
  params: Record<string, unknown>;
  /** Per-cell time limit in seconds. @default 1800 */
  timeout: number;
  /** Kernel command line with `{connection_file}`. @default our kernel in dist/ */
  kernelArgv?: string[];
  /** Echo the notebooks' stream output to stderr while they run. @default false */
  verbose?: boolean;
  /** Start from each notebook's smoke parameters (`metadata["tfjs-tune"].smoke`); `params` override them. @default false */
  smoke?: boolean;
  /** Run every notebook even after one fails (all failures are listed at the end). @default false: stop at the first failing notebook */
  keepGoing?: boolean;
}

/** The row of the summary table for one notebook. */
export interface RunSummary {
  notebook: string;
  seconds: number;
  /** "not run": an earlier notebook failed and `keepGoing` was off. */
  status: "ok" | "failed" | "not run";
  metrics: Record<string, number>;
  message?: string;
}

/** Our kernel's command line (the built kernel next to this file). */
export function defaultKernelArgv(): string[] {
  const main = fileURLToPath(new URL("../kernel/main.js", import.meta.url));
  return [process.execPath, main, "{connection_file}"];
}

/** Parses `name=value`; the value is JSON when it parses (numbers, booleans, arrays), else a string. */
export function parseParam(pair: string, into: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = pair.indexOf("=");
  if (eq <= 0) throw new RunInputError(`--param expects name=value, got "${pair}"`);
  const name = pair.slice(0, eq).trim();
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new RunInputError(`--param: "${name}" is not a valid TypeScript identifier`);
  const raw = pair.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    /* a bare string */
  }
  into[name] = value;
  return into;
}

/** A notebook's smoke-run parameters: `metadata["tfjs-tune"].smoke`, or {} when it has none. */
export function smokeParameters(nb: Notebook, label = "notebook"): Record<string, unknown> {
  const smoke = (nb.metadata?.["tfjs-tune"] as { smoke?: unknown } | undefined)?.smoke;
  if (smoke === undefined) return {};
  if (smoke === null || typeof smoke !== "object" || Array.isArray(smoke)) {
    throw new Error(`${label}: metadata["tfjs-tune"].smoke must be an object of parameters, got ${JSON.stringify(smoke)}`);
  }
  return { ...(smoke as Record<string, unknown>) };
}

/**
 * Decides which `--param` values go to which notebook. One notebook gets all of them (an unknown
 * name is an error there). Several notebooks each get the names their parameters cell declares,
 * so one command line can set `epochs` for the notebooks that train; a name no notebook declares
 * is an error. Returns one params record per notebook and notes about names left out.
 */
export function parametersFor(
  books: ReadonlyArray<{ name: string; notebook: Notebook }>,
  params: Record<string, unknown>,
): { params: Record<string, unknown>[]; notes: string[] } {
  const names = Object.keys(params);
  if (books.length <= 1 || names.length === 0) return { params: books.map(() => ({ ...params })), notes: [] };
  const declared = books.map((b) => declaredParameters(b.notebook));
  const declares = (i: number, n: string) => Boolean(declared[i]?.settable.includes(n) || declared[i]?.constant.includes(n));
  for (const n of names) {
    if (!books.some((_, i) => declares(i, n))) {
      const known = books.map((b, i) => `${b.name}: ${[...(declared[i]?.settable ?? [])].join(", ") || "none"}`).join("; ");
      throw new RunInputError(`--param ${n}: no notebook declares it in its parameters cell (${known})`);
    }
  }
  const notes: string[] = [];
  const out = books.map((b, i) => {
    const mine: Record<string, unknown> = {};
    const skipped: string[] = [];
    for (const n of names) {
      if (declares(i, n)) mine[n] = params[n];
      else skipped.push(n);
    }
    if (skipped.length) notes.push(`${b.name}: not a parameter here, left out: ${skipped.join(", ")}`);
    return mine;
  });
  return { params: out, notes };
}

/** How often a progress line is repeated in a log that is not a terminal. */
const STATUS_EVERY_MS = 30_000;

/** The text of a one-line text-only display (a progress bar), else undefined. */
export function statusLine(m: JupyterMessage): string | undefined {
  const type = m.header.msg_type;
  if (type !== "display_data" && type !== "update_display_data") return undefined;
  const data = (m.content.data ?? {}) as Record<string, unknown>;
  const keys = Object.keys(data);
  const text = data["text/plain"];
  if (keys.length !== 1 || typeof text !== "string" || text.includes("\n") || text.length > 300) return undefined;
  return text;
}

function formatMetrics(m: Record<string, number>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(3)}`)
    .join(", ");
}

/** The summary as an aligned text table. */
export function summaryTable(rows: RunSummary[]): string {
  const table = [["notebook", "seconds", "status", "metrics"], ...rows.map((r) => [r.notebook, r.seconds.toFixed(1), r.status, formatMetrics(r.metrics)])];
  const widths = table[0]!.map((_, j) => Math.max(...table.map((row) => row[j]!.length)));
  const line = (row: string[]) =>
    row
      .map((c, j) => (j === 1 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!)))
      .join("  ")
      .trimEnd();
  return [line(table[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...table.slice(1).map(line)].join("\n");
}

/** How often the progress line is rewritten on a terminal, even when the notebook prints nothing. */
const TTY_STATUS_EVERY_MS = 5_000;

/** The failed cell as `cell 6 (In [5])`: its place in the notebook and its execution count. */
function failedCell(run: NotebookRun): string {
  const f = run.failure!;
  if (f.cell === 0) return "before the first cell";
  const count = run.notebook.cells[f.cell - 1]?.execution_count;
  return `cell ${f.cell}${typeof count === "number" ? ` (In [${count}])` : ""}`;
}

/**
 * The whole failure: the cell's number in the notebook and its execution count as Jupyter shows it
 * (`In [7]`), every line of the error message, and the source line it points at.
 */
export function describeFailure(run: NotebookRun): string {
  const f = run.failure!;
  const where = failedCell(run);
  const [first = "", ...rest] = f.evalue.trimEnd().split("\n");
  const more = rest.map((l) => `\n    ${l}`).join("");
  const line = f.line ? `\n    at line ${f.line.number}: ${f.line.text}` : "";
  return `${where}: ${f.ename}: ${first}${more}${line}`;
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/**
 * Executes notebooks one after another through the kernel, writes `<out>/<name>.ipynb` and
 * `<out>/<name>.html` for each (also after a failure), and returns the summary rows.
 */
export async function runNotebooks(paths: string[], options: RunOptions): Promise<RunSummary[]> {
  // every input is checked before the first kernel starts: a typo costs nothing
  const files = listNotebooks(paths);
  const env = kernelEnv();
  const books = files.map((file) => ({ name: basename(file, ".ipynb"), notebook: readNotebook(file) }));
  const plan = parametersFor(books, options.params);
  const params = books.map((b, n) => ({
    ...(options.smoke ? checkParameterValues(b.notebook, b.name, smokeParameters(b.notebook, b.name), "smoke parameter") : {}),
    ...checkParameterValues(b.notebook, b.name, plan.params[n] ?? {}),
  }));
  // a dry run of the injection: unknown, const-declared and cell-less parameters are refused now
  books.forEach((b, n) => {
    try {
      injectParameters(structuredClone(b.notebook), params[n]!, b.name);
    } catch (e) {
      throw new RunInputError(`--param: ${(e as Error).message}`);
    }
  });
  for (const note of plan.notes) process.stderr.write(`--param: ${note}\n`);
  prepareOutDir(options.out);
  const rows: RunSummary[] = [];
  const tty = process.stderr.isTTY;
  const messages = new Map<string, string>();
  for (const [n, file] of files.entries()) {
    const { name, notebook: nb } = books[n]!;
    const tag = `[${n + 1}/${files.length}] ${name}`;
    if (rows.some((r) => r.status === "failed") && !options.keepGoing) {
      rows.push({ notebook: basename(file), seconds: 0, status: "not run", metrics: {} });
      continue;
    }
    let cellTag = tag;
    let lastStatus = "";
    let cellStarted = Date.now();
    let lastPrinted = -Infinity;
    const show = (force: boolean) => {
      const now = Date.now();
      const text = `${cellTag}  ${seconds(now - cellStarted)}${lastStatus ? `  ${lastStatus}` : ""}`;
      if (tty) process.stderr.write(`\r\x1b[2K${text}`.slice(0, (process.stderr.columns ?? 120) + 4));
      else if (force || now - lastPrinted >= STATUS_EVERY_MS) process.stderr.write(`${text}\n`);
      else return;
      lastPrinted = now;
    };
    // a line at least every 5 s on a terminal and every 30 s in a log, also while a cell prints nothing
    const heartbeat = setInterval(() => options.verbose || show(false), tty ? TTY_STATUS_EVERY_MS : STATUS_EVERY_MS);
    let run: NotebookRun;
    const notebookStarted = Date.now();
    try {
      run = await executeNotebook(nb, file, {
        kernelArgv: options.kernelArgv ?? defaultKernelArgv(),
        env,
        params: params[n],
        timeoutSeconds: options.timeout,
        onCell: (i, total) => {
          cellTag = `${tag}: cell ${i + 1}/${total}`;
          lastStatus = "";
          cellStarted = Date.now();
          if (tty) process.stderr.write(`\r\x1b[2K${cellTag}`);
          else process.stderr.write(`${cellTag}\n`);
          lastPrinted = Date.now();
        },
        onOutput: (m) => {
          if (options.verbose && m.header.msg_type === "stream") process.stderr.write(String(m.content.text));
          const line = statusLine(m);
          if (line === undefined || options.verbose) return;
          // a live progress display (epoch, trial, ETA): shown after the cell number
          lastStatus = line;
          if (tty) show(true);
          else show(false);
        },
      });
    } catch (err) {
      // executeNotebook reports kernel faults at their cell; this is what is left (the kernel's channel lost)
      const seconds = (Date.now() - notebookStarted) / 1000;
      run = { notebook: nb, seconds, metrics: {}, failure: { cell: 0, seconds, ename: "KernelError", evalue: (err as Error).message } };
    } finally {
      clearInterval(heartbeat);
    }
    if (tty) process.stderr.write("\r\x1b[2K");
    writeFileSync(join(options.out, `${name}.ipynb`), serializeNotebook(run.notebook));
    writeFileSync(join(options.out, `${name}.html`), notebookToHtml(run.notebook, name));
    let message = run.failure ? describeFailure(run) : undefined;
    if (run.failure) {
      // the same error in several notebooks (missing data) is shown whole once
      const key = `${run.failure.ename}: ${run.failure.evalue}`;
      const seen = messages.get(key);
      if (seen) message = `${failedCell(run)}: the same ${run.failure.ename} as ${seen}`;
      else messages.set(key, basename(file));
    }
    const row: RunSummary = { notebook: basename(file), seconds: run.seconds, status: run.failure ? "failed" : "ok", metrics: run.metrics, message };
    // the whole message is printed once, in the list of failures at the end
    const headline = row.message ? ` — ${row.message.split("\n")[0]}${row.message.includes("\n") ? " (whole message below)" : ""}` : "";
    process.stderr.write(`${tag}: ${row.status} in ${row.seconds.toFixed(1)} s${headline}\n`);
    rows.push(row);
  }
  return rows;
}

/** Registers `tfjs-tune run [notebooks…]` on the CLI program. */
export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description("execute notebooks headlessly through the tfjs-tune kernel; writes .ipynb and .html to --out")
    .argument("[notebooks...]", "notebook files or folders", ["notebooks"])
    .option("--out <dir>", "output folder", "out")
    .option("--param <name=value>", "set a parameter (repeatable)", (v: string, acc: Record<string, unknown>) => parseParam(v, acc), {})
    .option(
      "--timeout <seconds>",
      "time limit per cell: the cell is then interrupted, and its kernel killed if the interrupt cannot stop it",
      (v: string) => {
        const n = Number(v);
        if (!(n > 0)) throw new RunInputError(`--timeout expects a positive number of seconds, got "${v}"`);
        return n;
      },
      1800,
    )
    .option("--kernel-cmd <argv>", "kernel command line as a JSON array with {connection_file}")
    .option("--smoke", "quick run: each notebook's smoke parameters (metadata tfjs-tune.smoke), --param values on top", false)
    .option("--verbose", "echo the notebooks' output while they run", false)
    .option("--keep-going", "run the remaining notebooks after a failure and list every failure at the end", false)
    .action(
      async (
        notebooks: string[],
        opts: { out: string; param: Record<string, unknown>; timeout: number; kernelCmd?: string; verbose: boolean; smoke: boolean; keepGoing: boolean },
      ) => {
        let kernelArgv: string[] | undefined;
        if (opts.kernelCmd) {
          try {
            kernelArgv = JSON.parse(opts.kernelCmd) as string[];
          } catch {
            kernelArgv = undefined;
          }
          if (!Array.isArray(kernelArgv) || !kernelArgv.every((a) => typeof a === "string")) {
            throw new RunInputError(`--kernel-cmd expects a JSON array of strings with {connection_file}, got ${opts.kernelCmd}`);
          }
        }
        const rows = await runNotebooks(notebooks, {
          out: resolve(opts.out),
          params: opts.param,
          timeout: opts.timeout,
          kernelArgv,
          verbose: opts.verbose,
          smoke: opts.smoke,
          keepGoing: opts.keepGoing,
        });
        process.stdout.write(`\n${summaryTable(rows)}\n`);
        const failed = rows.filter((r) => r.status === "failed");
        for (const r of failed) process.stderr.write(`\nFAILED ${r.notebook}: ${r.message}\n`);
        const skipped = rows.filter((r) => r.status === "not run");
        if (skipped.length)
          process.stderr.write(`\nstopped after the first failure; not run: ${skipped.map((r) => r.notebook).join(", ")} (--keep-going runs them)\n`);
        process.stdout.write(`\nexecuted notebooks and HTML pages: ${resolve(opts.out)}\n`);
        if (failed.length) process.exitCode = 1;
      },
    );
}
