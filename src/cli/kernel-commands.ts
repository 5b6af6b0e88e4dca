// `tfjs-tune run …` is the tfjs-tune-kernel package's command: loaded only when asked for, with a clear
// message when that package is not installed.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** The commands that belong to tfjs-tune-kernel, as `tfjs-tune --help` lists them. */
export const KERNEL_COMMANDS: readonly { readonly name: string; readonly description: string }[] = [
  { name: "run", description: "execute notebooks headlessly; writes .ipynb and .html to --out" },
];

/** What `tfjs-tune run` says when the kernel package is missing. */
export const KERNEL_MISSING =
  "the notebook commands need the tfjs-tune-kernel package: npm install tfjs-tune-kernel (it brings the Jupyter kernel, tslab and zeromq)";

/** Resolves tfjs-tune-kernel from the working directory first (the user's project), then from this package. */
export function resolveKernelPackage(from: readonly string[] = [`${process.cwd()}/`, import.meta.url]): string | undefined {
  for (const base of from) {
    try {
      return createRequire(base).resolve("tfjs-tune-kernel");
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/** Hands `argv` (e.g. ["run", "notebooks", "--smoke"]) to tfjs-tune-kernel's command line. */
export async function runKernelCommand(argv: readonly string[]): Promise<void> {
  const entry = resolveKernelPackage();
  if (entry === undefined) throw new Error(KERNEL_MISSING);
  const kernel = (await import(pathToFileURL(entry).href)) as { main: (argv: readonly string[], programName?: string) => Promise<void> };
  await kernel.main(argv, "tfjs-tune");
}
