// Classification metrics over plain arrays: exact ROC AUC, Keras' thresholded AUC, binary accuracy.

/** How AUC is computed: `exact` (rank statistic) or `keras` (Keras' 200-threshold trapezoid). */
export type AucMethod = "exact" | "keras";

/** Array-like of numbers (typed arrays or plain arrays). */
export type Numbers = ArrayLike<number>;

function checkPair(labels: Numbers, scores: Numbers, what: string): void {
  if (labels.length !== scores.length) {
    throw new RangeError(`${what}: ${labels.length} labels but ${scores.length} scores`);
  }
}

/**
 * Exact area under the ROC curve: the Mann–Whitney U statistic / (P·N), ties counted as one half
 * (Hanley & McNeil 1982, eq. 2). NaN when one class is absent.
 */
export function rocAuc(labels: Numbers, scores: Numbers): number {
  checkPair(labels, scores, "rocAuc");
  const n = labels.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let rankSum = 0; // sum of 1-based mid-ranks of the positives
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const midRank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] > 0.5) {
        pos++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Keras' `tf.keras.metrics.AUC()` (ROC, summation "interpolation"): confusion counts at
 * thresholds [−ε, 1/(T−1), …, (T−2)/(T−1), 1+ε] with `score > t`, then a trapezoid over
 * (FPR, TPR). Matches the chapter's printed AUC values.
 */
export function kerasAuc(labels: Numbers, scores: Numbers, numThresholds = 200): number {
  checkPair(labels, scores, "kerasAuc");
  if (!Number.isInteger(numThresholds) || numThresholds < 2) {
    throw new RangeError(`kerasAuc: numThresholds must be an integer ≥ 2, got ${numThresholds}`);
  }
  const T = numThresholds;
  const eps = 1e-7;
  const thresholds = new Float64Array(T);
  thresholds[0] = -eps;
  for (let i = 1; i < T - 1; i++) thresholds[i] = Math.fround(i / (T - 1));
  thresholds[T - 1] = 1 + eps;
  // Count, per bucket, how many scores exceed threshold i: histogram then suffix sums.
  const tp = new Float64Array(T);
  const fp = new Float64Array(T);
  let P = 0;
  let N = 0;
  for (let k = 0; k < labels.length; k++) {
    const s = scores[k];
    const positive = labels[k] > 0.5;
    if (positive) P++;
    else N++;
    // number of thresholds strictly below s (thresholds are increasing)
    let lo = 0;
    let hi = T;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (thresholds[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) (positive ? tp : fp)[lo - 1] += 1; // s > thresholds[0..lo-1]
  }
  for (let i = T - 2; i >= 0; i--) {
    tp[i] += tp[i + 1];
    fp[i] += fp[i + 1];
  }
  let auc = 0;
  for (let i = 0; i < T - 1; i++) {
    const tpr0 = P > 0 ? tp[i] / P : 0;
    const tpr1 = P > 0 ? tp[i + 1] / P : 0;
    const fpr0 = N > 0 ? fp[i] / N : 0;
    const fpr1 = N > 0 ? fp[i + 1] / N : 0;
    auc += (fpr0 - fpr1) * ((tpr0 + tpr1) / 2);
  }
  return auc;
}

/** AUC by the chosen method. */
export function auc(labels: Numbers, scores: Numbers, method: AucMethod = "exact"): number {
  if (method === "exact") return rocAuc(labels, scores);
  if (method === "keras") return kerasAuc(labels, scores);
  throw new RangeError(`auc: method must be "exact" or "keras", got ${JSON.stringify(method)}`);
}

/** Keras' `binary_accuracy`: fraction of rows where (score > threshold) equals the label. */
export function binaryAccuracy(labels: Numbers, scores: Numbers, threshold = 0.5): number {
  checkPair(labels, scores, "binaryAccuracy");
  if (labels.length === 0) return NaN;
  let hit = 0;
  for (let i = 0; i < labels.length; i++) if (scores[i] > threshold === labels[i] > 0.5) hit++;
  return hit / labels.length;
}
