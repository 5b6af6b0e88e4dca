// Peptide sequences ↔ residue indices with the upstream alphabet (peptide-dashboard):
// 0 = '-' padding, then A R N D C Q E G H I L K M F P S T W Y V as 1..20; padding is trailing.

/** Index → residue: '-' (padding, 0) then the 20 amino acids in the upstream order. */
export const ALPHABET = "-ARNDCQEGHILKMFPSTWYV";

/** Sequence length of the chapter's data. */
export const SEQUENCE_LENGTH = 190;

const INDEX = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** Encodes a one-letter peptide (case-insensitive) into `length` indices, zero-padded at the end. */
export function encodePeptide(sequence: string, length = SEQUENCE_LENGTH): Int32Array {
  if (typeof sequence !== "string") throw new TypeError(`encodePeptide: expected a string, got ${typeof sequence}`);
  if (sequence.length > length) throw new RangeError(`encodePeptide: sequence of ${sequence.length} residues exceeds length ${length}`);
  const out = new Int32Array(length);
  for (let k = 0; k < sequence.length; k++) {
    const c = sequence[k].toUpperCase();
    const i = INDEX.get(c);
    if (i === undefined || i === 0) {
      throw new RangeError(
        `encodePeptide: unknown residue ${JSON.stringify(sequence[k])} at position ${k} of "${sequence}" (expected one of ${ALPHABET.slice(1)})`,
      );
    }
    out[k] = i;
  }
  return out;
}

/** Encodes many peptides into one row-major [n, length] Int32Array. */
export function encodePeptides(sequences: readonly string[], length = SEQUENCE_LENGTH): Int32Array {
  const out = new Int32Array(sequences.length * length);
  sequences.forEach((s, r) => out.set(encodePeptide(s, length), r * length));
  return out;
}

/** Decodes residue indices back to a one-letter string, dropping padding (0). */
export function decodePeptide(indices: ArrayLike<number>): string {
  let s = "";
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (i === 0) continue;
    if (!Number.isInteger(i) || i < 0 || i >= ALPHABET.length) {
      throw new RangeError(`decodePeptide: index ${i} at position ${k} is outside 0..${ALPHABET.length - 1}`);
    }
    s += ALPHABET[i];
  }
  return s;
}

/** Decodes row `row` of a row-major [count, length] feature array. */
export function decodePeptideRow(features: Int32Array, length: number, row: number): string {
  return decodePeptide(features.subarray(row * length, (row + 1) * length));
}
