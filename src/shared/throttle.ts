/**
 * The one rate limiter: at most one run per interval. A request after the interval has passed
 * runs at once; a request during it schedules one trailing run at the interval's end, which the
 * requests in between join (their state is the caller's to merge: the newest wins, or controls
 * coalesce). Used by the content script's engine controls (ControlGate) and timelines, and the
 * router's storage writes (ReportStore). The clock is given so the rules are unit-tested.
 */
export interface ThrottleClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_CLOCK: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Throttle<R> {
  private last = Number.NEGATIVE_INFINITY;
  private timer: unknown;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => R,
    private readonly clock: ThrottleClock = REAL_CLOCK,
  ) {}

  /** A trailing run is scheduled. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }

  /** Runs now (returning what the run returns) or schedules the trailing run (undefined). */
  request(): R | undefined {
    const wait = this.last + this.intervalMs - this.clock.now();
    if (wait <= 0 && this.timer === undefined) return this.runNow();
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = undefined;
      this.runNow();
    }, Math.max(0, wait));
    return undefined;
  }

  /** Drops a scheduled trailing run. */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private runNow(): R {
    this.last = this.clock.now();
    return this.run();
  }
}
