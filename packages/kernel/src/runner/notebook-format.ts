import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { JupyterMessage } from "./jupyter-client.js";

/** A notebook output, as nbformat 4 stores it. */
export type NotebookOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; execution_count: number | null; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** A notebook cell (nbformat 4.5: every cell has an id). */
export interface NotebookCell {
  id: string;
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: { tags?: string[]; [k: string]: unknown };
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  attachments?: Record<string, unknown>;
}

/** An nbformat 4 notebook. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- nbformat metadata is free-form JSON that frontends extend
  metadata: Record<string, any>;
  cells: NotebookCell[];
}

/** The source of a cell as one string. */
export function cellSource(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Reads a notebook file, upgrading it to nbformat 4.5 (cell ids); errors name the file. */
export function readNotebook(path: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: not a readable notebook (${(err as Error).message})`);
  }
  if (nb?.nbformat !== 4 || !Array.isArray(nb.cells)) {
    throw new Error(`${path}: expected an nbformat 4 notebook with a cells array, got nbformat ${String(nb?.nbformat)}`);
  }
  if ((nb.nbformat_minor ?? 0) < 5) nb.nbformat_minor = 5;
  const seen = new Set<string>();
  for (const cell of nb.cells) {
    if (!cell.id || seen.has(cell.id)) cell.id = randomUUID().slice(0, 8);
    seen.add(cell.id);
    cell.metadata ??= {};
  }
  return nb;
}

/** Splits text into nbformat's multiline-string form (lines keep their newline). */
export function toLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Serialises a notebook as Jupyter writes it (1-space indent, multiline strings as line arrays). */
export function serializeNotebook(nb: Notebook): string {
  const cells = nb.cells.map((c) => ({
    ...c,
    source: toLines(cellSource(c)),
    ...(c.outputs
      ? {
          outputs: c.outputs.map((o) =>
            o.output_type === "stream"
              ? { ...o, text: toLines(o.text) }
              : o.output_type === "display_data" || o.output_type === "execute_result"
                ? { ...o, data: Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, typeof v === "string" && !k.endsWith("json") ? toLines(v) : v])) }
                : o,
          ),
        }
      : {}),
  }));
  return JSON.stringify({ ...nb, cells }, null, 1) + "\n";
}

/**
 * Turns the iopub messages of executed cells into nbformat outputs, applying clear_output and
 * update_display_data (which may target an output of an earlier cell) as a frontend would.
 */
export class OutputCollector {
  private readonly byDisplayId = new Map<string, Array<{ output: NotebookOutput & { data: Record<string, unknown> } }>>();
  private clearPending = false;

  /** Adds one iopub message to `outputs` (the current cell's list). */
  add(outputs: NotebookOutput[], msg: JupyterMessage): void {
    const c = msg.content;
    const type = msg.header.msg_type;
    if (type === "clear_output") {
      if (c.wait) this.clearPending = true;
      else outputs.length = 0;
      return;
    }
    if (type === "update_display_data") {
      const id = c.transient?.display_id as string | undefined;
      for (const ref of (id && this.byDisplayId.get(id)) || []) {
        ref.output.data = c.data;
        (ref.output as { metadata: unknown }).metadata = c.metadata ?? {};
      }
      return;
    }
    let out: NotebookOutput | undefined;
    if (type === "stream") {
      const last = outputs[outputs.length - 1];
      if (!this.clearPending && last?.output_type === "stream" && last.name === c.name) {
        last.text = applyCarriageReturns(last.text + c.text);
        return;
      }
      out = { output_type: "stream", name: c.name, text: applyCarriageReturns(c.text) };
    } else if (type === "display_data") {
      out = { output_type: "display_data", data: c.data ?? {}, metadata: c.metadata ?? {} };
    } else if (type === "execute_result") {
      out = { output_type: "execute_result", execution_count: c.execution_count ?? null, data: c.data ?? {}, metadata: c.metadata ?? {} };
    } else if (type === "error") {
      out = { output_type: "error", ename: c.ename ?? "Error", evalue: c.evalue ?? "", traceback: c.traceback ?? [] };
    }
    if (!out) return;
    if (this.clearPending) {
      outputs.length = 0;
      this.clearPending = false;
    }
    outputs.push(out);
    const id = c.transient?.display_id as string | undefined;
    if (id && (out.output_type === "display_data" || out.output_type === "execute_result")) {
      const refs = this.byDisplayId.get(id) ?? [];
      refs.push({ output: out });
      this.byDisplayId.set(id, refs);
    }
  }
}

/** Keeps what a terminal would show after `\r` rewrites within each line (progress bars). */
export function applyCarriageReturns(text: string): string {
  if (!text.includes("\r")) return text;
  return text
    .split("\n")
    .map((line) => {
      const parts = line.split("\r").filter((p, i, all) => p.length > 0 || i === all.length - 1);
      return parts.length ? parts[parts.length - 1]! : "";
    })
    .join("\n");
}

/** Removes ANSI colour codes (tracebacks carry them). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- ESC is exactly the character to match
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}
