#!/usr/bin/env node
/**
 * Kernel process entry: `node dist/kernel/main.js [--connection-file] <connection.json>`.
 * Jupyter starts it from the kernelspec (setup/install.mjs) with the notebook's folder as cwd.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startKernel } from "./kernel.js";
import { watchParent } from "./parent-watch.js";

/** The tfjs-tune-kernel package root (dist/kernel/ or src/kernel/ → two levels up). */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Parses argv into the connection file path. */
function parseArgs(argv: string[]): string {
  const usage = "usage: node dist/kernel/main.js [--connection-file] <connection.json>";
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--connection-file" || a === "-f") file = argv[++i];
    else if (a.startsWith("--connection-file=")) file = a.slice("--connection-file=".length);
    else if (a === "--help" || a === "-h") {
      console.log(usage);
      process.exit(0);
    } else if (!a.startsWith("-") && !file) file = a;
    else throw new Error(`unknown argument ${a}; ${usage}`);
  }
  if (!file) throw new Error(`missing connection file; ${usage}`);
  return file;
}

async function main(): Promise<void> {
  const connectionFile = parseArgs(process.argv.slice(2));
  await startKernel({ connectionFile, root, cwd: process.cwd() });
  watchParent(process.env, () => {
    process.stderr.write("[tfjs-tune kernel] the process that started this kernel is gone: exiting\n");
    process.exit(0);
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`[tfjs-tune kernel] failed to start: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
