// Public exports of src/hpo (re-exported by src/index.ts).
export * from "./space.js";
export * from "./transform.js";
export * from "./types.js";
export * from "./trial.js";
export * from "./study.js";
export * from "./storage/record.js";
export * from "./storage/memory.js";
export * from "./samplers/random.js";
export * from "./samplers/tpe.js";
export * from "./test-functions.js";
export * from "./samplers/gp.js";
export * from "./samplers/grid.js";
export * from "./samplers/qmc.js";
export * from "./schedulers/index.js";
