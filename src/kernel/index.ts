// The Jupyter kernel (not re-exported by src/index.ts; used by the CLI and kernel-setup).
export { startKernel, Kernel, type KernelOptions } from "./kernel.js";
export { readConnectionFile, type ConnectionInfo } from "./sockets.js";
export { JUPYTER_DISPLAY, richValue, plainText } from "./rich-value.js";
