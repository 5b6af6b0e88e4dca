// A free local TCP port, found by letting the OS pick one (listen on port 0) and closing it again.
import { createServer } from "node:net";

/** A TCP port that was free on 127.0.0.1 a moment ago (another process may take it before you bind it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
