// Downloads a file with retries (exponential backoff on transient failures), a progress line on
// stderr, a SHA-256 check, and an atomic write (temporary file in the same folder + rename).
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";

/** Options for `downloadFile`. */
export interface DownloadOptions {
  /** Attempts after the first one for transient failures (network errors, HTTP 408/429/5xx, short bodies). @default 3 */
  retries?: number;
  /** Delay before the first retry, doubled each time. @default 500 */
  backoffMs?: number;
  /** Per-attempt timeout in milliseconds. @default 60000 */
  timeoutMs?: number;
  /** Progress output: true = a line on stderr, false = silent, or a function receiving each progress line. @default true */
  progress?: boolean | ((line: string) => void);
}

/** Error for a download that failed; `transient` tells whether retrying could help. */
export class DownloadError extends Error {
  /** True for network errors, timeouts, HTTP 408/429/5xx and truncated bodies. */
  readonly transient: boolean;
  /** Creates the error. */
  constructor(message: string, transient: boolean) {
    super(message);
    this.name = "DownloadError";
    this.transient = transient;
  }
}

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Writes `bytes` to `path` atomically: a temporary file in the same directory, then rename. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1048576).toFixed(1)} MB`;
}

function progressSink(progress: DownloadOptions["progress"]): (line: string, final: boolean) => void {
  if (progress === false) return () => {};
  if (typeof progress === "function") return (line) => progress(line);
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return (line, final) => {
    if (tty) {
      const now = Date.now();
      if (!final && now - last < 100) return;
      last = now;
      process.stderr.write(`\r${line}\x1b[K${final ? "\n" : ""}`);
    } else if (final) {
      process.stderr.write(line + "\n");
    }
  };
}

async function attempt(url: string, name: string, timeoutMs: number, report: (line: string, final: boolean) => void): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new DownloadError(`${url}: ${why}`, true);
  }
  if (!res.ok) {
    const transient = res.status === 408 || res.status === 429 || res.status >= 500;
    await res.body?.cancel().catch(() => {});
    throw new DownloadError(`${url}: HTTP ${res.status} ${res.statusText}`, transient);
  }
  const total = Number(res.headers.get("content-length") ?? NaN);
  const chunks: Uint8Array[] = [];
  let got = 0;
  try {
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        chunks.push(chunk);
        got += chunk.length;
        report(`downloading ${name}: ${formatBytes(got)}${Number.isFinite(total) ? ` / ${formatBytes(total)}` : ""}`, false);
      }
    }
  } catch (err) {
    const e = err as Error;
    throw new DownloadError(`${url}: connection broke after ${got} bytes (${e.name === "TimeoutError" ? "timeout" : e.message})`, true);
  }
  if (Number.isFinite(total) && got !== total) {
    throw new DownloadError(`${url}: body has ${got} bytes, Content-Length said ${total}`, true);
  }
  const out = new Uint8Array(got);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  report(`downloading ${name}: ${formatBytes(got)} done`, true);
  return out;
}

/** Downloads `url` to `dest` with retries and backoff, verifies `sha256` (hex) before an atomic write, and returns the bytes. */
export async function downloadFile(url: string, dest: string, sha256: string, options: DownloadOptions = {}): Promise<Uint8Array> {
  const { retries = 3, backoffMs = 500, timeoutMs = 60000, progress = true } = options;
  const report = progressSink(progress);
  const name = basename(dest);
  let lastError: DownloadError | undefined;
  for (let k = 0; k <= retries; k++) {
    if (k > 0) {
      const wait = backoffMs * 2 ** (k - 1);
      report(`downloading ${name}: ${lastError!.message}; retry ${k}/${retries} in ${wait} ms`, true);
      await new Promise((r) => setTimeout(r, wait));
    }
    let bytes: Uint8Array;
    try {
      bytes = await attempt(url, name, timeoutMs, report);
    } catch (err) {
      if (!(err instanceof DownloadError)) throw err;
      lastError = err;
      if (!err.transient) break;
      continue;
    }
    const actual = sha256Hex(bytes);
    if (actual !== sha256.toLowerCase()) {
      throw new DownloadError(
        `${url}: SHA-256 mismatch for ${name} (got ${actual}, expected ${sha256}); the download was discarded, nothing was written to ${dirname(dest)}`,
        false,
      );
    }
    writeFileAtomic(dest, bytes);
    return bytes;
  }
  throw lastError!;
}
