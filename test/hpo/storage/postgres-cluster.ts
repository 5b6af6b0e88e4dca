// Test harness: a private, throw-away PostgreSQL cluster in a temp dir (never a system service).
// initdb refuses to run as root, so when we are root the server runs as the `postgres` user (runuser).
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { freePort } from "../../../packages/kernel/src/runner/free-port.js";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running private cluster; `url` connects as superuser `postgres` to database `postgres`. */
export interface PostgresCluster {
  /** Connection string, e.g. postgres://postgres@127.0.0.1:54321/postgres */
  url: string;
  port: number;
  dir: string;
  /** Creates a fresh database and returns its connection string. */
  createDatabase(name: string): string;
  /** Stops the server (immediate mode) and removes its directory. Idempotent. */
  stop(): void;
  /** Stops the server but keeps its data (`mode` as pg_ctl: "fast" closes sessions, "immediate" is a crash). */
  halt(mode?: "fast" | "immediate"): void;
  /** Starts a halted server again on the same port. */
  restart(): void;
}

/** Directory holding initdb/pg_ctl, or undefined when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  if (process.env.PG_BIN && existsSync(join(process.env.PG_BIN, "pg_ctl"))) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, "bin");
    if (existsSync(join(bin, "initdb")) && existsSync(join(bin, "pg_ctl"))) return bin;
  }
  return undefined;
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function asServerUser(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) {
    throw new Error(`${bin} ${args.join(" ")} failed (status ${r.status}): ${r.stderr || r.stdout || r.error}`);
  }
}

/** Starts a private cluster on 127.0.0.1 at a free port (fsync off unless `durable`: tests only). */
export async function startPostgresCluster(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL server binaries not found (install Debian package `postgresql` or set PG_BIN)");
  const dir = mkdtempSync(join(tmpdir(), "tfjs-tune-pg-"));
  if (isRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", stop);
    if (existsSync(join(data, "postmaster.pid"))) {
      try {
        asServerUser(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        /* already gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  try {
    asServerUser(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
    let port = 0;
    let opts = "";
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const speed = options.durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
      opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}${speed} -c max_connections=100`;
      try {
        asServerUser(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "server.log"), "-o", opts, "-w", "-t", "30", "start"]);
        break;
      } catch (e) {
        if (attempt >= 2) throw e; // port raced away: retry with another
      }
    }
    const base = `postgres://postgres@127.0.0.1:${port}`;
    const createDatabase = (name: string): string => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      asServerUser(join(bin, "psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-q", "-c", `CREATE DATABASE ${name}`]);
      return `${base}/${name}`;
    };
    const halt = (mode: "fast" | "immediate" = "fast"): void => asServerUser(join(bin, "pg_ctl"), ["-D", data, "-m", mode, "-w", "stop"]);
    const restart = (): void => asServerUser(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "server.log"), "-o", opts, "-w", "-t", "30", "start"]);
    return { url: `${base}/postgres`, port, dir, createDatabase, stop, halt, restart };
  } catch (e) {
    stop();
    throw e;
  }
}
