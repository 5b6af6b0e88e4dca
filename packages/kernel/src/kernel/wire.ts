/**
 * The Jupyter wire protocol (messaging spec 5.3): frames `[ids…, "<IDS|MSG>", hmac, header, parent,
 * metadata, content, buffers…]`, HMAC-SHA256 signatures, and message construction.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** Protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

const DELIM = Buffer.from("<IDS|MSG>");

/** A message header. */
export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded message. */
export interface Message {
  /** ZeroMQ routing identities (ROUTER sockets) to send the reply back. */
  identities: Buffer[];
  header: Header;
  /** The request's header, or {} for a message not caused by a request. */
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Buffer[];
}

/** Signs and checks messages with the connection key. */
export class Signer {
  constructor(
    private readonly key: string,
    private readonly scheme = "hmac-sha256",
  ) {
    if (key && scheme !== "hmac-sha256") throw new Error(`unsupported signature_scheme ${scheme}; expected hmac-sha256`);
  }

  /** The hex signature of the four JSON parts ("" when the key is empty: signing disabled). */
  sign(parts: Array<string | Buffer>): string {
    if (!this.key) return "";
    const h = createHmac("sha256", this.key);
    for (const p of parts) h.update(p);
    return h.digest("hex");
  }

  /** Throws when the signature does not match. */
  verify(signature: string, parts: Buffer[]): void {
    if (!this.key) return;
    const want = Buffer.from(this.sign(parts));
    const got = Buffer.from(signature);
    if (want.length !== got.length || !timingSafeEqual(want, got)) throw new Error("invalid message signature");
  }
}

/** Decodes the frames of a received message and verifies its signature. */
export function decode(frames: Buffer[], signer: Signer): Message {
  const d = frames.findIndex((f) => f.equals(DELIM));
  if (d < 0) throw new Error("message without <IDS|MSG> delimiter");
  if (frames.length < d + 6) throw new Error(`message with ${frames.length - d - 1} frames after the delimiter; expected at least 5`);
  const signature = frames[d + 1]!.toString();
  const parts = frames.slice(d + 2, d + 6);
  signer.verify(signature, parts);
  const json = (b: Buffer) => JSON.parse(b.toString("utf8")) as Record<string, unknown>;
  return {
    identities: frames.slice(0, d),
    header: json(parts[0]!) as unknown as Header,
    parent_header: json(parts[1]!) as Message["parent_header"],
    metadata: json(parts[2]!),
    content: json(parts[3]!),
    buffers: frames.slice(d + 6),
  };
}

/** Encodes a message to signed frames. */
export function encode(msg: Message, signer: Signer): Array<Buffer | string> {
  const parts = [JSON.stringify(msg.header), JSON.stringify(msg.parent_header), JSON.stringify(msg.metadata), JSON.stringify(msg.content)];
  return [...msg.identities, DELIM, signer.sign(parts), ...parts, ...msg.buffers];
}

/** Builds a message of `msgType` in reply to (or caused by) `parent`; identities are copied for ROUTER replies. */
export function makeMessage(
  msgType: string,
  content: Record<string, unknown>,
  parent: Message | undefined,
  session: string,
  options: { identities?: Buffer[]; metadata?: Record<string, unknown> } = {},
): Message {
  return {
    identities: options.identities ?? [],
    header: {
      msg_id: randomUUID(),
      session,
      username: parent?.header.username ?? "kernel",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: parent ? parent.header : {},
    metadata: options.metadata ?? {},
    content,
    buffers: [],
  };
}
