// Reader for numpy's .npz archives (np.savez / np.savez_compressed): a ZIP of .npy members.
import { readFileSync } from "node:fs";
import { readNpy, type NpyArray } from "./npy.js";
import { readZip } from "./zip-reader.js";

/** Reads a .npz archive from bytes or a file path into a Map from array name ("arr_0", without ".npy") to array, in archive order. */
export function readNpz(source: Uint8Array | string): Map<string, NpyArray> {
  let bytes: Uint8Array;
  let label: string;
  if (typeof source === "string") {
    label = source;
    try {
      const buf = readFileSync(source);
      bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      throw new Error(`readNpz: cannot read ${source}: ${(err as Error).message}`);
    }
  } else if (source instanceof Uint8Array) {
    label = "npz bytes";
    bytes = source;
  } else {
    throw new TypeError(`readNpz: expected a Uint8Array or a file path, got ${Object.prototype.toString.call(source)}`);
  }
  const out = new Map<string, NpyArray>();
  for (const entry of readZip(bytes, label)) {
    if (entry.name.endsWith("/")) continue; // directory entries carry no data
    const name = entry.name.endsWith(".npy") ? entry.name.slice(0, -4) : entry.name;
    out.set(name, readNpy(entry.data, `${label}: member "${entry.name}"`));
  }
  if (out.size === 0) throw new Error(`${label}: the archive holds no arrays`);
  return out;
}
