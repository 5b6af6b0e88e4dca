/**
 * The channel between our display API and the Jupyter kernel running the current cell.
 * Our kernel (src/kernel) installs a {@link KernelHook} on `globalThis[KERNEL_HOOK]`; in a plain tslab
 * kernel the hook is emulated with tslab's internal `lastWriteDisplayData`; elsewhere there is none.
 */
import { createRequire } from "node:module";

/** A MIME bundle: MIME type → data (string, JSON value, or base64 for binary types). */
export type MimeBundle = Record<string, unknown>;

/** The content of a Jupyter `display_data` / `update_display_data` message. */
export interface DisplayContent {
  /** MIME bundle. */
  data: MimeBundle;
  /** Per-MIME-type metadata (e.g. `{"image/png": {width: 400}}`). */
  metadata: Record<string, unknown>;
  /** Transient data, not saved in the notebook (the display id). */
  transient: { display_id?: string };
}

/** What a kernel offers to the display API. */
export interface KernelHook {
  /** Sends `display_data` (update=false) or `update_display_data` (update=true) to the current cell. */
  display(content: DisplayContent, update: boolean): void;
  /** Sends `clear_output`; with wait=true the output is cleared when the next output arrives. */
  clearOutput(wait: boolean): void;
  /** Makes the kernel wait for this promise (and report its rejection) before the cell counts as finished. */
  track?(work: Promise<unknown>): void;
}

/** The global symbol under which a kernel installs its {@link KernelHook}. */
export const KERNEL_HOOK: unique symbol = Symbol.for("tfjs-tune.kernel-hook") as never;

const requireHere = createRequire(import.meta.url);

/** Finds tslab's internal display writer in the module cache (a plain tslab kernel), re-resolved on every call. */
function tslabHook(): KernelHook | undefined {
  for (const [id, mod] of Object.entries(requireHere.cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(id)) continue;
    const exportsOf = mod?.exports as { lastWriteDisplayData?: ((c: DisplayContent, u: boolean) => void) | null } | undefined;
    if (exportsOf && typeof exportsOf.lastWriteDisplayData === "function") {
      return {
        // tslab re-binds lastWriteDisplayData at every execute: always call it through the module object.
        display: (content, update) => exportsOf.lastWriteDisplayData?.(content, update),
        clearOutput: () => {
          // tslab has no clear_output message: nothing to do.
        },
      };
    }
  }
  return undefined;
}

/** Returns the active kernel hook, or undefined when not running inside a Jupyter kernel. */
export function kernelHook(): KernelHook | undefined {
  const installed = (globalThis as Record<symbol, unknown>)[KERNEL_HOOK] as KernelHook | undefined;
  if (installed && typeof installed.display === "function") return installed;
  return tslabHook();
}

/** True when display calls go to a Jupyter kernel (false in plain Node, tests and CI logs). */
export function inKernel(): boolean {
  return kernelHook() !== undefined;
}
