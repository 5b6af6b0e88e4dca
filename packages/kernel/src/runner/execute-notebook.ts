import { randomUUID } from "node:crypto";
import { dirname, resolve } from "node:path";
import { KernelClient, type ExecuteOutcome, type JupyterMessage } from "./jupyter-client.js";
import { METRICS_MIME } from "../library-protocol.js";
import { cellSource, OutputCollector, stripAnsi, type Notebook, type NotebookCell, type NotebookOutput } from "./notebook-format.js";

/** Options for {@link executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Kernel command line with a `{connection_file}` placeholder. */
  kernelArgv: string[];
  /** Values injected after the cell tagged `parameters` (papermill's convention). @default {} */
  params?: Record<string, unknown>;
  /** Per-cell time limit in seconds; a cell still running then is interrupted, then its kernel killed. @default 1800 */
  timeoutSeconds?: number;
  /** After a timeout's interrupt, how long the cell has to stop before the kernel is killed. @default min(5 s, the timeout) */
  interruptGraceSeconds?: number;
  /** Extra environment for the kernel. */
  env?: Record<string, string>;
  /** Called as each cell starts (index among code cells, total code cells, source). */
  onCell?: (index: number, total: number, cell: NotebookCell) => void;
  /** Called with every output message as it arrives. */
  onOutput?: (msg: JupyterMessage) => void;
}

/** Where and why a notebook failed. */
export interface NotebookFailure {
  /** 1-based cell number in the executed notebook (all cell types counted, as Jupyter shows them); 0 when the kernel did not start. */
  cell: number;
  /** How long the failing cell ran, in seconds. */
  seconds?: number;
  ename: string;
  evalue: string;
  /** The source line the traceback points at, when it can be found. */
  line?: { number: number; text: string };
}

/** The result of running one notebook. */
export interface NotebookRun {
  notebook: Notebook;
  seconds: number;
  failure?: NotebookFailure;
  /** Numbers the notebook reported (e.g. "Test AUC"), last value wins. */
  metrics: Record<string, number>;
}

export { METRICS_MIME };

const METRIC_LINE = /\b(Test AUC|Test Accuracy|Val AUC|Best value)\s*[:=]\s*(-?[0-9]*\.?[0-9]+(?:e-?\d+)?)/gi;

/** Renders a parameter value as a TypeScript literal. */
export function toTsLiteral(name: string, value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`parameter ${name}: ${value} is not a finite number`);
  if (value === undefined) throw new Error(`parameter ${name}: no value`);
  return JSON.stringify(value);
}

/** The names a notebook's `parameters` cell declares: settable (`let`/`var`) and `const`; undefined without such a cell. */
export function declaredParameters(nb: Notebook): { settable: string[]; constant: string[] } | undefined {
  const cell = nb.cells.find((c) => c.metadata.tags?.includes("parameters"));
  if (!cell) return undefined;
  const src = cellSource(cell);
  const names = (kinds: string) => [...src.matchAll(new RegExp(`\\b(?:${kinds})\\s+([A-Za-z_$][\\w$]*)`, "g"))].map((m) => m[1]!);
  return { settable: names("let|var"), constant: names("const") };
}

/**
 * Adds a cell tagged `injected-parameters` after the cell tagged `parameters`. Each parameter must
 * be declared with `let` in the parameters cell, so the injected assignments type-check. The
 * assignments sit in a block so that the cell shows no result.
 */
