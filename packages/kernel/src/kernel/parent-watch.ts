/**
 * Ends the kernel when the process that started it dies without shutting it down (a Python notebook
 * whose %%typescript bridge was killed, a Jupyter server that crashed), as ipykernel does. jupyter_client
 * puts the launcher's pid in JPY_PARENT_PID; it is trusted only when it is this process's parent at
 * start, since a kernel started by another tool may inherit a stale value through the environment.
 */

/** Polls the parent pid every `everyMs`; calls `onOrphan` once it changed. Returns a stop function, or undefined when not watching. */
export function watchParent(env: NodeJS.ProcessEnv = process.env, onOrphan: () => void = () => process.exit(0), everyMs = 1000): (() => void) | undefined {
  const parent = Number(env.JPY_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 1 || parent !== process.ppid) return undefined;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphan();
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
