// Reference numbers printed beside ours (from docs/reference-numbers.md):
// median best value over 20 seeds at 20/50/100 evaluations.

/** Evaluation budgets at which the best value is reported. */
export const BUDGETS = [20, 50, 100] as const;

/** Optuna 3.1 medians (seeds 0–19) per problem and sampler name; QMC = scrambled Sobol. */
export const OPTUNA_31: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>> = {
  branin: { random: [1.86, 1.14, 0.78], qmc: [2.99, 0.93, 0.68], tpe: [1.37, 0.57, 0.41], "tpe-multivariate": [1.58, 0.56, 0.47] },
  hartmann6: { random: [-1.01, -1.77, -2.12], qmc: [-1.52, -1.91, -2.08], tpe: [-1.51, -2.76, -3.07], "tpe-multivariate": [-2.21, -3.0, -3.13] },
};

/**
 * The same Optuna 3.1.0 (Debian python3-optuna) on seeds 20–39, measured on this machine kind, to
 * show how much a 20-seed median moves with the seed set alone (same code, other seeds).
 */
export const OPTUNA_31_SEEDS_20_39: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>> = {
  branin: { tpe: [1.93, 0.54, 0.45], "tpe-multivariate": [1.84, 0.59, 0.49] },
  hartmann6: { tpe: [-1.9, -2.66, -3.14], "tpe-multivariate": [-1.85, -2.89, -3.1] },
};

/** Random search's Monte-Carlo expectation (2,000 repeats, numpy): median best at 20/50/100. */
export const RANDOM_MC_MEDIAN: Readonly<Record<string, readonly number[]>> = {
  branin: [2.19, 1.16, 0.76],
  hartmann6: [-1.29, -1.73, -2.05],
};

/** The GP-BO targets: Branin median best ≤ 0.40 at 50; Hartmann6 ≤ −3.20 at 100. */
export const GP_TARGETS: Readonly<Record<string, readonly (number | undefined)[]>> = {
  branin: [undefined, 0.4, undefined],
  hartmann6: [undefined, undefined, -3.2],
};
