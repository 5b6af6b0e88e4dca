export type { Dataset, Splits } from "./types.js";
export { readNpz } from "./npz.js";
export { readNpy } from "./npy.js";
export type { NpyArray, NpyData, NpyDtype } from "./npy.js";
export { readZip, crc32 } from "./zip-reader.js";
export type { ZipEntry } from "./zip-reader.js";
