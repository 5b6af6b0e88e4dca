/**
 * `display(bundle)`: rich output in a notebook, readable text elsewhere.
 * Inside a kernel a bundle becomes one `display_data` (all MIME types at once, with metadata and an
 * optional display id for later `update_display_data`); outside, its text form goes to stdout.
 */
import { randomBytes } from "node:crypto";
import { kernelHook, type MimeBundle } from "./kernel-hook.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link display}. */
export interface DisplayOptions {
  /** Per-MIME-type metadata, e.g. `{"image/png": {width: 480}}`. @default {} */
  metadata?: Record<string, unknown>;
  /** Display id: later calls with the same id and `update: true` replace this output in place. @default undefined (no id) */
  displayId?: string;
  /** Replace the output that carries `displayId` instead of adding a new one (needs `displayId`). @default false */
  update?: boolean;
}

/** Returns a fresh random display id (16 hex digits). */
export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

const BINARY = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

/** Normalises bundle values: binary MIME types as base64 strings, everything else as given. */
function encodeBundle(bundle: MimeBundle): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(bundle)) {
    if (value === undefined) continue;
    if (value instanceof Uint8Array) out[mime] = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
    else if (BINARY.test(mime) && typeof value !== "string") {
      throw new TypeError(`display: ${mime} must be a Uint8Array or a base64 string, got ${typeof value}`);
    } else out[mime] = value;
  }
  return out;
}

/** The text form of a bundle shown outside a kernel: its text/plain, or a list of its MIME types. */
export function bundleText(bundle: MimeBundle): string {
  const plain = bundle["text/plain"];
  if (typeof plain === "string") return plain;
  if (typeof bundle["text/markdown"] === "string") return bundle["text/markdown"] as string;
  return `<display: ${Object.keys(bundle).join(", ") || "empty bundle"}>`;
}

/** Shows a MIME bundle: one `display_data` in a kernel (or `update_display_data`), its text form on stdout otherwise. */
export function display(bundle: MimeBundle, options: DisplayOptions = {}): void {
  checkOptions("display", options, optionKeys<DisplayOptions>({ metadata: true, displayId: true, update: true }));
  if (bundle === null || typeof bundle !== "object" || Array.isArray(bundle)) {
    throw new TypeError(`display: expected a MIME bundle object like {"text/plain": "..."}, got ${bundle === null ? "null" : typeof bundle}`);
  }
  if (options.update && !options.displayId) {
    throw new Error("display: update: true needs a displayId (the id of the output to replace)");
  }
  const data = encodeBundle(bundle);
  const hook = kernelHook();
  if (!hook) {
    process.stdout.write(bundleText(data).replace(/\n?$/, "\n"));
    return;
  }
  const transient = options.displayId ? { display_id: options.displayId } : {};
  hook.display({ data, metadata: options.metadata ?? {}, transient }, options.update === true);
}

/** Clears the current cell's output (in a kernel; a no-op elsewhere). With wait=true it clears when the next output arrives. */
export function clearOutput(wait = false): void {
  kernelHook()?.clearOutput(wait);
}

/** Lets the kernel wait for background work (e.g. an un-awaited chart) before the cell finishes; a no-op outside a kernel. */
export function trackWork<T>(work: Promise<T>): Promise<T> {
  const hook = kernelHook();
  if (hook?.track) hook.track(work);
  return work;
}
