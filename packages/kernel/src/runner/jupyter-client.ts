import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { freePort } from "./free-port.js";

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
}

/** What one execute_request produced. */
export interface ExecuteOutcome {
  /** "ok", "error" or "aborted", from execute_reply (or "timeout" when no reply came in time). */
  status: "ok" | "error" | "aborted" | "timeout";
  executionCount: number | null;
  /** Every iopub message the request caused, in arrival order, up to the kernel's idle status. */
  iopub: JupyterMessage[];
  reply?: JupyterMessage;
}

const DELIM = "<IDS|MSG>";
/** After a cell's execute_reply, how long to wait in silence for its idle status before moving on. */
const IDLE_GRACE_MS = 30_000;

/**
 * A minimal Jupyter client: starts a kernel process, talks the wire protocol (v5.3) over ZeroMQ,
 * and runs code cell by cell. Used by the headless notebook runner, so that running notebooks
 * needs neither Python nor Jupyter.
 */
export class KernelClient {
  private readonly session = randomUUID();
  private readonly pending = new Map<string, { iopub: JupyterMessage[]; reply?: JupyterMessage; idle: boolean; last: number; wake: () => void }>();
  private closed = false;
  private exitInfo: string | null = null;
  private stderrTail = "";

  private constructor(
    private readonly key: string,
    private readonly proc: ChildProcess,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
    private readonly dir: string,
  ) {
    proc.stderr?.on("data", (b: Buffer) => {
      this.stderrTail = (this.stderrTail + b.toString()).slice(-4000);
    });
    proc.on("exit", (code, signal) => {
      this.exitInfo = `kernel process exited (code ${code}, signal ${signal})`;
      for (const p of this.pending.values()) p.wake();
    });
    void this.pump(shell, "shell");
    void this.pump(iopub, "iopub");
    void this.pump(control, "control");
  }

