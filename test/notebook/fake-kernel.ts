// Test helper: a recording kernel hook installed on globalThis, as our kernel does.
import { KERNEL_HOOK, type DisplayContent, type KernelHook } from "../../src/notebook/kernel-hook.js";

/** Installs a recording kernel hook and returns what it receives. */
export function fakeKernel(): { sent: Array<{ content: DisplayContent; update: boolean }>; cleared: boolean[]; tracked: Promise<unknown>[] } {
  const rec = { sent: [] as Array<{ content: DisplayContent; update: boolean }>, cleared: [] as boolean[], tracked: [] as Promise<unknown>[] };
  const hook: KernelHook = {
    display: (content, update) => void rec.sent.push({ content, update }),
    clearOutput: (wait) => void rec.cleared.push(wait),
    track: (p) => void rec.tracked.push(p),
  };
  (globalThis as Record<symbol, unknown>)[KERNEL_HOOK] = hook;
  return rec;
}
