// Messages between the study (main thread) and an objective worker thread.

/** Main → worker: evaluate params for trial `number`. */
export interface RunMessage {
  readonly type: "run";
  readonly id: number;
  readonly number: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly resumed: boolean;
  readonly lastStep: number | undefined;
}

/** Main → worker: the scheduler's answer to report `seq` of run `id`. */
export interface DecisionMessage {
  readonly type: "decision";
  readonly id: number;
  readonly seq: number;
  readonly stop: boolean;
  readonly error?: string;
}

/** Worker → main messages. */
export type WorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "fatal"; readonly message: string }
  | { readonly type: "report"; readonly id: number; readonly seq: number; readonly step: number; readonly value: number }
  | { readonly type: "attrs"; readonly id: number; readonly attrs: Readonly<Record<string, unknown>> }
  | { readonly type: "result"; readonly id: number; readonly value: unknown }
  | { readonly type: "error"; readonly id: number; readonly message: string };

/** Data every worker thread starts with. */
export interface ThreadData {
  /** URL of the objective module. */
  readonly module: string;
  /** Export name of the objective. */
  readonly exportName: string;
  /** 0-based index of this thread in its pool. */
  readonly index: number;
}
