import type { ParamValue } from "./space.js";

/** One line for a configuration, e.g. "lr = 0.00123, dropout = 0.25, act = relu" (numbers to 3 significant digits). */
export function formatParams(params: Readonly<Record<string, ParamValue | undefined>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k} = ${typeof v === "number" ? Number(v.toPrecision(3)) : String(v)}`)
    .join(", ");
}
