// Convolution geometry shared by our conv kernels: tfjs' Conv2DInfo plus element strides per layout.
import * as tf from "@tensorflow/tfjs-core";

/** The attributes a 2-D convolution kernel may carry. */
export interface ConvAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat?: "NHWC" | "NCHW";
  dilations?: [number, number] | number;
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** Conv2DInfo of one convolution (tfjs' own geometry: output size, padding, strides, dilations). */
export interface ConvGeometry {
  info: tf.backend_util.Conv2DInfo;
}

/** Computes the geometry of a conv with input shape `xShape` (in `attrs.dataFormat`) and an HWIO filter. */
export function convGeometry(kernel: string, xShape: number[], filterShape: number[], attrs: ConvAttrs): ConvGeometry {
  if (xShape.length !== 4) throw new Error(`${kernel}: expected a 4-D input, got shape [${xShape.join(", ")}]`);
  if (filterShape.length !== 4) throw new Error(`${kernel}: expected a 4-D filter, got shape [${filterShape.join(", ")}]`);
  const fmt = attrs.dataFormat ?? "NHWC";
  if (fmt !== "NHWC" && fmt !== "NCHW") throw new Error(`${kernel}: unsupported dataFormat ${String(fmt)} (expected NHWC or NCHW)`);
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(fmt),
  );
  return { info };
}
