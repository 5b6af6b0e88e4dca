// A labelled data set from two .npz files, one of positive and one of negative sequences (the layout of
// the chapter's hemolysis data and of the other data sets in its upstream repository).
import { basename } from "node:path";
import type { NpyArray } from "./npy.js";
import { readNpz } from "./npz.js";
import type { Dataset } from "./types.js";
import { checkOptions, optionKeys } from "../util/options.js";

/** Options of {@link loadNpzPair}. */
export interface NpzPairOptions {
  /** Name of the sequence array in each file (e.g. "arr_0"). @default the first array of each file */
  array?: string;
  /** Name of an array of per-row sample weights in each file, kept as `dataset.sampleWeight`. @default undefined (no weights) */
  weights?: string;
  /** Where the line saying which arrays were used goes (only printed when a file holds more than one). @default console.log; false silences it */
  log?: ((line: string) => void) | false;
}

const KEYS = optionKeys<NpzPairOptions>({ array: true, weights: true, log: true });

type Source = Uint8Array | string | NpyArray;

interface Named {
  readonly label: string;
  readonly arrays: ReadonlyMap<string, NpyArray>;
}

function open(source: Source, what: string): Named {
  if (typeof source === "string") return { label: basename(source), arrays: readNpz(source) };
  if (source instanceof Uint8Array) return { label: `${what} npz bytes`, arrays: readNpz(source) };
  if (source !== null && typeof source === "object" && "shape" in source && "data" in source)
    return { label: `${what} array`, arrays: new Map([["array", source]]) };
  throw new TypeError(`loadNpzPair: the ${what} data must be a file path, npz bytes or a decoded array, got ${Object.prototype.toString.call(source)}`);
}

function pick(file: Named, name: string | undefined, what: string): [string, NpyArray] {
  if (name === undefined) return file.arrays.entries().next().value as [string, NpyArray];
  const a = file.arrays.get(name);
  if (a === undefined) throw new RangeError(`loadNpzPair: ${file.label} (${what}) has no array "${name}"; it holds ${[...file.arrays.keys()].join(", ")}`);
  return [name, a];
}

const INTEGER_DTYPES = new Set(["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]);

/** Copies integer values of `a` into `out` at `at`: integer dtypes as they are, floats only when every value is a whole number. */
function copyIntegers(a: NpyArray, out: Int32Array, at: number, where: string): void {
  const isFloat = a.dtype === "float16" || a.dtype === "float32" || a.dtype === "float64";
  if (!isFloat && !INTEGER_DTYPES.has(a.dtype)) throw new TypeError(`loadNpzPair: ${where} must hold integer residue indices, got dtype ${a.dtype}`);
  const d = a.data as ArrayLike<number | bigint>;
  for (let k = 0; k < d.length; k++) {
    const x = Number(d[k]);
    if (isFloat && !Number.isInteger(x))
      throw new RangeError(
        `loadNpzPair: ${where} element ${k} is ${x}, not a whole number: expected integer residue indices (${a.dtype} arrays load only when every value is one)`,
      );
    if (x < -2147483648 || x > 2147483647) throw new RangeError(`loadNpzPair: ${where} element ${k} = ${x} does not fit in int32`);
    out[at + k] = x;
  }
}

function describe(file: Named): string {
  return [...file.arrays].map(([n, a]) => `${n} [${a.shape.join(", ")}] ${a.dtype}`).join(", ");
}

/**
 * Builds a Dataset from a positive and a negative .npz (paths, bytes or decoded arrays): positives first
 * with label 1, then negatives with label 0. Float arrays of whole numbers load as int32 (the upstream
 * repository stores most data sets as float64); any other value is an error naming file, array and index.
 */
export function loadNpzPair(positive: Source, negative: Source, options: NpzPairOptions = {}): Dataset {
  checkOptions("loadNpzPair", options, KEYS);
  const files = [open(positive, "positive"), open(negative, "negative")] as const;
  const seqs = files.map((f, i) => pick(f, options.array, i === 0 ? "positive" : "negative"));
  for (const [i, [name, a]] of seqs.entries()) {
    if (a.shape.length !== 2)
      throw new RangeError(`loadNpzPair: ${files[i].label} array ${name} must be 2-D [rows, length], got shape (${a.shape.join(", ")})`);
  }
  const [[, pos], [, neg]] = seqs;
  if (pos.shape[1] !== neg.shape[1]) {
    throw new RangeError(
      `loadNpzPair: positive and negative sequences differ in length (${files[0].label}: ${pos.shape[1]}, ${files[1].label}: ${neg.shape[1]})`,
    );
  }
  const length = pos.shape[1];
  const count = pos.shape[0] + neg.shape[0];
  const features = new Int32Array(count * length);
  copyIntegers(pos, features, 0, `${files[0].label} array ${seqs[0][0]}`);
  copyIntegers(neg, features, pos.data.length, `${files[1].label} array ${seqs[1][0]}`);
  const labels = new Float32Array(count);
  labels.fill(1, 0, pos.shape[0]);
  let sampleWeight: Float32Array | undefined;
  if (options.weights !== undefined) {
    sampleWeight = new Float32Array(count);
    let at = 0;
    for (const [i, f] of files.entries()) {
      const [name, w] = pick(f, options.weights, i === 0 ? "positive" : "negative");
      const rows = seqs[i][1].shape[0];
      if (w.data.length !== rows) throw new RangeError(`loadNpzPair: ${f.label} weights ${name} has ${w.data.length} values for ${rows} rows`);
      for (let k = 0; k < rows; k++) {
        const x = Number((w.data as ArrayLike<number | bigint>)[k]);
        if (!(Number.isFinite(x) && x >= 0)) throw new RangeError(`loadNpzPair: ${f.label} weights ${name} element ${k} is ${x}; expected a finite weight ≥ 0`);
        sampleWeight[at + k] = x;
      }
      at += rows;
    }
  }
  const log = options.log === undefined ? (line: string) => console.log(line) : options.log;
  if (log !== false) {
    for (const [i, f] of files.entries()) {
      if (f.arrays.size < 2) continue;
      const weights = options.weights === undefined ? "" : ` with weights ${options.weights}`;
      log(`loadNpzPair: ${f.label} holds ${describe(f)}; using ${seqs[i][0]}${weights} (choose with {array, weights})`);
    }
  }
  return sampleWeight === undefined ? { features, labels, count, length } : { features, labels, count, length, sampleWeight };
}
