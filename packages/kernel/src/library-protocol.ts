// What the kernel and the runner share with the tfjs-tune library, by value: a global symbol key, a MIME
// type and an environment variable. They are spelled here rather than imported so that starting the
// kernel or the runner never loads the library (and its tfjs); a test checks they equal the library's.
export type { DisplayContent, KernelHook, MimeBundle } from "tfjs-tune";

/** `globalThis[KERNEL_HOOK]` is where the library's display API finds the running kernel (the library's KERNEL_HOOK). */
export const KERNEL_HOOK: unique symbol = Symbol.for("tfjs-tune.kernel-hook") as never;

/** The MIME type of `reportMetrics` outputs, which the runner collects into its summary (the library's METRICS_MIME). */
export const METRICS_MIME = "application/vnd.tfjs-tune.metrics+json";

/** The data-folder variable (the library's DATA_ENV); the runner makes it absolute before kernels start in other folders. */
export const DATA_ENV = "TFJS_TUNE_DATA";
