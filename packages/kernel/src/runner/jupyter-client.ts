import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { OUTPUT_JOURNAL_ENV, readJournal } from "../kernel/output-journal.js";
import { Signer } from "../kernel/wire.js";
import { freePorts } from "./free-port.js";

/** A Jupyter wire-protocol message (header, parent header, metadata, content). */
export interface JupyterMessage {
  header: { msg_id: string; msg_type: string; session: string; username: string; date: string; version: string };
  parent_header: { msg_id?: string; msg_type?: string; [k: string]: unknown };
  metadata: Record<string, unknown>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- message content's shape depends on msg_type
  content: Record<string, any>;
}

/** Options for {@link KernelClient.start}. */
export interface KernelClientOptions {
  /** Kernel command line; `{connection_file}` is replaced by the connection file's path. */
  argv: string[];
  /** Working directory of the kernel process (a notebook's folder). */
  cwd: string;
  /** Extra environment variables for the kernel. */
  env?: Record<string, string>;
  /** How long to wait for the kernel to answer kernel_info. @default 60000 */
  startTimeoutMs?: number;
  /** Where warnings go (a dropped message with a bad signature). @default a line on stderr */
  onWarning?: (text: string) => void;
}

/** How the kernel process ended, with the end of what it wrote to stderr. */
export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** What one execute_request produced. */
export interface ExecuteOutcome {
  /**
   * "ok", "error" or "aborted", from execute_reply; "timeout" when no reply came in time (the cell
   * was then interrupted, or the kernel killed: see `ended`); "died" when the kernel process ended.
   */
  status: "ok" | "error" | "aborted" | "timeout" | "died";
  /** The cell's execution count (from the reply, else from execute_input or the output journal). */
  executionCount: number | null;
  /** Every iopub message the request caused, in arrival order, up to the kernel's idle status. */
  iopub: JupyterMessage[];
  reply?: JupyterMessage;
  /** How long the cell ran, in seconds. */
  seconds: number;
  /** For "timeout": whether the interrupt ended the cell, or the kernel had to be killed. */
  ended?: "interrupted" | "killed";
  /** For "died" and a killed "timeout": how the kernel process ended. */
  exit?: KernelExit;
  /** Text the cell printed that never arrived over iopub (read from the output journal after the kernel ended). */
  lostStreams?: Array<{ name: "stdout" | "stderr"; text: string }>;
}

const DELIM = "<IDS|MSG>";
/** After a cell's execute_reply, how long to wait in silence for its idle status before moving on. */
const IDLE_GRACE_MS = 30_000;
/** After a timeout's interrupt, how long the cell has to stop before the kernel is killed (at most). */
const INTERRUPT_GRACE_MS = 5_000;
/** Bad-signature warnings shown before the rest are only counted. */
const MAX_SIGNATURE_WARNINGS = 5;

interface Pending {
  iopub: JupyterMessage[];
  reply?: JupyterMessage;
  idle: boolean;
  last: number;
  wake: () => void;
}

/** How many times {@link KernelClient.start} picks new ports when the kernel finds one taken. */
const PORT_ATTEMPTS = 5;
/** What ZeroMQ (and Node) say when a port is bound by someone else. */
const PORT_TAKEN = /Address already in use|EADDRINUSE/;

/** The kernel exited because one of its ports was taken before it could bind it. */
class PortTakenError extends Error {}

/**
 * A minimal Jupyter client: starts a kernel process, talks the wire protocol (v5.3) over ZeroMQ,
 * and runs code cell by cell. Used by the headless notebook runner, so that running notebooks
 * needs neither Python nor Jupyter. Every message is signed with the connection's HMAC-SHA256 key,
 * and a received message whose signature does not match is dropped with a warning.
 */
export class KernelClient {
  private readonly session = randomUUID();
  private readonly pending = new Map<string, Pending>();
  private readonly signer: Signer;
  private closed = false;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly stderrDone: Promise<void>;
  private channelLost: string | undefined;
  private stderrTail = "";
  private badSignatures = 0;

  private constructor(
    key: string,
    private readonly proc: ChildProcess,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
    private readonly dir: string,
    /** The connection file (mode 0600, in a folder of mode 0700). */
    readonly connectionFile: string,
    private readonly journalFile: string,
    private readonly warn: (text: string) => void,
  ) {
    this.signer = new Signer(key);
    proc.stderr?.on("data", (b: Buffer) => {
      this.stderrTail = (this.stderrTail + b.toString()).slice(-4000);
    });
    this.stderrDone = new Promise((resolve) => {
      if (!proc.stderr) resolve();
      proc.stderr?.once("close", () => resolve());
      proc.stderr?.once("error", () => resolve());
    });
    proc.on("exit", (code, signal) => {
      this.exit = { code, signal };
      for (const p of this.pending.values()) p.wake();
    });
    void this.pump(shell, "shell");
    void this.pump(iopub, "iopub");
    void this.pump(control, "control");
  }