export function injectParameters(nb: Notebook, params: Record<string, unknown>, label = "notebook"): void {
  const names = Object.keys(params);
  if (names.length === 0) return;
  const at = nb.cells.findIndex((c) => c.metadata.tags?.includes("parameters"));
  if (at < 0) throw new Error(`${label}: --param given but no cell is tagged "parameters"`);
  const declared = declaredParameters(nb)!;
  const lines: string[] = ["// Parameters injected by tfjs-tune run", "{"];
  for (const name of names) {
    if (declared.constant.includes(name)) throw new Error(`${label}: parameter "${name}" is declared with const; declare it with let so it can be set`);
    if (!declared.settable.includes(name)) {
      throw new Error(`${label}: unknown parameter "${name}"; the parameters cell declares: ${declared.settable.join(", ") || "nothing"}`);
    }
    lines.push(`  ${name} = ${toTsLiteral(name, params[name])};`);
  }
  lines.push("}");
  nb.cells.splice(at + 1, 0, {
    id: randomUUID().slice(0, 8),
    cell_type: "code",
    source: lines.join("\n"),
    metadata: { tags: ["injected-parameters"] },
    outputs: [],
    execution_count: null,
  });
}

/**
 * The source line an error points at: a type error's `line:column` (the evalue starts with it), else
 * the first stack frame in this cell (`cell [N], line L`), else the first `line L` that exists here.
 */
export function findFailingLine(
  cell: NotebookCell,
  out: Extract<NotebookOutput, { output_type: "error" }>,
  executionCount?: number | null,
): NotebookFailure["line"] {
  const lines = cellSource(cell).split("\n");
  const at = (n: number) => (n >= 1 && n <= lines.length && lines[n - 1]!.trim() ? { number: n, text: lines[n - 1]!.trim() } : undefined);
  const evalue = stripAnsi(out.evalue);
  const text = stripAnsi([out.evalue, ...out.traceback].join("\n"));
  const ts = out.ename === "TSError" ? /^(\d+):\d+ - /.exec(evalue) : null;
  if (ts) return at(Number(ts[1]));
  if (executionCount != null) {
    const own = new RegExp(`\\(cell \\[${executionCount}\\], line (\\d+)\\)`).exec(text);
    if (own) return at(Number(own[1]));
  }
  for (const m of text.matchAll(/\bline (\d+)/g)) {
    const found = at(Number(m[1]));
    if (found) return found;
  }
  return undefined;
}

function collectMetrics(outputs: NotebookOutput[], metrics: Record<string, number>): void {
  for (const o of outputs) {
    if (o.output_type === "stream") {
      for (const m of o.text.matchAll(METRIC_LINE)) metrics[m[1]!] = Number(m[2]);
    } else if ((o.output_type === "display_data" || o.output_type === "execute_result") && o.data[METRICS_MIME]) {
      for (const [k, v] of Object.entries(o.data[METRICS_MIME] as Record<string, unknown>)) if (typeof v === "number") metrics[k] = v;
    }
  }
}

/** The last `n` non-empty lines of the kernel's stderr. */
function stderrLines(stderr: string, n = 12): string[] {
  return stderr
    .split("\n")
    .map((l) => stripAnsi(l).trimEnd())
    .filter((l) => l.trim())
    .slice(-n);
}

/**
 * For a cell whose kernel died or that ran out of time: the error that goes into the cell (so the
 * executed notebook shows it) and into the failure.
 */
export function abnormalEnd(outcome: ExecuteOutcome, timeoutSeconds: number, graceSeconds: number): { ename: string; evalue: string } | undefined {
  const after = `${outcome.seconds.toFixed(1)} s`;
  const how = outcome.exit ? (outcome.exit.signal ? `killed by ${outcome.exit.signal}` : `exit code ${outcome.exit.code}`) : "";
  const stderr = outcome.exit ? stderrLines(outcome.exit.stderr) : [];
  const tail = stderr.length ? `\nthe kernel's stderr (last lines):\n${stderr.join("\n")}` : "";
  if (outcome.status === "died") return { ename: "KernelDied", evalue: `the kernel died while this cell ran, after ${after} (${how})${tail}` };
  if (outcome.status !== "timeout") return undefined;
  if (outcome.ended === "interrupted") return { ename: "Timeout", evalue: `the cell ran longer than ${timeoutSeconds} s and was interrupted` };
  return {
    ename: "Timeout",
    evalue: `the cell ran longer than ${timeoutSeconds} s; the interrupt did not stop it within ${graceSeconds} s, so the kernel was killed (${how})${tail}`,
  };
}

