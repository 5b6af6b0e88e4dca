/**
 * tfjs-tune: the public entry. Each area has its own index; this file only re-exports them.
 */
export * from "./util/index.js";
export * from "./data/index.js";
export * from "./backend/index.js";
export * from "./model/index.js";
export * from "./train/index.js";
export * from "./hpo/index.js";
export * from "./plot/index.js";
export * from "./notebook/index.js";
