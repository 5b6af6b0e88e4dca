#!/usr/bin/env node
// The `tfjs-tune-kernel` command: run notebooks headlessly, and register/check/remove the kernelspec.
// The library's `tfjs-tune run` hands its arguments to `main` here (see the library's src/cli/main.ts).
import { spawnSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { registerRunCommand } from "./runner/run-command.js";

const SETUP_COMMANDS = new Set(["install", "uninstall", "check"]);

/** Runs the command line `argv` (without node and the script); resolves when it is done (exit code in process.exitCode). */
export async function main(argv: readonly string[], programName = "tfjs-tune-kernel"): Promise<void> {
  if (argv.length > 0 && SETUP_COMMANDS.has(argv[0]!)) {
    // the kernelspec installer is plain JS so that it also runs straight from a checkout
    const script = fileURLToPath(new URL("../setup/install.mjs", import.meta.url));
    const r = spawnSync(process.execPath, [script, ...argv], { stdio: "inherit" });
    process.exitCode = r.status ?? 1;
    return;
  }
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  const program = new Command(programName)
    .description("the tfjs-tune Jupyter kernel (TypeScript) and its headless notebook runner")
    .version(pkg.version)
    .addHelpText("after", `\nKernelspec:\n  ${programName} install|uninstall|check [--user | --prefix DIR | --sys-prefix | --jupyter-path DIR] [--python PY]`);
  registerRunCommand(program);
  await program.parseAsync([...argv], { from: "user" });
}

// run as a program (also through the bin symlink npm makes), not when imported by `tfjs-tune run`
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`tfjs-tune-kernel: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
