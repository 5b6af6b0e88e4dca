// Reading executed notebooks in tests: the cells, their outputs and their printed text.
import { readFileSync } from "node:fs";

/** An output as an executed .ipynb stores it (multiline strings may be line arrays). */
export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** A cell of an executed notebook. */
export interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Output[];
  execution_count?: number | null;
}

/** Joins nbformat's multiline-string form into one string. */
export const text = (v: unknown): string => (Array.isArray(v) ? v.join("") : String(v ?? ""));

/** The cells of the executed notebook at `path`. */
export function readCells(path: string): Cell[] {
  return (JSON.parse(readFileSync(path, "utf8")) as { cells: Cell[] }).cells;
}

/** Every output of every cell, in order. */
export function allOutputs(cells: Cell[]): Output[] {
  return cells.flatMap((c) => c.outputs ?? []);
}

/** Everything the cells printed to stdout/stderr, concatenated. */
export function streamText(cells: Cell[]): string {
  return allOutputs(cells).filter((o) => o.output_type === "stream").map((o) => text(o.text)).join("");
}
