/**
 * A pass run again and again in the background: each pass starts `delayMs()` after the one before
 * ended, until stopped. A pass must handle its own failures (it is never run twice at once).
 */
export class RepeatingTask {
  private active = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly delayMs: () => number,
  ) {}

  /** Whether the task has been started and not stopped: a long pass checks it to stop early. */
  get running(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.schedule(0);
  }

  /** Stops after the pass in progress, which it waits for. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.current = this.pass();
      void this.current.then(() => {
        if (this.active) this.schedule(this.delayMs());
      });
    }, delayMs);
  }
}
