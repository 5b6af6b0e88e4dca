// Reader for numpy's .npz archives (np.savez / np.savez_compressed): a ZIP of .npy members.
import { readFileSync } from "node:fs";
import { readNpy, type NpyArray } from "./npy.js";
import { readZip, type ZipEntry } from "./zip-reader.js";

/** What every message about a bad .npz ends with: the format we expected. */
const EXPECTED = "expected an .npz file (a ZIP archive of .npy arrays, as numpy's np.savez / np.savez_compressed write)";

/** The read error of `path` in words (no raw "ENOENT: no such file or directory, open …"). */
function readProblem(path: string, err: NodeJS.ErrnoException): string {
  if (err.code === "ENOENT") return `readNpz: cannot read ${path}: no such file; ${EXPECTED}`;
  if (err.code === "EISDIR") return `readNpz: cannot read ${path}: it is a folder; ${EXPECTED}`;
  if (err.code === "ENOTDIR") return `readNpz: cannot read ${path}: a part of the path is a file, not a folder; ${EXPECTED}`;
  if (err.code === "EACCES" || err.code === "EPERM") return `readNpz: cannot read ${path}: permission denied (${err.code}); ${EXPECTED}`;
  return `readNpz: cannot read ${path} (${err.code ?? err.message}); ${EXPECTED}`;
}

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
      throw new Error(readProblem(source, err as NodeJS.ErrnoException));
    }
  } else if (source instanceof Uint8Array) {
    label = "npz bytes";
    bytes = source;
  } else {
    throw new TypeError(`readNpz: expected a Uint8Array or a file path, got ${Object.prototype.toString.call(source)}`);
  }
  const out = new Map<string, NpyArray>();
  let entries: ZipEntry[];
  try {
    entries = readZip(bytes, label);
  } catch (err) {
    throw new Error(`${(err as Error).message}; ${EXPECTED}`);
  }
  for (const entry of entries) {
    if (entry.name.endsWith("/")) continue; // directory entries carry no data
    const name = entry.name.endsWith(".npy") ? entry.name.slice(0, -4) : entry.name;
    try {
      out.set(name, readNpy(entry.data, `${label}: member "${entry.name}"`));
    } catch (err) {
      throw new Error(`${(err as Error).message}; expected every member of an .npz to be a .npy array (numpy's format)`);
    }
  }
  if (out.size === 0) throw new Error(`${label}: the archive holds no arrays; expected at least one .npy member (np.savez writes arr_0.npy, …)`);
  return out;
}
