import { createOutcomeWindow } from './outcome-window.js';

/** `closed`: calls go through; `open`: calls fail at once; `half-open`: a few trial calls go through. */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** Share of failed calls in the window that opens the breaker. */
  failureRatio: number;
  /** Calls the window must hold before the ratio is judged. */
  minimumRequests: number;
  windowMs: number;
  openForMs: number;
  /** Trial calls let through while half-open. */
  halfOpenRequests: number;
}

export interface BreakerOptions extends BreakerSettings {
  now: () => number;
  /** Told of every change of state. */
  onChange?: (state: CircuitState) => void;
}

/** Leave to make one call; it must be settled exactly once (later settlements are ignored). */
export interface Ticket {
  success(): void;
  failure(): void;
  /** The call ended without telling anything about the service (the client went away). */
  release(): void;
}

export interface CircuitBreaker {
  /** The state now; an open breaker turns half-open once `openForMs` has passed. */
  state(): CircuitState;
  /** A ticket for one call, or undefined while the breaker refuses calls. */
  tryAcquire(): Ticket | undefined;
}

export function createBreaker(options: BreakerOptions): CircuitBreaker {
  const window = createOutcomeWindow(options.windowMs, options.now);
  let state: CircuitState = 'closed';
  // Calls started before a change of state must not judge the new state: a slow success from
  // before the breaker opened says nothing about the service now.
  let generation = 0;
  let openedAt = 0;
  let trials = 0;
  let passed = 0;

  function moveTo(next: CircuitState): void {
    state = next;
    generation++;
    trials = 0;
    passed = 0;
    if (next === 'open') openedAt = options.now();
    if (next === 'closed') window.reset();
    options.onChange?.(next);
  }

  function current(): CircuitState {
    if (state === 'open' && options.now() - openedAt >= options.openForMs) moveTo('half-open');
    return state;
  }

  function judgeWindow(): void {
    const { calls, failures } = window.totals();
    if (calls >= options.minimumRequests && failures / calls >= options.failureRatio) moveTo('open');
  }

  function ticketFor(issuedIn: number, halfOpen: boolean): Ticket {
    let settled = false;
    const settle = (outcome: 'success' | 'failure' | 'release') => {
      if (settled || issuedIn !== generation) return;
      settled = true;
      if (halfOpen) {
        if (outcome === 'failure') moveTo('open');
        else if (outcome === 'release') trials--;
        else if (++passed >= options.halfOpenRequests) moveTo('closed');
        return;
      }
      if (outcome === 'release') return;
      window.add(outcome === 'failure');
      if (outcome === 'failure') judgeWindow();
    };
    return { success: () => settle('success'), failure: () => settle('failure'), release: () => settle('release') };
  }

  return {
    state: current,
    tryAcquire() {
      const now = current();
      if (now === 'open') return undefined;
      if (now === 'half-open') {
        if (trials >= options.halfOpenRequests) return undefined;
        trials++;
      }
      return ticketFor(generation, now === 'half-open');
    },
  };
}