  /**
   * Starts the kernel and waits until it answers kernel_info. The ports are picked free but another
   * process may bind one before the kernel does (parallel runs, tests): a kernel that exits saying
   * "Address already in use" is started again on new ports, up to {@link PORT_ATTEMPTS} times.
   */
  static async start(options: KernelClientOptions): Promise<KernelClient> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await KernelClient.startOnce(options);
      } catch (e) {
        if (attempt >= PORT_ATTEMPTS || !(e instanceof PortTakenError)) throw e;
      }
    }
  }

  private static async startOnce(options: KernelClientOptions): Promise<KernelClient> {
    const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-kernel-"));
    const key = randomUUID();
    const ports = await freePorts(5);
    const conn = {
      transport: "tcp",
      ip: "127.0.0.1",
      shell_port: ports[0],
      iopub_port: ports[1],
      stdin_port: ports[2],
      control_port: ports[3],
      hb_port: ports[4],
      signature_scheme: "hmac-sha256",
      key,
    };
    const connFile = join(dir, "connection.json");
    // the key in it lets anyone who reads it run code in the kernel: only our user may read it
    writeFileSync(connFile, JSON.stringify(conn), { mode: 0o600 });
    const journalFile = join(dir, "output.jsonl");
    const argv = options.argv.map((a) => a.replace("{connection_file}", connFile));
    const proc = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, [OUTPUT_JOURNAL_ENV]: journalFile },
      stdio: ["ignore", "inherit", "pipe"],
    });
    const url = (p: number) => `tcp://127.0.0.1:${p}`;
    // linger 0: requests still queued for a kernel that is gone must not hold the runner open at exit
    const shell = new zmq.Dealer({ routingId: `runner-${randomUUID()}`, linger: 0 });
    const control = new zmq.Dealer({ routingId: `runner-ctl-${randomUUID()}`, linger: 0 });
    const iopub = new zmq.Subscriber({ linger: 0 });
    shell.connect(url(conn.shell_port));
    control.connect(url(conn.control_port));
    iopub.connect(url(conn.iopub_port));
    iopub.subscribe();
    const warn = options.onWarning ?? ((text: string) => void process.stderr.write(`[tfjs-tune run] ${text}\n`));
    const client = new KernelClient(key, proc, shell, control, iopub, dir, connFile, journalFile, warn);
    try {
      await client.waitReady(options.startTimeoutMs ?? 60_000);
    } catch (e) {
      await client.shutdown();
      if (client.exited && PORT_TAKEN.test(client.stderrTail)) throw new PortTakenError((e as Error).message);
      throw e;
    }
    return client;
  }

  /** The last lines the kernel wrote to stderr (for error messages). */
  get stderr(): string {
    return this.stderrTail;
  }

  /** Whether the kernel process has ended. */
  get exited(): boolean {
    return this.exit !== undefined;
  }

  private message(msgType: string, content: Record<string, unknown>): JupyterMessage {
    return {
      header: {
        msg_id: randomUUID(),
        msg_type: msgType,
        session: this.session,
        username: "tfjs-tune",
        date: new Date().toISOString(),
        version: "5.3",
      },
      parent_header: {},
      metadata: {},
      content,
    };
  }

  private async send(socket: zmq.Dealer, msg: JupyterMessage): Promise<void> {
    const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((x) => JSON.stringify(x));
    await socket.send([DELIM, this.signer.sign(parts), ...parts]);
  }

  private async pump(socket: zmq.Dealer | zmq.Subscriber, channel: string): Promise<void> {
    try {
      for await (const frames of socket) {
        const at = frames.findIndex((f) => f.toString("utf8") === DELIM);
        if (at < 0 || frames.length < at + 6) continue;
        const signature = frames[at + 1]!.toString("utf8");
        const parts = frames.slice(at + 2, at + 6);
        try {
          this.signer.verify(signature, parts);
        } catch {
          this.badSignatures++;
          if (this.badSignatures <= MAX_SIGNATURE_WARNINGS) {
            const more = this.badSignatures === MAX_SIGNATURE_WARNINGS ? " (further ones are dropped silently)" : "";
            this.warn(`dropped ${channel === "iopub" ? "an" : "a"} ${channel} message with an invalid signature${more}`);
          }
          continue;
        }
        const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p.toString("utf8")) as Record<string, unknown>);
        const msg = { header, parent_header: parent, metadata, content } as unknown as JupyterMessage;
        this.route(msg, channel);
      }
    } catch (err) {
      if (!this.closed) this.channelLost ??= `lost the ${channel} channel: ${(err as Error).message}`;
    }
  }

  private route(msg: JupyterMessage, channel: string): void {
    const parentId = msg.parent_header.msg_id;
    if (!parentId) return;
    const p = this.pending.get(parentId);
    if (!p) return;
    p.last = Date.now();
    if (channel === "iopub") {
      if (msg.header.msg_type === "status" && msg.content.execution_state === "idle") p.idle = true;
      else if (msg.header.msg_type !== "status") p.iopub.push(msg);
    } else {
      p.reply = msg;
    }
    p.wake();
  }

  /** Sends a request and registers it; {@link wait} then follows it. */
  private async begin(socket: zmq.Dealer, msgType: string, content: Record<string, unknown>): Promise<{ id: string; entry: Pending }> {
    const msg = this.message(msgType, content);
    const entry: Pending = { iopub: [], idle: false, last: Date.now(), wake: () => {} };
    this.pending.set(msg.header.msg_id, entry);
    await this.send(socket, msg);
    return { id: msg.header.msg_id, entry };
  }

  /**
   * Waits until the request is answered (its reply, and its idle status when `waitIdle`), the
   * kernel ends, or `deadline` passes. `seen` counts the iopub messages already handed to `onIopub`.
   */
  private async wait(
    entry: Pending,
    deadline: number,
    options: { waitIdle: boolean; idleGraceMs?: number; onIopub?: (m: JupyterMessage) => void; seen?: { n: number } },
  ): Promise<"done" | "timeout" | "died"> {
    const seen = options.seen ?? { n: 0 };
    for (;;) {
      // (the index moves outside the optional call: `f?.(x++)` does not evaluate `x++` when f is undefined)
      for (; seen.n < entry.iopub.length; seen.n++) options.onIopub?.(entry.iopub[seen.n]!);
      if (entry.reply && (!options.waitIdle || entry.idle)) return "done";
      // The reply came but the idle status did not: after a quiet grace period, stop waiting for it
      // (a lost iopub message must not stall a run until the cell timeout).
      if (entry.reply && Date.now() - entry.last > (options.idleGraceMs ?? Infinity)) return "done";
      if (this.exit) return "died";
      if (this.channelLost) throw new Error(`${this.channelLost}\n${this.stderrTail}`);
      const left = deadline - Date.now();
      if (left <= 0) return "timeout";
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        entry.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Sends a request and waits for its reply (and, for shell requests, the kernel's idle status). */
  private async request(
    socket: zmq.Dealer,
    msgType: string,
    content: Record<string, unknown>,
    timeoutMs: number,
    waitIdle: boolean,
  ): Promise<{ reply?: JupyterMessage; idle: boolean; result: "done" | "timeout" | "died" }> {
    const { id, entry } = await this.begin(socket, msgType, content);
    try {
      const result = await this.wait(entry, Date.now() + timeoutMs, { waitIdle });
      return { reply: entry.reply, idle: entry.idle, result };
    } finally {
      this.pending.delete(id);
    }
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The kernel may not be listening yet, and a new iopub subscription misses what is published
    // before it takes effect (ZeroMQ's slow joiner): kernel_info is idempotent, so ask again until
    // both its reply and its idle status arrive. Only then are a cell's outputs sure to reach us.
    while (Date.now() < deadline) {
      const r = await this.request(this.shell, "kernel_info_request", {}, 2000, true);
      if (r.reply && r.idle) return;
      if (r.result === "died") throw new Error(`the kernel exited before it answered kernel_info (${await this.describeExit()})\n${this.stderrTail}`);
    }
    throw new Error(`the kernel did not answer kernel_info within ${timeoutMs} ms\n${this.stderrTail}`);
  }

  /** The kernel's exit with all of its stderr (waits a moment for the pipe to drain). */
  private async exitInfo(): Promise<KernelExit> {
    await Promise.race([this.stderrDone, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    return { code: this.exit?.code ?? null, signal: this.exit?.signal ?? null, stderr: this.stderrTail };
  }

  private async describeExit(): Promise<string> {
    const e = await this.exitInfo();
    return e.signal ? `killed by ${e.signal}` : `exit code ${e.code}`;
  }

  /**
   * Runs one cell; `onIopub` sees each output as it arrives (for live progress). A cell still running
   * after `timeoutMs` is interrupted; if it has not stopped `interruptGraceMs` later, the kernel is
   * killed. When the kernel ends, what the cell printed that had not arrived is read from the journal.
   */
  async execute(code: string, options: { timeoutMs: number; interruptGraceMs?: number; onIopub?: (m: JupyterMessage) => void }): Promise<ExecuteOutcome> {
    const started = performance.now();
    const { id, entry } = await this.begin(this.shell, "execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: false,
    });
    const seen = { n: 0 };
    const follow = (deadline: number) => this.wait(entry, deadline, { waitIdle: true, idleGraceMs: IDLE_GRACE_MS, onIopub: options.onIopub, seen });
    try {
      let result = await follow(Date.now() + options.timeoutMs);
      let ended: ExecuteOutcome["ended"];
      if (result === "timeout") {
        await this.interrupt();
        result = await follow(Date.now() + (options.interruptGraceMs ?? Math.min(INTERRUPT_GRACE_MS, options.timeoutMs)));
        if (result === "timeout") {
          await this.kill();
          result = await follow(Date.now());
        }
        ended = result === "done" ? "interrupted" : "killed";
      }
      const seconds = (performance.now() - started) / 1000;
      const input = entry.iopub.find((m) => m.header.msg_type === "execute_input")?.content.execution_count;
      let executionCount: number | null = entry.reply?.content.execution_count ?? (typeof input === "number" ? input : null);
      const base = { iopub: entry.iopub, reply: entry.reply, seconds };
      if (result === "done" && !ended) return { ...base, status: entry.reply!.content.status as ExecuteOutcome["status"], executionCount };
      if (result === "done") return { ...base, status: "timeout", ended, executionCount };
      // the kernel is gone: take the messages still in flight, then what never reached us
      await new Promise((resolve) => setTimeout(resolve, 200));
      await follow(Date.now());
      const journal = readJournal(this.journalFile, id);
      executionCount ??= journal?.count ?? null;
      const lostStreams = journal ? unreceived(journal.streams, entry.iopub) : [];
      return { ...base, status: ended ? "timeout" : "died", ended, executionCount, exit: await this.exitInfo(), lostStreams };
    } finally {
      this.pending.delete(id);
    }
  }

  /** Asks the kernel to interrupt the running cell (control channel, then SIGINT). */
  async interrupt(): Promise<void> {
    await this.request(this.control, "interrupt_request", {}, 2000, false).catch(() => undefined);
    if (!this.exit) this.proc.kill("SIGINT");
  }

  /** Kills the kernel process (SIGKILL) and waits until it has ended. */
  private async kill(): Promise<void> {
    if (this.exit) return;
    const exited = new Promise<void>((resolve) => this.proc.once("exit", () => resolve()));
    this.proc.kill("SIGKILL");
    await exited;
  }

  /** Shuts the kernel down politely, then for sure; removes the connection file. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    if (!this.exit) await this.request(this.control, "shutdown_request", { restart: false }, 3000, false).catch(() => undefined);
    this.closed = true;
    const exited = new Promise<void>((resolve) => {
      if (this.exit || this.proc.exitCode !== null || this.proc.signalCode !== null) resolve();
      else this.proc.once("exit", () => resolve());
    });
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
    this.shell.close();
    this.control.close();
    this.iopub.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The journal's writes that iopub did not deliver: per stream, the text beyond what arrived (the
 * journal and iopub carry the same text in the same order, iopub merely later).
 */
export function unreceived(
  journal: ReadonlyArray<{ name: "stdout" | "stderr"; text: string }>,
  iopub: ReadonlyArray<JupyterMessage>,
): Array<{ name: "stdout" | "stderr"; text: string }> {
  const received = { stdout: 0, stderr: 0 };
  for (const m of iopub)
    if (m.header.msg_type === "stream" && (m.content.name === "stdout" || m.content.name === "stderr"))
      received[m.content.name as "stdout"] += String(m.content.text).length;
  const lost: Array<{ name: "stdout" | "stderr"; text: string }> = [];
  for (const w of journal) {
    const skip = Math.min(received[w.name], w.text.length);
    received[w.name] -= skip;
    const text = w.text.slice(skip);
    if (!text) continue;
    const last = lost[lost.length - 1];
    if (last?.name === w.name) last.text += text;
    else lost.push({ name: w.name, text });
  }
  return lost;
}
