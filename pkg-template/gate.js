// The shared gate of a bulk run (`updateLeads`, bulk.js): bounded concurrency that every
// worker goes through, so that a 429 slows the whole run down and not only the request
// that got it.

/**
 * Up to `max` holders at once. `throttled(ms)` (a 429) closes the gate for everyone for
 * `ms` and halves the limit (once per pause, however many requests saw the 429); each
 * `limit` successes in a row then raise it by one, back up to `max`.
 */
export class Gate {
  /** `onReopen` is called when a pause ends. */
  constructor(max, onReopen) {
    this.max = max;
    this.onReopen = onReopen;
    this.limit = max;
    this.active = 0;
    this.pausedUntil = 0;
    this.streak = 0;
    this.stopped = false;
    this.waiters = new Set();
    this.timer = null;
  }

  /** Waits for a slot; false when the gate was stopped meanwhile (take nothing then). */
  async acquire() {
    for (;;) {
      if (this.stopped) return false;
      if (Date.now() >= this.pausedUntil && this.active < this.limit) {
        this.active++;
        return true;
      }
      await new Promise((resolve) => this.waiters.add(resolve));
    }
  }

  /** Gives a slot back; `ok` counts towards raising the limit again. */
  release(ok) {
    this.active--;
    if (ok && this.limit < this.max && ++this.streak >= this.limit) {
      this.limit++;
      this.streak = 0;
    }
    this.wake();
  }

  /** Resolves when the gate is not paused (for retries of requests already holding a slot). */
  async whenOpen() {
    while (Date.now() < this.pausedUntil) {
      await new Promise((resolve) => this.waiters.add(resolve));
    }
  }

  /** A 429 asked to wait `ms`: pause everyone and lower the limit. */
  throttled(ms) {
    const until = Date.now() + Math.max(0, ms);
    if (until <= this.pausedUntil) return;
    if (Date.now() >= this.pausedUntil) this.limit = Math.max(1, Math.ceil(this.limit / 2));
    this.pausedUntil = until;
    this.streak = 0;
    clearTimeout(this.timer);
    this.reopenAt(until);
  }

  // A timer may fire a millisecond before `Date.now()` reaches its deadline; waiters woken
  // then would find the gate still paused and wait with nothing left to wake them.
  reopenAt(until) {
    this.timer = setTimeout(() => {
      if (Date.now() < until) return this.reopenAt(until);
      this.wake();
      this.onReopen?.();
    }, until - Date.now());
  }

  /** No new slots from now on: waiting acquires return false (a pause still holds retries). */
  stop() {
    this.stopped = true;
    this.wake();
  }

  /** Stops, and ends the pause: nothing waits any more (the run was aborted). */
  open() {
    this.stop();
    this.pausedUntil = 0;
    clearTimeout(this.timer);
    this.wake();
  }

  /** Drops the pending wake-up, so a finished run exits at once. */
  close() {
    clearTimeout(this.timer);
  }

  get paused() {
    return Date.now() < this.pausedUntil;
  }

  wake() {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const resolve of waiting) resolve();
  }
}
