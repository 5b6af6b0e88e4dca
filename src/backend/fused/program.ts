// Writes the programs wasm/fused-engine.c runs: 32-int records [opcode, args…] (argument order as in
// the OP_* comments of the C file), ending with OP_END.
import { ACTIVATIONS, type ActivationName } from "./plan.js";

/** Opcodes (the enum of wasm/fused-engine.c). */
export const OP = {
  END: 0,
  ZERO: 1,
  EMBCONV_FWD: 2,
  CONV_FWD: 3,
  EMBED_FWD: 4,
  DENSE_FWD: 5,
  DROPOUT: 6,
  BCE: 7,
  DENSE_BWD: 8,
  CONV_BWD: 10,
  EMBCONV_BWD: 11,
  EMBED_BWD: 12,
  ADD: 13,
  PENALTY: 14,
  ADAM: 15,
} as const;

/** Ints per record. */
export const RECORD = 32;

/** An activation's code in the C file. */
export const act = (a: ActivationName): number => ACTIVATIONS[a];

/** Collects records; `ints()` is the program to copy into the engine's memory. */
export class ProgramWriter {
  private readonly records: number[][] = [];
  /** What each record computes (for profiles), e.g. "conv1d_1+max_pooling1d_1 backward". */
  readonly labels: string[] = [];
  private label = "";

  /** Labels the records appended from now on. */
  part(label: string): this {
    this.label = label;
    return this;
  }

  /** Appends one record (pointers are byte offsets; 0 means "none"). */
  op(code: number, ...args: number[]): this {
    if (args.length >= RECORD) throw new Error(`fused engine: op ${code} has ${args.length} arguments (at most ${RECORD - 1})`);
    for (const a of args) if (!Number.isInteger(a)) throw new Error(`fused engine: op ${code} has a non-integer argument ${a}`);
    this.records.push([code, ...args]);
    this.labels.push(this.label);
    return this;
  }

  /** The program: the records padded to RECORD ints each, then OP_END. */
  ints(): Int32Array {
    const out = new Int32Array((this.records.length + 1) * RECORD);
    this.records.forEach((r, i) => out.set(r, i * RECORD));
    return out;
  }
}
