// One objective call with an upper bound: a per-trial timeout and an abort signal end it from the
// outside. The trial's own signal is aborted (a thread pool terminates the thread running it); an
// objective in this thread that ignores the signal is abandoned, and its later reports are refused.
// Listeners and timers are removed after every call, so 10⁴ trials leave nothing behind.

/** The part of a trial that can be ended from outside. */
export interface EndableTrial {
  readonly signal: AbortSignal;
  _abort(reason: unknown): void;
  /** Set by `runBounded` while it runs: `false` holds the timeout, `true` starts it afresh (a thread pool holds it while the trial waits for a thread). */
  _timeoutClock?: ((running: boolean) => void) | undefined;
}

/** How one bounded objective call ended. */
export type BoundedOutcome =
  { readonly kind: "value"; readonly value: unknown } | { readonly kind: "error"; readonly error: unknown } | { readonly kind: "ended"; readonly note: string };

/** Error a trial's signal is aborted with when its `trialTimeout` runs out. */
export class TrialTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`trial timeout: still running after ${timeoutMs} ms`);
    this.name = "TrialTimeoutError";
  }
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.name === "AbortError" ? "" : `: ${reason.message}`;
  return reason === undefined ? "" : `: ${String(reason)}`;
}

/**
 * Calls `start` (the objective), and ends the trial when `timeoutMs` passes or `signal` aborts,
 * whichever comes first; a value or error that came first wins. An objective that blocked the
 * thread past the timeout (so no timer could fire) is reported as timed out when it returns.
 */
export async function runBounded(
  start: () => unknown,
  trial: EndableTrial,
  options: { readonly timeoutMs?: number; readonly signal?: AbortSignal },
): Promise<BoundedOutcome> {
  const { timeoutMs, signal } = options;
  let end!: (o: BoundedOutcome) => void;
  const ended = new Promise<BoundedOutcome>((resolve) => (end = resolve));
  const onAbort = (): void => {
    trial._abort(signal?.reason);
    end({ kind: "ended", note: `aborted${reasonText(signal?.reason)} while the objective ran` });
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let t0 = performance.now();
  const arm = (running = true): void => {
    if (timeoutMs === undefined || trial.signal.aborted) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    t0 = performance.now();
    if (!running) return;
    timer = setTimeout(() => {
      const e = new TrialTimeoutError(timeoutMs);
      trial._abort(e);
      end({ kind: "ended", note: e.message });
    }, timeoutMs);
  };
  arm();
  trial._timeoutClock = arm;
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const run = Promise.resolve()
      .then(start)
      .then(
        (value): BoundedOutcome => ({ kind: "value", value }),
        (error): BoundedOutcome => ({ kind: "error", error }),
      );
    const out = await Promise.race([run, ended]);
    const took = performance.now() - t0;
    if (out.kind !== "ended" && timeoutMs !== undefined && took > timeoutMs && !trial.signal.aborted) {
      trial._abort(new TrialTimeoutError(timeoutMs));
      return {
        kind: "ended",
        note: `trial timeout: ran ${Math.round(took)} ms, more than ${timeoutMs} ms, without yielding (a synchronous objective blocks this thread and cannot be ended here: run it with workers: "threads")`,
      };
    }
    return out;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    trial._timeoutClock = undefined;
    signal?.removeEventListener("abort", onAbort);
  }
}
