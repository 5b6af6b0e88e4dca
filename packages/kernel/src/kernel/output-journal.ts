/**
 * The output journal: the kernel appends the running cell's stdout/stderr text to a file with
 * synchronous writes, so that what a cell printed just before the kernel died (process.exit, a
 * SIGKILL, a native crash, a loop that never yields to the stream flush) survives it. The runner
 * asks for it through TFJS_TUNE_OUTPUT_JOURNAL and reads it only when the kernel is gone; iopub stays
 * the channel outputs normally travel on.
 *
 * Format: JSON lines. The first line names the cell (`{"cell": msg_id, "count": n}`); each later line
 * is one write (`{"name": "stdout", "text": "…"}`). The file is truncated when a cell starts.
 */
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";

/** The environment variable with the journal's path. */
export const OUTPUT_JOURNAL_ENV = "TFJS_TUNE_OUTPUT_JOURNAL";

/** At most this much text is journalled per cell (a cell printing more keeps its first 8 MiB here). */
const MAX_CELL_BYTES = 8 * 1024 * 1024;

/** The kernel's writer. */
export class OutputJournal {
  private fd: number | undefined;
  private position = 0;
  private full = false;

  constructor(
    path: string | undefined,
    private readonly log: (text: string) => void,
  ) {
    if (!path) return;
    try {
      this.fd = openSync(path, "w", 0o600);
    } catch (e) {
      this.log(`cannot open the output journal ${path}: ${(e as Error).message}`);
    }
  }

  /** Starts a new cell: forgets the previous cell's text. */
  startCell(msgId: string, count: number): void {
    if (this.fd === undefined) return;
    this.position = 0;
    this.full = false;
    this.guard(() => {
      ftruncateSync(this.fd!, 0);
      this.append({ cell: msgId, count });
    });
  }

  /** Records text a cell wrote to one of its streams. */
  write(name: "stdout" | "stderr", text: string): void {
    if (this.fd === undefined || this.full) return;
    this.guard(() => {
      if (this.position + text.length > MAX_CELL_BYTES) {
        this.full = true;
        this.append({ truncated: true });
      } else this.append({ name, text });
    });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private append(entry: Record<string, unknown>): void {
    const line = Buffer.from(JSON.stringify(entry) + "\n");
    writeSync(this.fd!, line, 0, line.length, this.position);
    this.position += line.length;
  }

  private guard(f: () => void): void {
    try {
      f();
    } catch (e) {
      // a journal that cannot be written must never break the cell; say so once and stop
      this.log(`output journal disabled: ${(e as Error).message}`);
      this.close();
    }
  }
}

/** What the journal holds for one cell. */
export interface JournalContent {
  /** The cell's execution count. */
  count: number;
  /** The writes in order. */
  streams: Array<{ name: "stdout" | "stderr"; text: string }>;
  /** True when the cell printed more than the journal keeps. */
  truncated: boolean;
}

/** Reads the journal for the request `msgId`; undefined when the file is missing or holds another cell. */
export function readJournal(path: string, msgId: string): JournalContent | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const lines = text.split("\n");
  let head: { cell?: unknown; count?: unknown };
  try {
    head = JSON.parse(lines[0] ?? "") as typeof head;
  } catch {
    return undefined;
  }
  if (head.cell !== msgId) return undefined;
  const out: JournalContent = { count: typeof head.count === "number" ? head.count : 0, streams: [], truncated: false };
  for (const line of lines.slice(1)) {
    if (!line) continue;
    let entry: { name?: unknown; text?: unknown; truncated?: unknown };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      break; // the last line may be cut short by the crash
    }
    if (entry.truncated) out.truncated = true;
    else if ((entry.name === "stdout" || entry.name === "stderr") && typeof entry.text === "string") out.streams.push({ name: entry.name, text: entry.text });
  }
  return out;
}