  /** Starts the kernel and waits until it answers kernel_info. */
  static async start(options: KernelClientOptions): Promise<KernelClient> {
    const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-kernel-"));
    const key = randomUUID();
    const ports = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
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
    writeFileSync(connFile, JSON.stringify(conn));
    const argv = options.argv.map((a) => a.replace("{connection_file}", connFile));
    const proc = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "inherit", "pipe"],
    });
    const url = (p: number) => `tcp://127.0.0.1:${p}`;
    const shell = new zmq.Dealer({ routingId: `runner-${randomUUID()}` });
    const control = new zmq.Dealer({ routingId: `runner-ctl-${randomUUID()}` });
    const iopub = new zmq.Subscriber();
    shell.connect(url(conn.shell_port));
    control.connect(url(conn.control_port));
    iopub.connect(url(conn.iopub_port));
    iopub.subscribe();
    const client = new KernelClient(key, proc, shell, control, iopub, dir);
    await client.waitReady(options.startTimeoutMs ?? 60_000);
    return client;
  }

  /** The last lines the kernel wrote to stderr (for error messages). */
  get stderr(): string {
    return this.stderrTail;
  }

  private sign(parts: string[]): string {
    const h = createHmac("sha256", this.key);
    for (const p of parts) h.update(p);
    return h.digest("hex");
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
    await socket.send([DELIM, this.sign(parts), ...parts]);
  }

  private async pump(socket: zmq.Dealer | zmq.Subscriber, channel: string): Promise<void> {
    try {
      for await (const frames of socket) {
        const strs = frames.map((f) => f.toString("utf8"));
        const at = strs.indexOf(DELIM);
        if (at < 0 || strs.length < at + 6) continue;
        const [sig, header, parent, metadata, content] = strs.slice(at + 1, at + 6);
        if (sig !== this.sign([header!, parent!, metadata!, content!])) continue; // not ours or tampered
        const msg: JupyterMessage = {
          header: JSON.parse(header!),
          parent_header: JSON.parse(parent!),
          metadata: JSON.parse(metadata!),
          content: JSON.parse(content!),
        };
        this.route(msg, channel);
      }
    } catch (err) {
      if (!this.closed) this.exitInfo ??= `lost the ${channel} channel: ${(err as Error).message}`;
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

  /** Sends a request and waits for its reply and (for shell requests) the kernel's idle status. */
  private async request(
    socket: zmq.Dealer,
    msgType: string,
    content: Record<string, unknown>,
    timeoutMs: number,
    onIopub?: (m: JupyterMessage) => void,
    waitIdle = true,
    idleGraceMs = Infinity,
  ): Promise<{ reply?: JupyterMessage; iopub: JupyterMessage[]; timedOut: boolean; idle: boolean }> {
    const msg = this.message(msgType, content);
    let wake: () => void = () => {};
    const entry = { iopub: [] as JupyterMessage[], reply: undefined as JupyterMessage | undefined, idle: false, last: Date.now(), wake: () => wake() };
    this.pending.set(msg.header.msg_id, entry);
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    try {
      await this.send(socket, msg);
      for (;;) {
        while (seen < entry.iopub.length) onIopub?.(entry.iopub[seen++]!);
        if (entry.reply && (!waitIdle || entry.idle)) return { reply: entry.reply, iopub: entry.iopub, timedOut: false, idle: entry.idle };
        // The reply came but the idle status did not: after a quiet grace period, stop waiting for it
        // (a lost iopub message must not stall a run until the cell timeout).
        if (entry.reply && Date.now() - entry.last > idleGraceMs) return { reply: entry.reply, iopub: entry.iopub, timedOut: false, idle: false };
        if (this.exitInfo) throw new Error(`${this.exitInfo}\n${this.stderrTail}`);
        const left = deadline - Date.now();
        if (left <= 0) return { reply: entry.reply, iopub: entry.iopub, timedOut: true, idle: entry.idle };
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(left, 1000));
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    } finally {
      this.pending.delete(msg.header.msg_id);
    }
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The kernel may not be listening yet, and a new iopub subscription misses what is published
    // before it takes effect (ZeroMQ's slow joiner): kernel_info is idempotent, so ask again until
    // both its reply and its idle status arrive. Only then are a cell's outputs sure to reach us.
    while (Date.now() < deadline) {
      const r = await this.request(this.shell, "kernel_info_request", {}, 2000, undefined, true);
      if (r.reply && r.idle) return;
    }
    throw new Error(`the kernel did not answer kernel_info within ${timeoutMs} ms\n${this.stderrTail}`);
  }

  /** Runs one cell; `onIopub` sees each output as it arrives (for live progress). */
  async execute(code: string, options: { timeoutMs: number; onIopub?: (m: JupyterMessage) => void }): Promise<ExecuteOutcome> {
    const r = await this.request(
      this.shell,
      "execute_request",
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false },
      options.timeoutMs,
      options.onIopub,
      true,
      IDLE_GRACE_MS,
    );
    if (r.timedOut) {
      await this.interrupt();
      return { status: "timeout", executionCount: r.reply?.content.execution_count ?? null, iopub: r.iopub, reply: r.reply };
    }
    const status = r.reply!.content.status as ExecuteOutcome["status"];
    return { status, executionCount: r.reply!.content.execution_count ?? null, iopub: r.iopub, reply: r.reply };
  }

  /** Asks the kernel to interrupt the running cell (control channel, then SIGINT). */
  async interrupt(): Promise<void> {
    await this.request(this.control, "interrupt_request", {}, 2000, undefined, false).catch(() => undefined);
    if (this.proc.exitCode === null) this.proc.kill("SIGINT");
  }

  /** Shuts the kernel down politely, then for sure; removes the connection file. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    if (!this.exitInfo) await this.request(this.control, "shutdown_request", { restart: false }, 3000, undefined, false).catch(() => undefined);
    this.closed = true;
    const exited = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) resolve();
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
