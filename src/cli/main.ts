#!/usr/bin/env node
// The `tfjs-tune` command line. Each command lives in its own file and registers itself here.
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { registerRunCommand } from "./run-command.js";
import { registerTrainCommand } from "./train-command.js";
import { registerWorkerCommand } from "./worker-command.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

const program = new Command("tfjs-tune")
  .description("hyperparameter tuning for TensorFlow.js models, and the hemolysis chapter in TypeScript")
  .version(pkg.version);

registerTrainCommand(program);
registerWorkerCommand(program);
registerRunCommand(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`tfjs-tune: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
