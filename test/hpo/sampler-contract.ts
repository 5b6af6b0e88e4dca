// The contract every sampler must satisfy. Not a test file itself: call `samplerContract(...)`
// from a *.test.ts (e.g. test/hpo/samplers.test.ts, or the GP sampler's own test) to register it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRng } from "../../src/util/rng.js";
import { categorical, defineSpace, float, int, validateParams, when } from "../../src/hpo/space.js";
import { createStudy } from "../../src/hpo/study.js";
import { newTrialRecord, applyPatch, withIntermediate } from "../../src/hpo/storage/record.js";
import type { Sampler, SampleContext, TrialRecord } from "../../src/hpo/types.js";

/** Options of `samplerContract`. */
export interface SamplerContractOptions {
  /** A finite sampler (grid): also check that it exhausts the space exactly once. @default false */
  finite?: boolean;
  /** Trials per study in the checks (keep small for slow samplers). @default 24 */
  nTrials?: number;
  /** The sampler ignores the rng (skip "different seeds give different params"). @default false */
  seedIndependent?: boolean;
}

/** A space with every kind of parameter, including a conditional one. */
export const contractSpace = {
  lr: float(1e-5, 1e-1, { log: true }),
  dropout: float(0, 0.5, { step: 0.1 }),
  x: float(-2, 3),
  filters: int(8, 64, { step: 8 }),
  units: int(4, 512, { log: true }),
  layers: int(1, 3),
  opt: categorical(["adam", "sgd", 3, true]),
  momentum: when("opt", "sgd", float(0, 0.99)),
};

const objective = (p: Record<string, unknown>): number => {
  const x = p.x as number;
  return (x - 0.5) ** 2 + Math.log10(p.lr as number) / 10 + (p.opt === "sgd" ? (p.momentum as number) : 0.3) + (p.layers as number) / 10;
};

/** Registers the sampler contract tests under `name`; `make` must return a fresh sampler. */
export function samplerContract(name: string, make: () => Sampler, options: SamplerContractOptions = {}): void {
  const nTrials = options.nTrials ?? 24;
  const space = defineSpace(contractSpace);

  test(`${name}: proposals are legal (bounds, steps, log, ints, choices, conditions) amid failed, NaN and pruned trials`, async () => {
    for (const direction of ["minimize", "maximize"] as const) {
      const study = await createStudy({ space, sampler: make(), seed: 1, direction });
      for (let i = 0; i < nTrials; i++) {
        let t;
        try {
          t = await study.ask();
        } catch (e) {
          if (options.finite) break;
          throw e;
        }
        validateParams(space, t.params);
        for (const [k, v] of Object.entries(t.params)) {
          const d = space.spec[k as keyof typeof contractSpace];
          if (d.kind === "int") assert.ok(Number.isInteger(v), `${k} = ${v} is an integer`);
          if (d.kind === "categorical") assert.ok(d.choices.includes(v as never), `${k} = ${String(v)} is a choice`);
        }
        if (i % 7 === 3) await study.tell(t, { state: "failed", note: "contract: failure" });
        else if (i % 7 === 5) await study.tell(t, NaN);
        else if (i % 7 === 6) {
          await t.report(0, objective(t.params) + 1);
          await study.tell(t, { state: "pruned" });
        } else await study.tell(t, objective(t.params));
      }
      assert.ok(study.trials.length > 0);
      assert.ok(
        study.trials.every((r) => r.why.length > 0),
        "every trial says why",
      );
    }
  });

  test(`${name}: a pure function of (space, trials, rng): same inputs, same params; same seed, same study`, async () => {
    const run = async (seed: number): Promise<string[]> => {
      const study = await createStudy({ space, sampler: make(), seed });
      await study.optimize((p) => objective(p), { nTrials: Math.min(nTrials, 14) });
      return study.trials.map((t) => JSON.stringify(t.params));
    };
    const a = await run(5);
    assert.deepEqual(await run(5), a);
    if (!options.seedIndependent && !options.finite) assert.notDeepEqual(await run(6), a);
    const study = await createStudy({ space, sampler: make(), seed: 5 });
    await study.optimize((p) => objective(p), { nTrials: Math.min(nTrials, 14) });
    const ctx = (): SampleContext => ({ space, trials: study.trials, direction: "minimize", number: study.trials.length, rng: createRng(42) });
    const s1 = make();
    const first = await s1.sample(ctx());
    assert.deepEqual(await s1.sample(ctx()), first, "a second call with the same context gives the same params");
    assert.deepEqual(await make().sample(ctx()), first, "a fresh sampler gives the same params");
  });

  test(`${name}: tolerates running trials without params, waiting/paused trials, and sees pending ones`, async () => {
    const trials: TrialRecord[] = [];
    const rng = createRng(3);
    for (let i = 0; i < Math.min(nTrials, 14); i++) {
      const study = await createStudy({ space, sampler: make(), seed: i });
      const t = await study.ask();
      let r = newTrialRecord(i, { state: "running", params: t.params, why: "x" }, 0);
      r = withIntermediate(r, 0, rng.uniform());
      r = applyPatch(r, { state: "complete", value: objective(t.params) }, 1);
      trials.push(r);
    }
    trials.push(newTrialRecord(trials.length, { state: "running" }, 2));
    trials.push(newTrialRecord(trials.length, { state: "waiting", params: { ...trials[0].params } }, 2));
    trials.push(applyPatch(newTrialRecord(trials.length, { state: "running", params: { ...trials[1].params } }, 2), { state: "paused" }, 3));
    const s = await make().sample({ space, trials, direction: "minimize", number: trials.length, rng: createRng(9) });
    if (s !== null) validateParams(space, s.params);
    // concurrent asks (none told yet) must not hand out the same params
    const study = await createStudy({ space, sampler: make(), seed: 4 });
    await study.optimize((p) => objective(p), { nTrials: Math.min(nTrials, 12) });
    const pending = await Promise.all([0, 1, 2, 3].map(() => study.ask()));
    assert.equal(new Set(pending.map((t) => JSON.stringify(t.params))).size, 4, "four pending trials, four different configurations");
  });

  if (options.finite) {
    test(`${name}: exhausts a finite space exactly once`, async () => {
      const small = { a: int(0, 2), b: categorical(["u", "v"]), c: when("b", "v", int(1, 2)) };
      const study = await createStudy({ space: small, sampler: make(), seed: 2 });
      const res = await study.optimize((p) => p.a, { concurrency: 2 });
      assert.equal(res.stoppedBy, "exhausted");
      const keys = study.trials.map((t) => JSON.stringify(t.params));
      assert.equal(keys.length, 3 * (1 + 2));
      assert.equal(new Set(keys).size, keys.length);
    });
  }
}
