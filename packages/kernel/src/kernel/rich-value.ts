/**
 * The MIME bundle of a cell's last value (`execute_result`): the value's own display protocol when it
 * has one (`[Symbol.for("Jupyter.display")]()` returning a bundle, as in Deno's kernel), else its
 * `util.inspect` text.
 */
import { inspect } from "node:util";

/** The symbol under which a value offers its MIME bundle. */
export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** Plain-text form of a value (like Node's REPL, without colours). */
export function plainText(value: unknown): string {
  return inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

/** Returns the MIME bundle and metadata for a value; text/plain is always present. */
export async function richValue(value: unknown): Promise<{ data: Record<string, unknown>; metadata: Record<string, unknown> }> {
  const method = value !== null && (typeof value === "object" || typeof value === "function") ? (value as Record<symbol, unknown>)[JUPYTER_DISPLAY] : undefined;
  if (typeof method === "function") {
    const bundle = (await (method as () => unknown).call(value)) as Record<string, unknown> | null | undefined;
    if (bundle === null || typeof bundle !== "object" || Array.isArray(bundle)) {
      throw new TypeError(`[Symbol.for("Jupyter.display")]() must return a MIME bundle object, got ${bundle === null ? "null" : typeof bundle}`);
    }
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(bundle)) {
      if (v instanceof Uint8Array) data[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
      else if (v !== undefined) data[k] = v;
    }
    if (typeof data["text/plain"] !== "string") data["text/plain"] = plainText(value);
    return { data, metadata: {} };
  }
  return { data: { "text/plain": plainText(value) }, metadata: {} };
}
