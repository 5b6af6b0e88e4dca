// Public exports of src/backend (re-exported by src/index.ts).
export { ensureBackend } from "./ensure-backend.js";
export type { BackendChoice, BackendInfo, EnsureBackendOptions } from "./ensure-backend.js";
export { registerKernels, unregisterKernels, stockKernel, ourKernelNames } from "./register-kernels.js";
export type { KernelBackendName } from "./register-kernels.js";
export { FusedAdamOptimizer, fusedAdam } from "./fused-adam.js";
export { engineFor, engineChoice, engineThreads } from "./fused/engine-for.js";
export type { EngineChoice, EngineDecision, EngineForOptions } from "./fused/engine-for.js";
export { FusedEngine } from "./fused/engine.js";
