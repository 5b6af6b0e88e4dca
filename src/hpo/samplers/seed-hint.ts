// Users coming from Optuna pass `seed` to a sampler (TPESampler(seed=…)); here the study owns the seed, and
// each trial's rng is derived from it, so a sampler's unknown-option error says where the seed goes.

/** The hint added to "unknown option seed" for samplers that draw from the study's rng. */
export const SAMPLER_SEED_HINT: Readonly<Record<string, string>> = {
  seed: "samplers draw from the study's seeded rng: set the seed with createStudy({ seed })",
};
