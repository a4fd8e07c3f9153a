import { describe, expect, it } from 'vitest';
import { AUTO_CEILING, AUTO_FLOOR, createAdmission, isOperationRequest, type ConcurrencySetting } from '../../src/server/admission.js';

function admission(setting: ConcurrencySetting, cpuShare = () => 0) {
  return createAdmission({ setting: () => setting, cpuShare, intervalMs: 0 });
}

/** Enters `count` requests that hold their slot until their `leave` is called; `started` lists them in start order. */
function enterMany(made: ReturnType<typeof admission>, count: number) {
  const started: number[] = [];
  const leaves = new Map<number, () => void>();
  const withdraws = Array.from({ length: count }, (_, index) =>
    made.enter((leave) => {
      started.push(index);
      leaves.set(index, leave);
    }),
  );
  return { started, leave: (index: number) => leaves.get(index)!(), withdraw: (index: number) => withdraws[index]!() };
}

describe('admission with a fixed cap', () => {
  it('starts requests up to the cap and the rest oldest first as slots free', () => {
    const made = admission(2);
    const requests = enterMany(made, 5);
    expect(requests.started).toEqual([0, 1]);
    expect([made.running, made.waiting]).toEqual([2, 3]);
    requests.leave(1);
    expect(requests.started).toEqual([0, 1, 2]);
    requests.leave(0);
    expect(requests.started).toEqual([0, 1, 2, 3]);
    expect([made.running, made.waiting]).toEqual([2, 1]);
  });

  it('gives a slot back once however often a request leaves', () => {
    const made = admission(1);
    const requests = enterMany(made, 3);
    requests.leave(0);
    requests.leave(0);
    expect(requests.started).toEqual([0, 1]);
    expect(made.running).toBe(1);
  });

  it('drops a waiting request whose client went away, and ignores a withdrawal after the start', () => {
    const made = admission(1);
    const requests = enterMany(made, 3);
    requests.withdraw(1);
    requests.withdraw(0);
    expect(made.waiting).toBe(1);
    requests.leave(0);
    expect(requests.started).toEqual([0, 2]);
  });

  it('takes no cap at 0', () => {
    const made = admission(0);
    expect(enterMany(made, 100).started).toHaveLength(100);
    expect(made.limit).toBe(Infinity);
  });
});

describe('admission, auto', () => {
  it('brings the cap down towards what runs while the CPU is saturated, never below the floor', () => {
    const made = admission('auto', () => 1);
    expect(made.limit).toBe(AUTO_CEILING);
    enterMany(made, 32);
    // The share is smoothed: a few windows pass before the CPU reads as saturated.
    for (let step = 0; step < 20 && made.limit === AUTO_CEILING; step++) made.adjust();
    expect(made.limit).toBe(Math.floor(32 * 0.9));
    for (let step = 0; step < 50; step++) made.adjust();
    expect(made.limit).toBe(AUTO_FLOOR);
    expect(made.running).toBe(32);
  });

  it('starts nothing new past the lowered cap until enough requests leave', () => {
    const made = admission('auto', () => 1);
    const requests = enterMany(made, 12);
    for (let step = 0; step < 50; step++) made.adjust();
    const late = enterMany(made, 1);
    expect(late.started).toEqual([]);
    for (let index = 0; index < 4; index++) requests.leave(index);
    expect(late.started).toEqual([]);
    requests.leave(4);
    expect(late.started).toEqual([0]);
  });

  it('doubles the cap while requests wait and the CPU is mostly idle (slow upstreams)', () => {
    let share = 1;
    const made = admission('auto', () => share);
    const first = enterMany(made, 8);
    for (let step = 0; step < 50; step++) made.adjust();
    expect(made.limit).toBe(AUTO_FLOOR);
    const more = enterMany(made, 12);
    expect(more.started).toEqual([]);
    share = 0.1;
    // The smoothed share falls below half within a few windows; from then on the cap doubles per window.
    for (let step = 0; step < 10; step++) made.adjust();
    expect(made.limit).toBeGreaterThanOrEqual(20);
    expect(more.started).toHaveLength(12);
    expect(first.started).toHaveLength(8);
  });

  it('grows by a tenth with some CPU to spare, and not at all when nobody waited', () => {
    let share = 1;
    const made = admission('auto', () => share);
    enterMany(made, 8);
    for (let step = 0; step < 50; step++) made.adjust();
    expect(made.limit).toBe(AUTO_FLOOR);
    share = 0.7;
    for (let step = 0; step < 20; step++) made.adjust();
    expect(made.limit).toBe(AUTO_FLOOR);
    enterMany(made, 1);
    for (let step = 0; step < 10; step++) made.adjust();
    expect(made.limit).toBe(AUTO_FLOOR + 1);
  });
});

describe('isOperationRequest', () => {
  it('holds requests to the GraphQL endpoint, not probes, metrics or preflights', () => {
    expect(isOperationRequest({ method: 'POST', url: '/graphql' })).toBe(true);
    expect(isOperationRequest({ method: 'GET', url: '/graphql?query=%7Ba%7D' })).toBe(true);
    expect(isOperationRequest({ method: 'OPTIONS', url: '/graphql' })).toBe(false);
    for (const url of ['/healthz', '/readyz', '/metrics', '/status', '/graphqlx']) expect(isOperationRequest({ method: 'GET', url })).toBe(false);
  });
});
