/**
 * The Jupyter kernel: dispatches shell/control requests (messaging spec 5.3), runs cells through
 * {@link CellRunner}, routes stdout/stderr, displays and errors to the cell that caused them, and
 * installs the display hook our src/notebook API uses (`globalThis[Symbol.for("tfjs-tune.kernel-hook")]`).
 */
import { randomUUID } from "node:crypto";
import { CellRunner } from "./cell-runner.js";
import type { ErrorContent } from "./cell-errors.js";
import { History, type HistoryQuery } from "./history.js";
import { isComplete } from "./is-complete.js";
import { kernelInfo, packageVersion } from "./kernel-info.js";
import { richValue } from "./rich-value.js";
import { KernelSockets, readConnectionFile, type Channel } from "./sockets.js";
import { loadTslab, type Tslab } from "./tslab.js";
import { exposeKernelPackages } from "./library-paths.js";
import { makeMessage, type Message } from "./wire.js";
import { OUTPUT_JOURNAL_ENV, OutputJournal } from "./output-journal.js";
import { KERNEL_HOOK, type DisplayContent, type KernelHook } from "../library-protocol.js";

/** Options of {@link startKernel}. */
export interface KernelOptions {
  /** Path of the Jupyter connection file (ports, key). */
  connectionFile: string;
  /** Directory cells run in and resolve imports from. @default process.cwd() */
  cwd?: string;
  /** The tfjs-tune package root (for the version). */
  root: string;
}

type StreamName = "stdout" | "stderr";

/** Protocol cursor positions count Unicode code points (spec 5.2+); JS strings index UTF-16 units. */
function toUtf16(code: string, cursor: unknown): number {
  if (typeof cursor !== "number" || !Number.isFinite(cursor)) return code.length;
  return Array.from(code).slice(0, Math.max(0, cursor)).join("").length;
}

/** Converts a UTF-16 index of `code` to a code-point count. */
function toCodePoints(code: string, index: number): number {
  return Array.from(code.slice(0, index)).length;
}

/** A running kernel. */
export class Kernel {
  private readonly session = randomUUID();
  private readonly history = new History();
  private readonly tslab: Tslab;
  private readonly runner: CellRunner;
  private readonly sockets: KernelSockets;
  private readonly version: string;
  private readonly log: (text: string) => void;
  private readonly journal: OutputJournal;
  private executionCount = 0;
  private cellId = 0;
  /** The execute request outputs go to (the running cell, else the last one). */
  private outputParent: Message | undefined;
  private outputLabel = "";
  private pendingLate: ErrorContent[] = [];
  private readonly queue: Array<{ channel: Channel; msg: Message }> = [];
  private working = false;
  private stream: { name: StreamName; text: string } | undefined;
  private streamTimer: ReturnType<typeof setTimeout> | undefined;
  private stopping = false;

  constructor(private readonly options: KernelOptions) {
    const realStderr = process.stderr.write.bind(process.stderr);
    this.log = (text) => void realStderr(`[tfjs-tune kernel] ${text}\n`);
    this.tslab = loadTslab();
    this.version = packageVersion(options.root);
    this.sockets = new KernelSockets(readConnectionFile(options.connectionFile), this.log);
    this.journal = new OutputJournal(process.env[OUTPUT_JOURNAL_ENV], this.log);
    delete process.env[OUTPUT_JOURNAL_ENV]; // not inherited by the processes cells start
    const shared = exposeKernelPackages(this.tslab.ts.sys, options.cwd ?? process.cwd(), import.meta.url);
    if (shared && process.env.TFJS_TUNE_KERNEL_DEBUG) this.log(`cells import the kernel's packages from ${shared}`);
    this.runner = new CellRunner(this.tslab, options.cwd ?? process.cwd(), (e) => this.publish("error", { ...e }));
  }

  /** Binds the sockets and starts serving; installs stream capture, the display hook and process error handlers. */
  async start(): Promise<void> {
    this.captureStreams();
    this.installDisplayHook();
    process.on("uncaughtException", (err) => this.asyncError(err, "Uncaught exception"));
    process.on("unhandledRejection", (reason) => this.asyncError(reason, "Unhandled promise rejection"));
    process.on("SIGINT", () => this.runner.interrupt());
    await this.sockets.start((channel, msg) => this.receive(channel, msg));
    if (process.env.TFJS_TUNE_KERNEL_DEBUG) this.log(`ready (pid ${process.pid}, cwd ${this.options.cwd ?? process.cwd()})`);
  }

  // ---- output routing -------------------------------------------------------------------------

  /** Publishes an iopub message to `parent` (default: the cell receiving outputs), after pending stream text. */
  private publish(type: string, content: Record<string, unknown>, parent: Message | undefined = this.outputParent): void {
    if (type !== "stream") this.flushStream();
    void this.sockets.send("iopub", makeMessage(type, content, parent, this.session));
  }

