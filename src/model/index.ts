// Public exports of src/model (re-exported by src/index.ts).
export { buildModel, resolveStructure, CHAPTER_STRUCTURE } from "./build-model.js";
export type { BuildModelOptions, ModelStructure, ResolvedStructure, DenseActivation } from "./build-model.js";
export { SeededDropout } from "./seeded-dropout.js";
export type { SeededDropoutOptions } from "./seeded-dropout.js";
