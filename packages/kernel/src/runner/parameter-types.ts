/**
 * The types a notebook's `parameters` cell declares, so that `--param` values are checked before any
 * kernel starts (papermill's convention, with TypeScript's declared or literal-inferred types).
 */
import { cellSource, type Notebook } from "./notebook-format.js";

/** What a parameter holds, as far as the runner can tell; "unknown" is not checked. */
export type ParameterType = "number" | "string" | "boolean" | "number[]" | "string[]" | "unknown";

/** One declared parameter: its type and the line that declares it (for messages). */
export interface DeclaredParameter {
  type: ParameterType;
  declaration: string;
}

const DECLARATION = /^\s*(?:let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*([^=;]+?))?\s*(?:=\s*([^;]*?))?\s*;?\s*(?:\/\/.*)?$/;
const NUMBER = /^[+-]?(?:\d[\d_]*\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|Infinity)$/i;
const STRING = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`$]*`)$/;

/** The type of a declaration from its annotation, else from its literal initializer. */
export function declaredType(annotation: string | undefined, init: string | undefined): ParameterType {
  const a = annotation?.replace(/\s+/g, "");
  if (a) {
    if (a === "number" || a === "string" || a === "boolean") return a;
    if (a === "number[]" || a === "Array<number>") return "number[]";
    if (a === "string[]" || a === "Array<string>") return "string[]";
    return "unknown";
  }
  const v = init?.trim();
  if (!v) return "unknown";
  if (NUMBER.test(v)) return "number";
  if (STRING.test(v)) return "string";
  if (v === "true" || v === "false") return "boolean";
  if (/^\[.*\]$/.test(v)) {
    const items = v
      .slice(1, -1)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (items.length > 0 && items.every((s) => NUMBER.test(s))) return "number[]";
    if (items.length > 0 && items.every((s) => STRING.test(s))) return "string[]";
  }
  return "unknown";
}

/** The settable (`let`/`var`) parameters of the cell tagged `parameters`, one per declaration line. */
export function parameterTypes(nb: Notebook): Map<string, DeclaredParameter> {
  const out = new Map<string, DeclaredParameter>();
  const cell = nb.cells.find((c) => c.metadata.tags?.includes("parameters"));
  if (!cell) return out;
  for (const line of cellSource(cell).split("\n")) {
    const m = DECLARATION.exec(line);
    if (m) out.set(m[1]!, { type: declaredType(m[2], m[3]), declaration: line.trim() });
  }
  return out;
}

function matches(type: ParameterType, value: unknown): boolean {
  switch (type) {
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "number[]":
      return Array.isArray(value) && value.every((v) => typeof v === "number" && Number.isFinite(v));
    case "string[]":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    default:
      return true;
  }
}

/** How a type is named in messages. */
const TYPE_NAMES: Record<ParameterType, string> = {
  number: "a number",
  string: "a string",
  boolean: "true or false",
  "number[]": "a JSON array of numbers, e.g. [1,2]",
  "string[]": 'a JSON array of strings, e.g. ["a","b"]',
  unknown: "a value",
};

/**
 * Checks parameter values against the notebook's declarations and returns them ready to inject: a
 * string parameter given as `--param name=12` stays the string "12". Throws naming the parameter,
 * the notebook, the declared type and the value.
 */
export function checkParameterValues(nb: Notebook, label: string, params: Record<string, unknown>, origin = "--param"): Record<string, unknown> {
  const declared = parameterTypes(nb);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    const d = declared.get(name);
    let v = value;
    if (d?.type === "string" && (typeof v === "number" || typeof v === "boolean")) v = String(v);
    if (d && !matches(d.type, v)) {
      const shown = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
      throw new Error(
        `${origin} ${name}=${typeof value === "string" ? value : shown}: ${label} declares ${name} as ${d.type} (${d.declaration}); expected ${TYPE_NAMES[d.type]}, got ${shown}`,
      );
    }
    out[name] = v;
  }
  return out;
}
