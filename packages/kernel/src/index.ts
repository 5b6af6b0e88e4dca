// tfjs-tune-kernel: the Jupyter kernel and the headless notebook runner, for programs that drive them.
export { main } from "./cli.js";
export { runNotebooks, summaryTable, type RunOptions, type RunSummary } from "./runner/run-command.js";
export { startKernel, type KernelOptions } from "./kernel/kernel.js";
