// Budget arithmetic of successive halving (Jamieson & Talwalkar, AISTATS 2016, Algorithm 1), Hyperband
// (Li et al., JMLR 2018, Algorithm 1 and Table 1) and ASHA's rungs (Li et al., MLSys 2020, Algorithm 2).

/** One round of successive halving. */
export interface HalvingRound {
  /** Round index k (0-based). */
  readonly round: number;
  /** Configurations trained in this round, |S_k|. */
  readonly configs: number;
  /** Budget units added to each configuration in this round, r_k. */
  readonly budgetEach: number;
  /** Cumulative budget of each configuration at the end of the round (when training resumes). */
  readonly totalEach: number;
  /** Configurations kept for the next round, ⌊|S_k|/η⌋ (at least 1; 1 in the last round). */
  readonly keep: number;
}

/** ⌈log_η n⌉ computed in integers (no floating-point log). */
export function ceilLog(n: number, eta: number): number {
  let k = 0;
  for (let p = 1; p < n; p *= eta) k++;
  return k;
}

/** ⌊log_η x⌋ computed in integers (x ≥ 1). */
export function floorLog(x: number, eta: number): number {
  let k = 0;
  for (let p = eta; p <= x * (1 + 1e-12); p *= eta) k++;
  return k;
}

function checkEta(eta: number, who: string): void {
  if (!(Number.isInteger(eta) && eta >= 2)) throw new RangeError(`${who}: eta must be an integer ≥ 2, got ${eta}`);
}

/**
 * Successive halving with n configurations and total budget B (J&T 2016, Alg. 1): round k gives each of
 * the |S_k| survivors r_k = ⌊B / (|S_k|·⌈log_η n⌉)⌋ more units and keeps the best ⌊|S_k|/η⌋, until one remains.
 * With η = 2 this is the chapter's "drop the worse half, double the budget".
 */
export function successiveHalvingRounds(n: number, budget: number, eta = 2): HalvingRound[] {
  checkEta(eta, "successiveHalvingRounds");
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`successiveHalvingRounds: n must be an integer ≥ 1, got ${n}`);
  const rounds = Math.max(1, ceilLog(n, eta));
  if (!(budget >= n * rounds))
    throw new RangeError(`successiveHalvingRounds: budget ${budget} is below n·⌈log_η n⌉ = ${n * rounds}, too small to give every configuration one unit`);
  const out: HalvingRound[] = [];
  let s = n;
  let total = 0;
  for (let k = 0; k < rounds; k++) {
    const r = Math.floor(budget / (s * rounds));
    total += r;
    const keep = k === rounds - 1 ? 1 : Math.max(1, Math.floor(s / eta));
    out.push({ round: k, configs: s, budgetEach: r, totalEach: total, keep });
    s = keep;
  }
  return out;
}

/** One successive-halving round inside a Hyperband bracket: n_i configurations trained to r_i units. */
export interface BracketRound {
  /** n_i = ⌊n·η^(−i)⌋ configurations. */
  readonly n: number;
  /** r_i = r·η^i units of resource (epochs) each. */
  readonly r: number;
}

/** One Hyperband bracket. */
export interface HyperbandBracket {
  /** Bracket index s (s_max = most exploratory, 0 = plain training of n configurations). */
  readonly s: number;
  /** Its rounds, from the first (most configurations) to the last. */
  readonly rounds: readonly BracketRound[];
}

/**
 * Hyperband's brackets (Li et al. 2018, Alg. 1): s_max = ⌊log_η R⌋, B = (s_max+1)R, and for s = s_max…0
 * n = ⌈(B/R)·η^s/(s+1)⌉, r = R·η^(−s), rounds (⌊n·η^(−i)⌋, r·η^i) for i = 0…s. R = 81, η = 3 gives the paper's
 * Table 1 (n = 81, 34, 15, 8, 5 at r = 1, 3, 9, 27, 81).
 */
export function hyperbandBrackets(maxStep: number, eta = 3): HyperbandBracket[] {
  checkEta(eta, "hyperbandBrackets");
  if (!(maxStep >= 1)) throw new RangeError(`hyperbandBrackets: maxStep (R) must be ≥ 1, got ${maxStep}`);
  const sMax = floorLog(maxStep, eta);
  const out: HyperbandBracket[] = [];
  for (let s = sMax; s >= 0; s--) {
    const n = Math.ceil(((sMax + 1) * eta ** s) / (s + 1));
    const r = maxStep / eta ** s;
    const rounds: BracketRound[] = [];
    for (let i = 0; i <= s; i++) rounds.push({ n: Math.floor(n / eta ** i), r: r * eta ** i });
    out.push({ s, rounds });
  }
  return out;
}

/** Total resource of one Hyperband iteration when every round retrains from scratch (Σ n_i·r_i). */
export function hyperbandCost(brackets: readonly HyperbandBracket[]): number {
  return brackets.reduce((sum, b) => sum + b.rounds.reduce((s, x) => s + x.n * x.r, 0), 0);
}

/**
 * ASHA's rung resources for early-stopping rate s: r·η^(s+k) for k = 0,1,… while below maxStep
 * (Li et al. 2020, Alg. 2; the last rung, maxStep itself, is where trials complete).
 */
export function ashaRungSteps(minStep: number, maxStep: number, eta: number, rate = 0): number[] {
  checkEta(eta, "ashaRungSteps");
  if (!(minStep > 0)) throw new RangeError(`ashaRungSteps: minStep must be > 0, got ${minStep}`);
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const r = minStep * eta ** (rate + k);
    if (r >= maxStep) break;
    out.push(r);
  }
  return out;
}
