/**
 * `is_complete_request`: "incomplete" when the parser only wants more text at the end (tslab's rule,
 * with its indent suggestion), "invalid" when the code has a syntax error elsewhere, else "complete".
 */
import type { Tslab } from "./tslab.js";

/** The content of an `is_complete_reply`. */
export interface IsCompleteReply {
  status: "complete" | "incomplete" | "invalid";
  indent?: string;
}

/** Classifies a code fragment as complete, incomplete (with the next line's indent) or invalid. */
export function isComplete(tslab: Tslab, code: string): IsCompleteReply {
  const r = tslab.isCompleteCode(code);
  if (!r.completed) return { status: "incomplete", indent: r.indent ?? "" };
  const src = tslab.ts.createSourceFile("cell.ts", code, tslab.ts.ScriptTarget.Latest, false, tslab.ts.ScriptKind.TS);
  const diags = src.parseDiagnostics ?? [];
  return diags.length > 0 ? { status: "invalid" } : { status: "complete" };
}
