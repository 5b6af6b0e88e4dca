// Signed messages: the kernel drops (and logs) a request whose HMAC-SHA256 signature is wrong and
// answers a correctly signed one; it binds to 127.0.0.1 when the connection file names no ip. The
// runner's client drops a forged iopub message, and writes its connection file with mode 0600.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as zmq from "zeromq";
import { freePorts } from "../../packages/kernel/src/runner/free-port.js";
import { KernelClient } from "../../packages/kernel/src/runner/jupyter-client.js";
import { decode, encode, makeMessage, Signer, type Message } from "../../packages/kernel/src/kernel/wire.js";

const REPO = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..", "..");
const KERNEL = join(REPO, "packages", "kernel", "dist", "kernel", "main.js");
const FORGING_KERNEL = join(REPO, "test", "faults", "fixtures", "forging-kernel.ts");

/** The local addresses (hex ip:port as /proc/net/tcp lists them) listening on `port`. */
function listeners(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  return ["/proc/net/tcp", "/proc/net/tcp6"]
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, "utf8").split("\n").slice(1))
    .map((l) => l.trim().split(/\s+/))
    .filter((cols) => cols[3] === "0A" && cols[1]?.endsWith(`:${hexPort}`)) // 0A = LISTEN
    .map((cols) => cols[1]!);
}

/** Receives one message from the socket, or undefined after `ms`. */
async function receive(socket: zmq.Dealer, signer: Signer, ms: number): Promise<Message | undefined> {
  socket.receiveTimeout = ms;
  try {
    return decode(await socket.receive(), signer);
  } catch (e) {
    if ((e as { code?: string }).code === "EAGAIN") return undefined;
    throw e;
  }
}

test(
  "kernel: a request with a bad signature gets no reply and a log line; a signed one is answered, signed; binds 127.0.0.1",
  { timeout: 90_000 },
  async () => {
    assert.ok(existsSync(KERNEL), `${KERNEL} is missing: run \`npm run build\` first (npm test does it)`);
    const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-signature-"));
    const key = randomUUID();
    const [shell_port, control_port, stdin_port, iopub_port, hb_port] = await freePorts(5);
    const ports = { shell_port, control_port, stdin_port, iopub_port, hb_port };
    const file = join(dir, "connection.json");
    // no "ip": the kernel must pick the loopback interface, not every interface
    writeFileSync(file, JSON.stringify({ transport: "tcp", key, signature_scheme: "hmac-sha256", ...ports }), { mode: 0o600 });
    const kernel = spawn(process.execPath, [KERNEL, file], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    kernel.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const shell = new zmq.Dealer({ routingId: "signature-test" });
    const signer = new Signer(key);
    try {
      shell.connect(`tcp://127.0.0.1:${ports.shell_port}`);
      // a correctly signed request, until the kernel is up and answers it
      const request = (signWith: Signer) => encode(makeMessage("kernel_info_request", {}, undefined, "test"), signWith);
      let reply: Message | undefined;
      for (let i = 0; i < 60 && !reply; i++) {
        await shell.send(request(signer));
        reply = await receive(shell, signer, 1000); // decode throws if the reply's signature is wrong
      }
      assert.equal(reply?.header.msg_type, "kernel_info_reply", stderr);
      while (await receive(shell, signer, 300)); // later replies to the retries

      for (const [what, frames] of [
        ["another key", request(new Signer("wrong-key"))],
        ["no signature", request(new Signer(""))],
        ["a tampered content", request(signer).map((f, i, all) => (i === all.length - 1 ? JSON.stringify({ code: "process.exit(9)" }) : f))],
      ] as const) {
        const before = (stderr.match(/dropped a shell message: invalid message signature/g) ?? []).length;
        await shell.send(frames);
        assert.equal(await receive(shell, signer, 1500), undefined, `${what}: no reply`);
        const after = (stderr.match(/dropped a shell message: invalid message signature/g) ?? []).length;
        assert.equal(after, before + 1, `${what}: one log line, stderr:\n${stderr}`);
      }
      await shell.send(request(signer));
      assert.equal((await receive(shell, signer, 5000))?.header.msg_type, "kernel_info_reply", "a signed request still gets its reply");

      for (const port of Object.values(ports)) {
        const addrs = listeners(port);
        assert.deepEqual(addrs, ["0100007F:" + port.toString(16).toUpperCase().padStart(4, "0")], `port ${port} listens on 127.0.0.1 only: ${addrs}`);
      }
    } finally {
      shell.close();
      kernel.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  "runner: the client drops a forged iopub message with a warning, signs its requests, and writes the connection file 0600",
  { timeout: 60_000 },
  async () => {
    const warnings: string[] = [];
    const client = await KernelClient.start({
      argv: [process.execPath, "--import", "tsx", FORGING_KERNEL, "{connection_file}"],
      cwd: REPO,
      onWarning: (w) => warnings.push(w),
    });
    try {
      assert.equal(statSync(client.connectionFile).mode & 0o777, 0o600, "the connection file holds the key: owner only");
      assert.equal(statSync(resolve(client.connectionFile, "..")).mode & 0o777, 0o700);
      const outcome = await client.execute("1", { timeoutMs: 10_000 });
      assert.equal(outcome.status, "ok", client.stderr);
      const streams = outcome.iopub.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text);
      assert.deepEqual(streams, ["genuine\n"]);
      assert.deepEqual(warnings, ["dropped an iopub message with an invalid signature"]);
    } finally {
      await client.shutdown();
    }
    assert.ok(!existsSync(client.connectionFile), "the connection file is removed at shutdown");
  },
);
