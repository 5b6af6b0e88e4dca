// TfjsTuneAdamUpdate: one fused Adam step for a variable (new value, first and second moments).
import * as tf from "@tensorflow/tfjs-core";
import { input, type Host } from "../host.js";
import type { AdamConstants } from "../primitives.js";

/** The kernel's name (registered for wasm and cpu). */
export const ADAM_UPDATE = "TfjsTuneAdamUpdate";

/** Inputs value, m, v, grad (float32, same shape); attrs: the float32 step constants. Returns [value', m', v']. */
export function adamUpdate(host: Host, inputs: tf.NamedTensorInfoMap, attrs: AdamConstants): tf.TensorInfo[] {
  const w = input(inputs, "value", ADAM_UPDATE),
    m = input(inputs, "m", ADAM_UPDATE);
  const v = input(inputs, "v", ADAM_UPDATE),
    g = input(inputs, "grad", ADAM_UPDATE);
  for (const t of [w, m, v, g]) {
    if (t.dtype !== "float32") throw new Error(`${ADAM_UPDATE}: expected float32 tensors, got ${t.dtype}`);
    if (t.shape.join() !== w.shape.join()) throw new Error(`${ADAM_UPDATE}: shape [${t.shape.join(", ")}] differs from the variable's [${w.shape.join(", ")}]`);
  }
  const outs = [host.output(w.shape.slice(), "float32"), host.output(w.shape.slice(), "float32"), host.output(w.shape.slice(), "float32")];
  const [w1, m1, v1] = outs.map((o) => host.view(o) as Float32Array);
  host.prim.adamUpdate(
    host.view(w) as Float32Array,
    host.view(m) as Float32Array,
    host.view(v) as Float32Array,
    host.view(g) as Float32Array,
    w1!,
    m1!,
    v1!,
    attrs,
  );
  return outs;
}
