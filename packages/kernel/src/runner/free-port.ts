// Free local TCP ports, found by letting the OS pick them (listen on port 0) and closing them again.
import { createServer, type Server } from "node:net";

function listenAnywhere(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => resolve(srv));
  });
}

/**
 * `n` distinct TCP ports that were free on 127.0.0.1 a moment ago. All are held open until the
 * last is found, so the OS cannot hand out one port twice; another process may still take one
 * before you bind it (callers that start a kernel retry on "Address already in use").
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) servers.push(await listenAnywhere());
    return servers.map((s) => {
      const addr = s.address();
      return typeof addr === "object" && addr ? addr.port : 0;
    });
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago (another process may take it before you bind it). */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}
