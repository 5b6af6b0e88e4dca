/**
 * Turns compile diagnostics and runtime exceptions into Jupyter `error` content (ename, evalue,
 * traceback) whose traceback points at the cell's own lines. Runtime stack frames refer to the
 * converted JavaScript (file `cell-N`); each JS line is mapped back to its TypeScript line by a
 * monotonic alignment of the two texts (tslab's converter emits no source map).
 */
import { inspect } from "node:util";
import type { TslabDiagnostic } from "./tslab.js";

/** The content of an `error` message / an error `execute_reply`. */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** One executed cell: its TypeScript source and the JavaScript that ran. */
export interface CellSource {
  /** The vm filename the JS ran under, e.g. `cell-3`. */
  filename: string;
  /** Label shown in tracebacks, e.g. `cell [3]`. */
  label: string;
  source: string;
  compiled: string;
  /** Line offset of `compiled` inside the evaluated script (lines added before it). */
  lineOffset: number;
}

const TOKEN = /[A-Za-z_$][\w$]*|\d[\w.]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|[^\s\w]/g;

/** Tokens of a line, without `exports.` rewrites (tslab turns cell variables into `exports.x`). */
function tokens(line: string): string[] {
  return (
    line
      .replace(/\bexports\.(?=[A-Za-z_$])/g, "")
      .replace(/^\s*exports\.\w+\s*=\s*/, "")
      .match(TOKEN) ?? []
  ).filter((t) => t !== ";");
}

/** Dice similarity of two token multisets. */
function similarity(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of a) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      common++;
      counts.set(t, c - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

/**
 * Maps each line of `compiled` (0-based) to a line of `source` (0-based) or -1: the monotonic alignment
 * maximising total token similarity (Needleman–Wunsch style dynamic programming over lines).
 */
export function alignLines(source: string, compiled: string): number[] {
  const S = source.split("\n").map(tokens);
  const C = compiled.split("\n").map(tokens);
  const n = C.length,
    m = S.length;
  const score = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const move = Array.from({ length: n + 1 }, () => new Uint8Array(m + 1)); // 1 match, 2 skip compiled, 3 skip source
  for (let i = 1; i <= n; i++) move[i]![0] = 2;
  for (let j = 1; j <= m; j++) move[0]![j] = 3;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sim = similarity(C[i - 1]!, S[j - 1]!);
      const diag = sim >= 0.34 ? score[i - 1]![j - 1]! + sim : -Infinity;
      const up = score[i - 1]![j]!;
      const left = score[i]![j - 1]!;
      if (diag >= up && diag >= left) {
        score[i]![j] = diag;
        move[i]![j] = 1;
      } else if (up >= left) {
        score[i]![j] = up;
        move[i]![j] = 2;
      } else {
        score[i]![j] = left;
        move[i]![j] = 3;
      }
    }
  }
  const map = new Array<number>(n).fill(-1);
  for (let i = n, j = m; i > 0 && j >= 0;) {
    const mv = move[i]![j];
    if (mv === 1) {
      map[i - 1] = j - 1;
      i--;
      j--;
    } else if (mv === 2 || j === 0) i--;
    else j--;
  }
  // Unmatched compiled lines (helpers, `exports.x = x;`) take the source line of the nearest matched line above.
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (map[i]! >= 0) last = map[i]!;
    else map[i] = last;
  }
  return map;
}

/** Maps 1-based JS line numbers of a cell to 1-based TypeScript lines (cached per cell). */
export class CellLineMap {
  private readonly cells = new Map<string, { cell: CellSource; map?: number[] }>();

  /** Registers a cell that is about to run. */
  add(cell: CellSource): void {
    this.cells.set(cell.filename, { cell });
  }

  /** The cell and its 1-based TS line for a frame in `filename` at 1-based JS `line`, or undefined. */
  locate(filename: string, line: number): { cell: CellSource; line: number } | undefined {
    const entry = this.cells.get(filename);
    if (!entry) return undefined;
    entry.map ??= alignLines(entry.cell.source, entry.cell.compiled);
    const js = line - 1 - entry.cell.lineOffset;
    const ts = entry.map[Math.min(Math.max(js, 0), entry.map.length - 1)] ?? -1;
    return ts >= 0 ? { cell: entry.cell, line: ts + 1 } : undefined;
  }
}

