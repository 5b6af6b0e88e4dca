#!/usr/bin/env node
// The `tfjs-tune` command line. Each command lives in its own file and registers itself here.
// Notebook commands (run) live in the tfjs-tune-kernel package, so that library users do not install
// tslab and zeromq: they are handed over to it when it is installed.
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { registerTrainCommand } from "./train-command.js";
import { registerWorkerCommand } from "./worker-command.js";
import { registerExportCommand } from "./export-command.js";
import { KERNEL_COMMANDS, runKernelCommand } from "./kernel-commands.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

async function main(argv: readonly string[]): Promise<void> {
  if (argv.length > 0 && KERNEL_COMMANDS.some((c) => c.name === argv[0])) return runKernelCommand(argv);
  const program = new Command("tfjs-tune")
    .description("hyperparameter tuning for TensorFlow.js models, and the hemolysis chapter in TypeScript")
    .version(pkg.version);
  registerTrainCommand(program);
  registerWorkerCommand(program);
  registerExportCommand(program);
  for (const c of KERNEL_COMMANDS) program.command(c.name).description(`${c.description} (tfjs-tune-kernel)`).helpOption(false).allowUnknownOption();
  await program.parseAsync([...argv], { from: "user" });
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`tfjs-tune: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
