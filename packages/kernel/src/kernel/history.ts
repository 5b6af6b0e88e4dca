/**
 * Input/output history of one kernel process, answering `history_request` (tail, range, search).
 * Session numbers follow IPython: 1 for this process (no persisted earlier sessions).
 */

/** One history row: input code and, when the cell produced an execute_result, its text/plain. */
export interface HistoryEntry {
  line: number;
  input: string;
  output: string | null;
}

/** A `history_request` content (messaging spec 5.3). */
export interface HistoryQuery {
  hist_access_type?: string;
  output?: boolean;
  raw?: boolean;
  session?: number;
  start?: number;
  stop?: number | null;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

/** Converts a glob (`*`, `?`, `[…]`, like SQLite GLOB) to an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += "[\\s\\S]*";
    else if (c === "?") re += "[\\s\\S]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        const body = glob.slice(i + 1, end);
        re += `[${body.startsWith("^") ? "^" + body.slice(1).replace(/\\/g, "\\\\") : body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** The history of the current session. */
export class History {
  /** IPython-style session number of this kernel process. */
  readonly session = 1;
  private readonly entries: HistoryEntry[] = [];

  /** Records an executed cell under its execution count. */
  add(line: number, input: string): void {
    this.entries.push({ line, input, output: null });
  }

  /** Attaches the text/plain result of execution `line`. */
  setOutput(line: number, output: string): void {
    const e = this.entries.find((x) => x.line === line);
    if (e) e.output = output;
  }

  /** Answers a history request: rows `[session, line, input]` or `[session, line, [input, output]]`. */
  query(q: HistoryQuery): Array<[number, number, string | [string, string | null]]> {
    let rows: HistoryEntry[];
    const type = q.hist_access_type ?? "tail";
    if (type === "tail") {
      const n = q.n ?? 10;
      rows = n > 0 ? this.entries.slice(-n) : [];
    } else if (type === "range") {
      const session = q.session ?? 0;
      if (session !== 0 && session !== this.session) rows = [];
      else {
        const start = q.start ?? 0;
        const stop = q.stop ?? Infinity;
        rows = this.entries.filter((e) => e.line >= start && e.line < stop);
      }
    } else if (type === "search") {
      const re = globToRegExp(q.pattern ?? "*");
      rows = this.entries.filter((e) => re.test(e.input));
      if (q.unique) {
        const seen = new Set<string>();
        rows = rows
          .reverse()
          .filter((e) => !seen.has(e.input) && (seen.add(e.input), true))
          .reverse();
      }
      if (q.n != null && q.n > 0) rows = rows.slice(-q.n);
    } else {
      throw new Error(`history: unknown hist_access_type ${JSON.stringify(type)}; expected tail, range or search`);
    }
    return rows.map((e) => (q.output ? [this.session, e.line, [e.input, e.output]] : [this.session, e.line, e.input]));
  }
}