/** A synthetic iopub message (for outputs recovered from the journal and the runner's own errors). */
function localMessage(type: string, content: Record<string, unknown>): JupyterMessage {
  return {
    header: { msg_id: randomUUID(), msg_type: type, session: "tfjs-tune-run", username: "tfjs-tune", date: new Date().toISOString(), version: "5.3" },
    parent_header: {},
    metadata: {},
    content,
  };
}

/**
 * Runs every code cell of a notebook in one kernel, in order, and returns the executed notebook.
 * Stops at the first unexpected error (a cell tagged `raises-exception` may fail); the notebook
 * returned then holds all outputs produced so far. A kernel that dies, or a cell that runs out of
 * time, fails the notebook at that cell: the cell keeps what it printed (also what had not reached
 * the runner when the kernel died) and gets an error output saying what happened.
 */
export async function executeNotebook(nb: Notebook, path: string, options: ExecuteNotebookOptions): Promise<NotebookRun> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  injectParameters(nb, options.params ?? {}, path);
  const metrics: Record<string, number> = {};
  const timeoutSeconds = options.timeoutSeconds ?? 1800;
  const graceSeconds = options.interruptGraceSeconds ?? Math.min(5, timeoutSeconds);
  const stamp = () => (nb.metadata["tfjs-tune"] = { ...(nb.metadata["tfjs-tune"] ?? {}), executed: new Date().toISOString(), params: options.params ?? {} });
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  let client: KernelClient;
  try {
    client = await KernelClient.start({ argv: options.kernelArgv, cwd: dirname(resolve(path)), env: options.env });
  } catch (e) {
    stamp();
    return {
      notebook: nb,
      seconds: elapsed(),
      metrics,
      failure: { cell: 0, seconds: elapsed(), ename: "KernelError", evalue: `the kernel did not start: ${(e as Error).message}` },
    };
  }
  const collector = new OutputCollector();
  const codeCells = nb.cells.filter((c) => c.cell_type === "code");
  let failure: NotebookFailure | undefined;
  try {
    let k = 0;
    for (const [i, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      options.onCell?.(k++, codeCells.length, cell);
      const outputs = cell.outputs!;
      const outcome = await client.execute(cellSource(cell), {
        timeoutMs: timeoutSeconds * 1000,
        interruptGraceMs: graceSeconds * 1000,
        onIopub: (m) => {
          collector.add(outputs, m);
          options.onOutput?.(m);
        },
      });
      cell.execution_count = outcome.executionCount;
      for (const s of outcome.lostStreams ?? []) collector.add(outputs, localMessage("stream", { ...s }));
      collectMetrics(outputs, metrics);
      const expected = cell.metadata.tags?.includes("raises-exception") ?? false;
      const err = outputs.find((o): o is Extract<NotebookOutput, { output_type: "error" }> => o.output_type === "error");
      const abnormal = abnormalEnd(outcome, timeoutSeconds, graceSeconds);
      if (abnormal) {
        collector.add(outputs, localMessage("error", { ...abnormal, traceback: [`${abnormal.ename}: ${abnormal.evalue}`] }));
        failure = { cell: i + 1, seconds: outcome.seconds, ...abnormal };
      } else if (!expected && (err || outcome.status !== "ok")) {
        const ename = err?.ename ?? outcome.reply?.content.ename ?? "Error";
        const evalue = err?.evalue ?? outcome.reply?.content.evalue ?? `the kernel answered ${outcome.status}`;
        failure = {
          cell: i + 1,
          seconds: outcome.seconds,
          ename,
          evalue: stripAnsi(evalue),
          line: err ? findFailingLine(cell, err, outcome.executionCount) : undefined,
        };
      }
      if (failure) break;
    }
  } finally {
    await client.shutdown();
  }
  stamp();
  return { notebook: nb, seconds: elapsed(), failure, metrics };
}
