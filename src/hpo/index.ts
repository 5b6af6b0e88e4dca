// Public exports of src/hpo (re-exported by src/index.ts).
export * from "./space.js";
export * from "./transform.js";
export * from "./types.js";
export * from "./storage/record.js";
export * from "./storage/memory.js";
