// The Jupyter kernel: started by Jupyter through the kernelspec that setup/install.mjs writes, or by the runner.
export { startKernel, Kernel, type KernelOptions } from "./kernel.js";
export { readConnectionFile, type ConnectionInfo } from "./sockets.js";
export { JUPYTER_DISPLAY, richValue, plainText } from "./rich-value.js";