  private writeStream(name: StreamName, text: string): void {
    if (!this.outputParent) {
      this.log(`(${name} outside a cell) ${text.trimEnd()}`);
      return;
    }
    this.journal.write(name, text);
    if (this.stream && this.stream.name !== name) this.flushStream();
    this.stream = { name, text: (this.stream?.text ?? "") + text };
    if (this.stream.text.length > 65536) this.flushStream();
    else this.streamTimer ??= setTimeout(() => this.flushStream(), 5);
  }

  private flushStream(): void {
    if (this.streamTimer) {
      clearTimeout(this.streamTimer);
      this.streamTimer = undefined;
    }
    const s = this.stream;
    this.stream = undefined;
    if (s && s.text) this.publish("stream", { name: s.name, text: s.text });
  }

  private captureStreams(): void {
    for (const name of ["stdout", "stderr"] as const) {
      const stream = process[name];
      stream.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
        const text =
          typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
        this.writeStream(name, text);
        const callback = typeof encoding === "function" ? encoding : cb;
        if (typeof callback === "function") process.nextTick(callback as () => void);
        return true;
      }) as typeof stream.write;
    }
  }

  private installDisplayHook(): void {
    const send = (content: DisplayContent, update: boolean) => {
      this.publish(update ? "update_display_data" : "display_data", {
        data: content.data,
        metadata: content.metadata ?? {},
        transient: content.transient ?? {},
      });
    };
    const hook: KernelHook = {
      display: send,
      clearOutput: (wait) => this.publish("clear_output", { wait }),
      track: (work) => {
        if (this.runner.busy) this.runner.track(work);
        else work.catch((err) => this.asyncError(err, "Error in background display work"));
      },
    };
    (globalThis as Record<symbol, unknown>)[KERNEL_HOOK] = hook;
    // tslab's own display API (`import * as tslab from "tslab"; tslab.display.html(…)`) sends through this.
    this.tslab.jupyter.lastWriteDisplayData = (content, update) => send(content as DisplayContent, update);
  }

  private asyncError(err: unknown, kind: string): void {
    if (this.runner.reportAsync(err, kind)) return;
    if (!this.outputParent) {
      this.log(`${kind} outside any cell: ${(err as Error)?.stack ?? String(err)}`);
      return;
    }
    // Raised after its cell finished: show it under that cell now, and fail the next cell so it is never lost.
    const e = this.runner.lateError(err, kind, this.outputLabel);
    this.publish("error", { ...e });
    this.pendingLate.push(e);
  }

  // ---- request dispatch ---------------------------------------------------------------------

  private receive(channel: Channel, msg: Message): void {
    if (channel === "control") {
      void this.handle(channel, msg);
      return;
    }
    this.queue.push({ channel, msg });
    void this.drainQueue();
  }

  private async drainQueue(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      while (this.queue.length > 0) {
        const { channel, msg } = this.queue.shift()!;
        await this.handle(channel, msg);
      }
    } finally {
      this.working = false;
    }
  }

  private reply(channel: Channel, request: Message, type: string, content: Record<string, unknown>): void {
    void this.sockets.send(channel, makeMessage(type, content, request, this.session, { identities: request.identities }));
  }

  private async handle(channel: Channel, msg: Message): Promise<void> {
    const type = msg.header.msg_type;
    if (this.stopping) return;
    this.publish("status", { execution_state: "busy" }, msg);
    try {
      switch (type) {
        case "kernel_info_request":
          this.reply(
            channel,
            msg,
            "kernel_info_reply",
            kernelInfo({ kernel: this.version, tslab: this.tslab.version, typescript: this.tslab.typescriptVersion }),
          );
          break;
        case "execute_request":
          await this.execute(channel, msg);
          break;
        case "is_complete_request":
          this.reply(channel, msg, "is_complete_reply", { ...isComplete(this.tslab, String(msg.content.code ?? "")) });
          break;
        case "complete_request":
          this.reply(channel, msg, "complete_reply", this.complete(msg));
          break;
        case "inspect_request":
          this.reply(channel, msg, "inspect_reply", this.inspect(msg));
          break;
        case "history_request":
          this.reply(channel, msg, "history_reply", { status: "ok", history: this.history.query(msg.content as HistoryQuery) });
          break;
        case "comm_info_request":
          this.reply(channel, msg, "comm_info_reply", { status: "ok", comms: {} });
          break;
        case "comm_open":
          // No comm targets are registered: close it, as ipykernel does for unknown targets.
          this.publish("comm_close", { comm_id: msg.content.comm_id, data: {} }, msg);
          break;
        case "comm_msg":
        case "comm_close":
          break;
        case "interrupt_request":
          this.runner.interrupt();
          this.reply(channel, msg, "interrupt_reply", { status: "ok" });
          break;
        case "shutdown_request":
          await this.shutdown(channel, msg);
          return;
        default:
          if (type.endsWith("_request")) {
            this.reply(channel, msg, type.replace(/_request$/, "_reply"), {
              status: "error",
              ename: "NotImplementedError",
              evalue: `the tfjs-tune kernel does not handle ${type}`,
              traceback: [],
            });
          } else this.log(`ignored ${channel} message ${type}`);
      }
    } catch (e) {
      this.log(`error while handling ${type}: ${(e as Error)?.stack ?? e}`);
    } finally {
      if (!this.stopping) this.publish("status", { execution_state: "idle" }, msg);
    }
  }

  private async execute(channel: Channel, msg: Message): Promise<void> {
    const c = msg.content as { code?: string; silent?: boolean; store_history?: boolean; stop_on_error?: boolean; user_expressions?: Record<string, string> };
    const code = String(c.code ?? "");
    const silent = c.silent === true;
    const store = !silent && c.store_history !== false;
    if (store) this.executionCount++;
    const count = this.executionCount;
    if (!silent) this.publish("execute_input", { code, execution_count: count }, msg);
    this.journal.startCell(msg.header.msg_id, count);
    this.outputParent = msg;
    this.outputLabel = `cell [${count}]`;
    if (store) this.history.add(count, code);
    const late = silent ? [] : this.pendingLate.splice(0);
    for (const e of late) this.publish("error", { ...e });

    const outcome = await this.runner.run(code, ++this.cellId, this.outputLabel);
    let error = outcome.error;
    let errorSent = outcome.errorSent === true;
    if (outcome.status === "ok" && outcome.hasValue && !silent) {
      try {
        const { data, metadata } = await richValue(outcome.value);
        this.publish("execute_result", { execution_count: count, data, metadata });
        if (store) this.history.setOutput(count, String(data["text/plain"]));
      } catch (e) {
        error = this.runner.lateError(e, "Error while displaying the result", this.outputLabel);
      }
    }
    if (!error && late.length > 0) {
      error = late[0];
      errorSent = true;
    }
    if (error && !errorSent) this.publish("error", { ...error });
    const userExpressions: Record<string, unknown> = {};
    for (const key of Object.keys(c.user_expressions ?? {})) {
      userExpressions[key] = { status: "error", ename: "NotImplementedError", evalue: "user_expressions are not supported", traceback: [] };
    }
    this.flushStream();
    this.reply(
      channel,
      msg,
      "execute_reply",
      error
        ? { status: "error", execution_count: count, ename: error.ename, evalue: error.evalue, traceback: error.traceback, user_expressions: userExpressions }
        : { status: "ok", execution_count: count, payload: [], user_expressions: userExpressions },
    );
    if (error && c.stop_on_error !== false) this.abortQueuedExecutes();
  }

  /** After a failed cell with stop_on_error, execute requests already queued are answered "aborted" (ipykernel semantics). */
  private abortQueuedExecutes(): void {
    const keep: typeof this.queue = [];
    for (const item of this.queue) {
      if (item.msg.header.msg_type !== "execute_request") {
        keep.push(item);
        continue;
      }
      this.publish("status", { execution_state: "busy" }, item.msg);
      this.reply(item.channel, item.msg, "execute_reply", { status: "aborted", execution_count: this.executionCount });
      this.publish("status", { execution_state: "idle" }, item.msg);
    }
    this.queue.splice(0, this.queue.length, ...keep);
  }

  private complete(msg: Message): Record<string, unknown> {
    const code = String(msg.content.code ?? "");
    const pos = toUtf16(code, msg.content.cursor_pos);
    try {
      const info = this.runner.complete(code, pos);
      return { status: "ok", matches: info.candidates, cursor_start: toCodePoints(code, info.start), cursor_end: toCodePoints(code, info.end), metadata: {} };
    } catch (e) {
      this.log(`completion failed: ${(e as Error).message}`);
      return { status: "ok", matches: [], cursor_start: pos, cursor_end: pos, metadata: {} };
    }
  }

  private inspect(msg: Message): Record<string, unknown> {
    const code = String(msg.content.code ?? "");
    const pos = toUtf16(code, msg.content.cursor_pos);
    try {
      const info = this.runner.inspect(code, pos);
      if (!info) return { status: "ok", found: false, data: {}, metadata: {} };
      return { status: "ok", found: true, data: { "text/plain": this.tslab.printQuickInfo(info) }, metadata: {} };
    } catch (e) {
      this.log(`inspection failed: ${(e as Error).message}`);
      return { status: "ok", found: false, data: {}, metadata: {} };
    }
  }

  private async shutdown(channel: Channel, msg: Message): Promise<void> {
    const restart = msg.content.restart === true;
    this.reply(channel, msg, "shutdown_reply", { status: "ok", restart });
    this.publish("status", { execution_state: "idle" }, msg);
    this.stopping = true;
    this.flushStream();
    await this.sockets.close();
    this.runner.close();
    this.journal.close();
    // A restart is done by the client starting a new process; this one ends either way.
    setTimeout(() => process.exit(0), 50).unref();
    process.exitCode = 0;
  }
}

/** Starts a kernel for a connection file (the entry point of `dist/kernel/main.js`). */
export async function startKernel(options: KernelOptions): Promise<Kernel> {
  const kernel = new Kernel(options);
  await kernel.start();
  return kernel;
}
