// smoke: {}
// %% [markdown]
// # 1 · The hemolysis data
//
// The chapter tunes a small convolutional network that predicts whether a peptide is
// **hemolytic**, i.e. whether it destroys red blood cells. The measurements come from the
// DBAASP v3 database of antimicrobial peptides: a peptide counts as hemolytic when the
// concentration that lyses half of the red blood cells, read off a dose–response curve, lies
// below 100 µg/mL. Every measurement is its own row, so the same sequence can occur several
// times, and not always with the same verdict.
//
// This notebook looks at the data before any model sees it. You should come away with four facts:
//
// 1. there are 9,316 rows, each a sequence of 190 integer positions (the residues, then zero padding);
// 2. only about one row in five is hemolytic, so 80 % accuracy is what "always say no" already scores;
// 3. most peptides are short (half of them 17 residues or fewer), so most of the 190 positions are padding;
// 4. a third of the rows repeat a sequence that occurs elsewhere, 465 sequences carry both labels,
//    and the chapter's random split therefore puts about half of its test sequences into training too.

// %% tags=["parameters"]
// Seed of the chapter's shuffle (numpy's legacy generator, as in the chapter) and of the grouped split.
let splitSeed = 0;
// How many peptides of each class to print.
let examples = 4;

// %%
import { chart, display, groupedSplit, groupRows, histogramSpec, reportMetrics, summarize } from "tfjs-tune";
import { ALPHABET, chapterSplit, decodePeptideRow, loadHemolysis } from "tfjs-tune/chapter";

// Reads the two .npz files from the cache (TFJS_TUNE_DATA or ~/.cache/tfjs-tune), downloading them once if needed.
const data = await loadHemolysis();
console.log(`features: ${data.count} × ${data.length} (Int32Array, row-major), labels: ${data.labels.length} (Float32Array)`);
console.log(`alphabet: 0 = '${ALPHABET[0]}' (padding), 1..20 = ${ALPHABET.slice(1)}`);

// %% [markdown]
// ## Class balance
//
// The loader stacks the positive file on top of the negative one, so the labels start with all the
// ones. The imbalance matters for how we read the results later: accuracy has a high floor, while
// the area under the ROC curve (AUC) is 0.5 for any constant guess. The chapter reports both; AUC is
// the one to watch.

// %%
let hemolytic = 0;
for (const y of data.labels) hemolytic += y;
const notHemolytic = data.count - hemolytic;
console.table({
  "hemolytic (1)": { rows: hemolytic, share: Number((hemolytic / data.count).toFixed(3)) },
  "not hemolytic (0)": { rows: notHemolytic, share: Number((notHemolytic / data.count).toFixed(3)) },
});
console.log(`Always answering "not hemolytic" would score accuracy ${(notHemolytic / data.count).toFixed(3)}.`);

// %% [markdown]
// ## Sequence lengths
//
// Each row holds one residue index per position, left-aligned, then zeros up to 190. Counting the
// non-zero positions gives the peptide's length. The histogram shows each class as a share of its
// own rows, so the two shapes can be compared despite the 1 : 4 imbalance.

// %%
const lengths: Record<string, number[]> = { hemolytic: [], "not hemolytic": [] };
for (let r = 0; r < data.count; r++) {
  let n = 0;
  for (let j = 0; j < data.length; j++) if (data.features[r * data.length + j] !== 0) n++;
  lengths[data.labels[r] === 1 ? "hemolytic" : "not hemolytic"].push(n);
}
await chart(
  histogramSpec(lengths, {
    binWidth: 2,
    normalize: true,
    xTitle: "peptide length (residues)",
    yTitle: "share of the class",
    title: "Sequence length by class",
  }),
);
const lengthTable: Record<string, Record<string, number>> = {};
for (const [name, values] of Object.entries(lengths)) {
  const s = summarize(values);
  lengthTable[name] = { min: s.min, median: s.median, mean: Number(s.mean.toFixed(1)), max: s.max };
}
console.table(lengthTable);

// %% [markdown]
// Almost every peptide is far shorter than the 190 positions the arrays allow (a handful reach
// the limit), so the network's convolutions mostly slide over padding. The two classes have
// nearly the same length distribution: length alone will not tell them apart, the model has to
// read the residues.
//
// ## A few peptides
//
// `decodePeptideRow` turns a row back into its one-letter sequence (padding dropped). Look at the
// first row of each class: it is the same peptide, once labelled hemolytic and once not. The next
// section shows that this is common.

