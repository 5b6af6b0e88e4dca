/**
 * Runs cells with tslab's executor and reports what happened in a structured form: the last
 * expression's value, compile diagnostics, the runtime exception, errors raised asynchronously while
 * the cell ran, and work registered with `track()` (awaited before the cell counts as finished).
 * tslab's executor tells us all of this through the console object it is given: `log(value)` for the
 * last expression, `error(err)` for an exception, `error(fmt, …)` for a printed diagnostic.
 */
import vm from "node:vm";
import { expandShorthand } from "./expand-shorthand.js";
import { CellLineMap, diagnosticsError, runtimeError, type ErrorContent } from "./cell-errors.js";
import type { Tslab, TslabConverter, TslabConverterSet, TslabExecutor, TslabConvertResult } from "./tslab.js";

/** The outcome of one cell. */
export interface CellOutcome {
  /** "ok", or "error" when it did not compile, threw, or raised an error asynchronously while running. */
  status: "ok" | "error";
  /** True when the cell ended with an expression whose value is not null/undefined. */
  hasValue: boolean;
  /** That value. */
  value?: unknown;
  /** The error reported for the cell (already sent as an `error` output when `errorSent`). */
  error?: ErrorContent;
  /** True when `error` was already published while the cell ran (asynchronous errors). */
  errorSent?: boolean;
}

/** Converter set that records the last conversion of the node converter (for line mapping). */
class RecordingConverters implements TslabConverterSet {
  last: TslabConvertResult | undefined;
  private nodeConv?: TslabConverter;
  private browserConv?: TslabConverter;
  constructor(private readonly tslab: Tslab) {}
  get node(): TslabConverter {
    if (!this.nodeConv) {
      const conv = this.tslab.createConverter({ isJS: false, isBrowser: false });
      const convert = conv.convert.bind(conv);
      // Shorthand properties are expanded first: tslab misses cross-cell references inside them.
      conv.convert = (prevDecl: string, src: string) => (this.last = convert(prevDecl, expandShorthand(this.tslab.ts, src)));
      this.nodeConv = conv;
    }
    return this.nodeConv;
  }
  get browser(): TslabConverter {
    this.browserConv ??= this.tslab.createConverter({ isJS: false, isBrowser: true });
    return this.browserConv;
  }
  close(): void {
    this.nodeConv?.close();
    this.browserConv?.close();
  }
}

