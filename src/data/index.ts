export type { Dataset, Splits } from "./types.js";
