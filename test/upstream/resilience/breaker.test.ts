import { describe, expect, it } from 'vitest';
import { createBreaker, type BreakerSettings, type CircuitState } from '../../../src/upstream/resilience/breaker.js';
import { heldClock } from './support.js';

const SETTINGS: BreakerSettings = { failureRatio: 0.5, minimumRequests: 4, windowMs: 10_000, openForMs: 5000, halfOpenRequests: 1 };

function breakerWith(settings: Partial<BreakerSettings> = {}) {
  const clock = heldClock();
  const changes: CircuitState[] = [];
  const breaker = createBreaker({ ...SETTINGS, ...settings, now: clock.now, onChange: (state) => changes.push(state) });
  const call = (outcome: 'success' | 'failure' | 'release') => {
    const ticket = breaker.tryAcquire();
    if (!ticket) return false;
    ticket[outcome]();
    return true;
  };
  return { clock, breaker, changes, call };
}

describe('circuit breaker', () => {
  it('opens once the failure ratio is reached over at least minimumRequests calls', () => {
    const { breaker, call } = breakerWith();
    call('failure');
    call('failure');
    call('failure');
    // Three failures out of three: the ratio is there, the volume is not.
    expect(breaker.state()).toBe('closed');
    call('success');
    expect(breaker.state()).toBe('closed');
    call('failure');
    expect(breaker.state()).toBe('open');
  });

  it('stays closed while the ratio is below the threshold', () => {
    const { breaker, call } = breakerWith();
    for (let i = 0; i < 20; i++) call(i % 4 === 0 ? 'failure' : 'success');
    expect(breaker.state()).toBe('closed');
  });

  it('forgets calls older than the window', () => {
    const { breaker, clock, call } = breakerWith();
    for (let i = 0; i < 3; i++) call('failure');
    clock.advance(11_000);
    call('failure');
    expect(breaker.state()).toBe('closed');
    for (let i = 0; i < 3; i++) call('failure');
    expect(breaker.state()).toBe('open');
  });

  it('refuses calls while open, lets a trial through after openFor, and closes when it succeeds', () => {
    const { breaker, clock, call, changes } = breakerWith();
    for (let i = 0; i < 4; i++) call('failure');
    expect(breaker.tryAcquire()).toBeUndefined();
    clock.advance(4999);
    expect(breaker.state()).toBe('open');
    clock.advance(1);
    expect(breaker.state()).toBe('half-open');
    const trial = breaker.tryAcquire();
    expect(trial).toBeDefined();
    // Only `halfOpenRequests` trials at a time.
    expect(breaker.tryAcquire()).toBeUndefined();
    trial!.success();
    expect(breaker.state()).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
    // Closing starts a fresh window: one failure does not open it again.
    call('failure');
    expect(breaker.state()).toBe('closed');
  });

  it('opens again when a trial fails, for another openFor', () => {
    const { breaker, clock, call } = breakerWith();
    for (let i = 0; i < 4; i++) call('failure');
    clock.advance(5000);
    expect(call('failure')).toBe(true);
    expect(breaker.state()).toBe('open');
    clock.advance(4000);
    expect(breaker.state()).toBe('open');
    clock.advance(1000);
    expect(breaker.state()).toBe('half-open');
  });

  it('needs every one of several trials to succeed', () => {
    const { breaker, clock, call } = breakerWith({ halfOpenRequests: 2 });
    for (let i = 0; i < 4; i++) call('failure');
    clock.advance(5000);
    const first = breaker.tryAcquire()!;
    const second = breaker.tryAcquire()!;
    expect(breaker.tryAcquire()).toBeUndefined();
    first.success();
    expect(breaker.state()).toBe('half-open');
    second.success();
    expect(breaker.state()).toBe('closed');
  });

  it('gives a trial slot back when the call ended without a verdict (client gone)', () => {
    const { breaker, clock, call } = breakerWith();
    for (let i = 0; i < 4; i++) call('failure');
    clock.advance(5000);
    expect(call('release')).toBe(true);
    expect(breaker.state()).toBe('half-open');
    expect(call('success')).toBe(true);
    expect(breaker.state()).toBe('closed');
  });

  it('ignores the outcome of calls that started before the state changed', () => {
    const { breaker, clock, call } = breakerWith();
    const slow = breaker.tryAcquire()!;
    for (let i = 0; i < 4; i++) call('failure');
    clock.advance(5000);
    expect(breaker.state()).toBe('half-open');
    // A success from before the breaker opened says nothing about the service now.
    slow.success();
    expect(breaker.state()).toBe('half-open');
  });

  it('counts a ticket once however often it is settled', () => {
    const { breaker } = breakerWith({ minimumRequests: 2 });
    const ticket = breaker.tryAcquire()!;
    ticket.failure();
    ticket.failure();
    expect(breaker.state()).toBe('closed');
  });
});