const CELL_WRAPPER = /^\((?:async )?function\(exports, require\) \{ /;
let vmFilename: string | undefined;
let vmPatched = false;

/** Makes tslab's `vm.runInThisContext` of a cell use our file name (`cell-N`) so stack frames identify the cell. */
function patchVm(): void {
  if (vmPatched) return;
  vmPatched = true;
  const original = vm.runInThisContext;
  vm.runInThisContext = function runInThisContext(code: string, options?: vm.RunningScriptOptions | string) {
    if (vmFilename && typeof code === "string" && CELL_WRAPPER.test(code)) {
      const base = typeof options === "string" ? { filename: options } : (options ?? {});
      return original.call(vm, code, { ...base, filename: vmFilename });
    }
    return original.call(vm, code, options);
  } as typeof vm.runInThisContext;
}

/** Runs cells one at a time in this process, sharing variables between cells (tslab semantics). */
export class CellRunner {
  /** Line maps of every cell run so far (tracebacks may cross cells). */
  readonly lines = new CellLineMap();
  private readonly convs: RecordingConverters;
  private readonly executor: TslabExecutor;
  private logged: { has: boolean; value?: unknown } = { has: false };
  private thrown: { has: boolean; error?: unknown } = { has: false };
  private printedDiagnostics: string[] = [];
  private tracked: Promise<unknown>[] = [];
  private asyncErrors: ErrorContent[] = [];
  private running = false;
  private interruptReject: ((e: Error) => void) | undefined;

  constructor(
    private readonly tslab: Tslab,
    rootDir: string,
    /** Publishes an error output right away (used for errors raised asynchronously during a cell). */
    private readonly publishError: (e: ErrorContent) => void,
  ) {
    patchVm();
    this.convs = new RecordingConverters(tslab);
    void this.convs.node; // warm the compiler (a few hundred ms) before the first cell
    this.executor = tslab.createExecutor(rootDir, this.convs, {
      log: (...args: unknown[]) => {
        this.logged = { has: true, value: args[0] };
      },
      error: (...args: unknown[]) => {
        if (typeof args[0] === "string" && args[0].startsWith("%s%d:%d - %s")) {
          this.printedDiagnostics.push(`${args[1]}${args[2]}:${args[3]} - ${args[4]}`);
        } else if (!this.thrown.has) {
          this.thrown = { has: true, error: args[0] };
        }
      },
    });
  }

  /** True while a cell is executing (including its tracked work). */
  get busy(): boolean {
    return this.running;
  }

  /** Registers work the current cell must wait for. */
  track(work: Promise<unknown>): void {
    work.catch(() => {
      // Rejections are collected when the cell awaits its tracked work.
    });
    this.tracked.push(work);
  }

  /** Records an error raised asynchronously (uncaught exception, unhandled rejection) while a cell runs; returns false if no cell runs. */
  reportAsync(err: unknown, kind: string): boolean {
    if (!this.running) return false;
    const e = runtimeError(err, this.lines, `${kind} while the cell was running:`);
    this.asyncErrors.push(e);
    this.publishError(e);
    return true;
  }

  /** Formats an error raised after its cell finished. */
  lateError(err: unknown, kind: string, afterLabel: string): ErrorContent {
    return runtimeError(err, this.lines, `${kind} after ${afterLabel} finished:`);
  }

  /** Interrupts the running cell (asynchronous waits; synchronous loops are stopped by SIGINT itself). */
  interrupt(): void {
    this.executor.interrupt();
    this.interruptReject?.(new Error("Interrupted"));
  }

  /** Runs one cell; `label` names it in tracebacks (e.g. `cell [3]`), `id` makes its file name unique. */
  async run(code: string, id: number, label: string): Promise<CellOutcome> {
    this.logged = { has: false };
    this.thrown = { has: false };
    this.printedDiagnostics = [];
    this.tracked = [];
    this.asyncErrors = [];
    this.convs.last = undefined;
    this.running = true;
    const filename = `cell-${id}`;
    vmFilename = filename;
    let ok: boolean;
    try {
      const origConvert = this.convs.node.convert;
      // Register the cell's JS for line mapping as soon as it is converted (before it runs).
      this.convs.node.convert = (prev: string, src: string) => {
        const r = origConvert(prev, src);
        if (r.output) this.lines.add({ filename, label, source: src, compiled: r.output, lineOffset: 0 });
        return r;
      };
      try {
        ok = await this.executor.execute(code);
      } finally {
        this.convs.node.convert = origConvert;
      }
      if (ok && this.logged.has && this.logged.value instanceof Promise) {
        // A promise as the last value (e.g. an un-awaited `chart(spec)`): show what it resolves to.
        const pending = this.logged.value;
        this.logged = { has: false };
        this.track(pending.then((v) => void (v != null && (this.logged = { has: true, value: v }))));
      }
      if (ok) await this.awaitTracked();
      // Let pending rejection events of this cell fire while it still counts as running.
      await new Promise((r) => setImmediate(r));
    } catch (err) {
      this.thrown = { has: true, error: err };
      ok = false;
    } finally {
      vmFilename = undefined;
      this.running = false;
    }
    const conv = this.convs.last as TslabConvertResult | undefined;
    if (conv && conv.diagnostics.length > 0) {
      return { status: "error", hasValue: false, error: diagnosticsError(conv.diagnostics, code, label) };
    }
    if (this.thrown.has) {
      return { status: "error", hasValue: false, error: runtimeError(this.thrown.error, this.lines) };
    }
    if (this.printedDiagnostics.length > 0) {
      return {
        status: "error",
        hasValue: false,
        error: { ename: "TSError", evalue: this.printedDiagnostics[0]!, traceback: ["TypeScript errors:", ...this.printedDiagnostics] },
      };
    }
    if (!ok) return { status: "error", hasValue: false, error: { ename: "Error", evalue: "the cell failed", traceback: ["the cell failed"] } };
    if (this.asyncErrors.length > 0) return { status: "error", hasValue: false, error: this.asyncErrors[0], errorSent: true };
    return { status: "ok", hasValue: this.logged.has, value: this.logged.value };
  }

  /** Waits for tracked work (which may track more), interruptibly; the first rejection becomes the cell's error. */
  private async awaitTracked(): Promise<void> {
    const interrupted = new Promise<never>((_, reject) => (this.interruptReject = reject));
    interrupted.catch(() => {});
    try {
      while (this.tracked.length > 0) {
        const batch = this.tracked.splice(0);
        const results = await Promise.race([Promise.allSettled(batch), interrupted]);
        const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failed) throw failed.reason;
      }
    } finally {
      this.interruptReject = undefined;
    }
  }

  /** Type information at `pos` (tslab quick info), or undefined. */
  inspect(code: string, pos: number): unknown {
    return this.executor.inspect(code, pos);
  }

  /** Completion candidates at `pos`. */
  complete(code: string, pos: number): { start: number; end: number; candidates: string[] } {
    return this.executor.complete(code, pos);
  }

  /** Releases the compiler's watchers. */
  close(): void {
    this.executor.close();
  }
}
