/**
 * The kernel's five ZeroMQ sockets (shell, control, stdin, iopub, heartbeat) bound from a connection
 * file, with serialised sends (zeromq 6 allows one pending send per socket) and receive loops.
 */
import { readFileSync } from "node:fs";
import * as zmq from "zeromq";
import { decode, encode, type Message, Signer } from "./wire.js";

/** A Jupyter connection file. */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  key: string;
  signature_scheme?: string;
  shell_port: number;
  control_port: number;
  stdin_port: number;
  iopub_port: number;
  hb_port: number;
}

/** Reads and checks a connection file. */
export function readConnectionFile(path: string): ConnectionInfo {
  let info: ConnectionInfo;
  try {
    info = JSON.parse(readFileSync(path, "utf8")) as ConnectionInfo;
  } catch (e) {
    throw new Error(`cannot read the connection file ${path}: ${(e as Error).message}`);
  }
  for (const k of ["shell_port", "control_port", "stdin_port", "iopub_port", "hb_port"] as const) {
    if (typeof info[k] !== "number") throw new Error(`connection file ${path}: ${k} must be a number, got ${JSON.stringify(info[k])}`);
  }
  info.transport ??= "tcp";
  info.ip ??= "127.0.0.1";
  info.key ??= "";
  return info;
}

/** Which socket a message came in on. */
export type Channel = "shell" | "control";

/** Serialises sends on one socket. */
class SendQueue {
  private tail: Promise<void> = Promise.resolve();
  constructor(
    private readonly socket: zmq.Writable,
    private readonly onError: (e: unknown) => void,
  ) {}
  send(frames: Array<Buffer | string>): Promise<void> {
    this.tail = this.tail.then(() => this.socket.send(frames)).catch(this.onError);
    return this.tail;
  }
  drain(): Promise<void> {
    return this.tail;
  }
}

/** The bound sockets. */
export class KernelSockets {
  readonly signer: Signer;
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  private readonly iopub = new zmq.Publisher();
  private readonly hb = new zmq.Reply();
  private readonly out: Record<"shell" | "control" | "iopub" | "stdin", SendQueue>;
  private closed = false;

  constructor(
    private readonly info: ConnectionInfo,
    private readonly log: (text: string) => void,
  ) {
    this.signer = new Signer(info.key, info.signature_scheme);
    if (!info.key) this.log("the connection file has an empty key: messages are neither signed nor checked");
    const onError = (e: unknown) => this.log(`send failed: ${(e as Error)?.message ?? e}`);
    this.out = {
      shell: new SendQueue(this.shell, onError),
      control: new SendQueue(this.control, onError),
      iopub: new SendQueue(this.iopub, onError),
      stdin: new SendQueue(this.stdin, onError),
    };
  }

  /** Binds every socket and starts receiving; `onMessage` is called for each shell/control message. */
  async start(onMessage: (channel: Channel, msg: Message) => void): Promise<void> {
    const { transport, ip } = this.info;
    const addr = (port: number) => (transport === "ipc" ? `ipc://${ip}-${port}` : `${transport}://${ip}:${port}`);
    await Promise.all([
      this.shell.bind(addr(this.info.shell_port)),
      this.control.bind(addr(this.info.control_port)),
      this.stdin.bind(addr(this.info.stdin_port)),
      this.iopub.bind(addr(this.info.iopub_port)),
      this.hb.bind(addr(this.info.hb_port)),
    ]);
    const receive = async (socket: zmq.Router, channel: Channel) => {
      try {
        for await (const frames of socket) {
          let msg: Message;
          try {
            msg = decode(frames, this.signer);
          } catch (e) {
            this.log(`dropped a ${channel} message: ${(e as Error).message}`);
            continue;
          }
          onMessage(channel, msg);
        }
      } catch (e) {
        if (!this.closed) this.log(`${channel} socket failed: ${(e as Error).message}`);
      }
    };
    void receive(this.shell, "shell");
    void receive(this.control, "control");
    void (async () => {
      try {
        for await (const frames of this.hb) await this.hb.send(frames);
      } catch (e) {
        if (!this.closed) this.log(`heartbeat socket failed: ${(e as Error).message}`);
      }
    })();
  }

  /** Sends a message on a channel (replies carry the request's identities). */
  send(channel: "shell" | "control" | "iopub" | "stdin", msg: Message): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.out[channel].send(encode(msg, this.signer));
  }

  /** Waits for pending sends, then closes every socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all(Object.values(this.out).map((q) => q.drain()));
    this.closed = true;
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) {
      s.linger = 200;
      s.close();
    }
  }
}
