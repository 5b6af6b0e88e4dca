// Adam whose per-variable update is one kernel call instead of about twelve (same float32 results).
import * as tf from "@tensorflow/tfjs-core";
import { ADAM_UPDATE } from "./kernels/adam-update.js";

type Gradients = Parameters<tf.AdamOptimizer["applyGradients"]>[0];

/** The fields of tfjs' AdamOptimizer this subclass drives (private in its typings). */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
}

/**
 * tf.train.adam with a fused update kernel on the wasm and cpu backends (Kingma & Ba 2015, Alg. 1, in
 * tfjs' operation order, so weights match tf.train.adam bit for bit); other backends use tfjs' own
 * update. Moments, getWeights/setWeights, serialization and a settable `learningRate` are inherited.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  /** Registered under the same class name as tfjs' Adam, so saved models load either way. */
  static override get className(): string {
    return "Adam";
  }

  override applyGradients(variableGradients: Gradients): void {
    if (tf.getKernel(ADAM_UPDATE, tf.getBackend()) === undefined) {
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamState & { learningRate: number; beta1: number; beta2: number; epsilon: number };
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const f = Math.fround;
    const accBeta1 = self.accBeta1.dataSync()[0]!,
      accBeta2 = self.accBeta2.dataSync()[0]!;
    const attrs = {
      b1: f(self.beta1),
      omb1: f(1 - self.beta1),
      b2: f(self.beta2),
      omb2: f(1 - self.beta2),
      c1: f(1 - accBeta1),
      c2: f(1 - accBeta2),
      eps: f(self.epsilon),
      negLr: f(-self.learningRate),
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        if (self.accumulatedFirstMoment[i] == null) {
          self.accumulatedFirstMoment[i] = { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        }
        if (self.accumulatedSecondMoment[i] == null) {
          self.accumulatedSecondMoment[i] = { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        }
        const grad = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (grad == null) return;
        const m = self.accumulatedFirstMoment[i]!.variable,
          v = self.accumulatedSecondMoment[i]!.variable;
        const [w1, m1, v1] = tf.engine().runKernel(ADAM_UPDATE, { value, m, v, grad }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(m1!);
        v.assign(v1!);
        value.assign(w1!);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    (this as unknown as { incrementIterations(): void }).incrementIterations();
  }
}

/** Like tf.train.adam (same defaults; epsilon defaults to the backend's, 1e-7), with the fused update. */
export function fusedAdam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): FusedAdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon ?? tf.backend().epsilon());
}
