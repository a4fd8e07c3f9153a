/**
 * A counting semaphore whose size may change: the queue both the per-source call cap
 * (limiter.ts) and the gateway's admission of operations (server/admission.ts) stand in.
 */
export interface Slots {
  /**
   * Calls `start` at once when a slot is free and nobody waits, else once one frees up, oldest
   * first. `start` gets the function that gives the slot back; giving it back twice is harmless.
   * Returns undefined when started at once, else a function that withdraws the waiter (it does
   * nothing once the waiter started).
   */
  enter(start: (release: () => void) => void): (() => void) | undefined;
  /** Starts waiters while slots are free: call after the size grew. */
  pump(): void;
  readonly active: number;
  readonly pending: number;
}

/** Slots for `size()` holders at once; `size` is read whenever a slot is taken. */
export function createSlots(size: () => number): Slots {
  let active = 0;
  const waiting = new Set<() => void>();

  const hold = (start: (release: () => void) => void) => {
    active++;
    let held = true;
    start(() => {
      if (!held) return;
      held = false;
      active--;
      pump();
    });
  };
  const pump = () => {
    while (waiting.size > 0 && active < size()) {
      const next = waiting.values().next().value!;
      waiting.delete(next);
      next();
    }
  };

  return {
    enter(start) {
      if (waiting.size === 0 && active < size()) {
        hold(start);
        return undefined;
      }
      const waiter = () => hold(start);
      waiting.add(waiter);
      return () => waiting.delete(waiter);
    },
    pump,
    get active() {
      return active;
    },
    get pending() {
      return waiting.size;
    },
  };
}