// %%
const firstNegative = hemolytic; // negatives start right after the positives
const exampleRows: number[] = [];
for (let k = 0; k < examples; k++) exampleRows.push(k * 97, firstNegative + k * 389);
const tableLines = ["| row | label | length | sequence |", "|---:|---|---:|---|"];
for (const r of exampleRows.filter((r) => r < data.count)) {
  const seq = decodePeptideRow(data.features, data.length, r);
  tableLines.push(`| ${r} | ${data.labels[r] === 1 ? "hemolytic" : "not hemolytic"} | ${seq.length} | \`${seq}\` |`);
}
display({ "text/markdown": tableLines.join("\n"), "text/plain": tableLines.join("\n") });

// %% [markdown]
// ## Repeated sequences and conflicting labels
//
// Because every measurement is a row, a peptide measured in several assays appears several times.
// `groupRows` gathers identical rows; `groupedSplit` reports the counts.

// %%
const grouped = groupedSplit(data, { seed: splitSeed });
const report = grouped.report;
console.table({
  rows: { count: report.rows },
  "distinct sequences": { count: report.distinct },
  "rows repeating an earlier sequence": { count: report.duplicateRows },
  "sequences seen more than once": { count: report.duplicatedSequences },
  "sequences seen with both labels": { count: report.labelConflicts },
  "rows of those sequences": { count: report.conflictRows },
  "largest group (rows of one sequence)": { count: report.largestGroup },
});

// %% [markdown]
// The conflicts are not errors in the loader: different assays of the same peptide landed on both
// sides of the 100 µg/mL threshold. Here is the sequence that occurs most often with both labels.

// %%
const groups = groupRows(data);
let worst: number[] = [];
for (const g of groups) {
  const positives = g.filter((r) => data.labels[r] === 1).length;
  if (positives > 0 && positives < g.length && g.length > worst.length) worst = g;
}
const worstPositives = worst.filter((r) => data.labels[r] === 1).length;
console.log(`${decodePeptideRow(data.features, data.length, worst[0])}`);
console.log(`  ${worst.length} rows: ${worstPositives} labelled hemolytic, ${worst.length - worstPositives} not`);

// %% [markdown]
// ## What this means for a split
//
// The chapter shuffles the rows and cuts them 10 % test, 10 % validation, 80 % training. With
// repeated sequences, a test row often has an identical twin in the training set, and the model
// is partly graded on peptides it has already seen. The next cell counts those twins for the
// chapter's split and for `groupedSplit`, which keeps all rows of a sequence in one split.

// %%
function sequencesOf(indices: Int32Array): Set<string> {
  const set = new Set<string>();
  for (const r of indices) set.add(decodePeptideRow(data.features, data.length, r));
  return set;
}
function leakedRows(test: Int32Array, train: Int32Array): number {
  const seen = sequencesOf(train);
  let n = 0;
  for (const r of test) if (seen.has(decodePeptideRow(data.features, data.length, r))) n++;
  return n;
}
const chapter = chapterSplit(data, { seed: splitSeed });
const chapterLeak = leakedRows(chapter.indices.test, chapter.indices.train);
const groupedLeak = leakedRows(grouped.indices.test, grouped.indices.train);
console.table({
  "chapter split": { train: chapter.train.count, val: chapter.val.count, test: chapter.test.count, "test rows also in train": chapterLeak, share: Number((chapterLeak / chapter.test.count).toFixed(3)) },
  "grouped split": { train: grouped.train.count, val: grouped.val.count, test: grouped.test.count, "test rows also in train": groupedLeak, share: Number((groupedLeak / grouped.test.count).toFixed(3)) },
});

// %% [markdown]
// With the chapter's split, a large share of the test rows are sequences the model trains on; the
// grouped split has none by construction. The test scores in notebooks 2–5 follow the chapter's
// split so that they can be compared with the chapter's numbers. Notebook 6 repeats every
// experiment on the grouped split as well, which estimates how the model does on peptides it has
// truly never seen; expect that number to be lower.

// %%
reportMetrics({
  rows: data.count,
  "distinct sequences": report.distinct,
  "label conflicts": report.labelConflicts,
  "chapter-split test rows in train": chapterLeak,
});