/** Source excerpt around 1-based `line` with a `>` marker. */
function excerpt(source: string, line: number, context = 2): string[] {
  const lines = source.split("\n");
  const out: string[] = [];
  const width = String(Math.min(lines.length, line + context)).length;
  for (let l = Math.max(1, line - context); l <= Math.min(lines.length, line + context); l++) {
    out.push(`${l === line ? "--->" : "    "} ${String(l).padStart(width)} | ${lines[l - 1]}`);
  }
  return out;
}

/** Error content for compile diagnostics of a cell (type errors, syntax errors). */
export function diagnosticsError(diags: TslabDiagnostic[], source: string, label: string): ErrorContent {
  const first = diags[0]!;
  const where = (d: TslabDiagnostic) => `${d.fileName ? d.fileName + " " : ""}${d.start.line + 1}:${d.start.character + 1}`;
  const evalue = `${where(first)} - ${first.messageText}${diags.length > 1 ? ` (and ${diags.length - 1} more)` : ""}`;
  const traceback: string[] = [`TypeScript: ${diags.length} error${diags.length === 1 ? "" : "s"} in ${label}; the cell did not run`];
  for (const d of diags) {
    traceback.push("", `${where(d)} - error TS${d.code}: ${d.messageText}`);
    if (!d.fileName) {
      traceback.push(...excerpt(source, d.start.line + 1, 1));
      const width = String(Math.min(source.split("\n").length, d.start.line + 2)).length;
      traceback.push(`${" ".repeat(4 + 1 + width + 3 + d.start.character)}^`);
    }
  }
  return { ename: "TSError", evalue, traceback };
}

/** Name and message of any thrown value. */
function describe(err: unknown): { ename: string; evalue: string; stack?: string } {
  if (err instanceof Error) {
    const ename = err.name && err.name !== "Error" ? err.name : err.constructor?.name && err.constructor.name !== "Object" ? err.constructor.name : "Error";
    return { ename, evalue: err.message, stack: err.stack };
  }
  return { ename: typeof err === "object" && err !== null ? (err.constructor?.name ?? "Object") : typeof err, evalue: inspect(err, { depth: 2 }) };
}

const FRAME = /^(\s*at .*?)\(?((?:cell-\d+|evalmachine\.<anonymous>)):(\d+):(\d+)\)?$/;

/** Error content for a runtime exception: stack frames inside cells are shown with their TypeScript line and text. */
export function runtimeError(err: unknown, lines: CellLineMap, prefix?: string): ErrorContent {
  const described = describe(err);
  const { evalue, stack } = described;
  // tslab's interrupt (async) and vm's breakOnSigint (sync) errors: name them like Python kernels do.
  const interrupted = /^(Interrupted asynchronously|Script execution was interrupted by `SIGINT`)/.test(evalue);
  const ename = interrupted ? "KeyboardInterrupt" : described.ename;
  const head = `${ename}: ${evalue}`;
  const traceback: string[] = [];
  if (prefix) traceback.push(prefix);
  traceback.push(head);
  if (stack) {
    const frames = stack.split("\n").filter((l) => /^\s*at /.test(l));
    let shownSource = false;
    let lastFrame = "";
    for (const frame of frames) {
      const m = FRAME.exec(frame);
      const loc = m ? lines.locate(m[2]!, Number(m[3])) : undefined;
      if (m && loc) {
        const fn = m[1]!
          .trim()
          .replace(/^at\s*/, "")
          .replace(/^(?:Proxy|Object)\./, "")
          .trim();
        const text = `    at ${fn ? fn + " " : ""}(${loc.cell.label}, line ${loc.line})`;
        if (text === lastFrame) continue;
        lastFrame = text;
        traceback.push(text);
        if (!shownSource) {
          traceback.push(...excerpt(loc.cell.source, loc.line).map((l) => "      " + l));
          shownSource = true;
        }
      } else if (!/\(node:|at node:|tslab[\\/]dist[\\/]|[\\/]src[\\/]kernel[\\/]|[\\/]dist[\\/]kernel[\\/]/.test(frame)) {
        lastFrame = frame.replace(/^\s*/, "    ");
        traceback.push(lastFrame);
      }
    }
  }
  return { ename, evalue, traceback };
}
