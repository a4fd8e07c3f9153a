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
  return { started, leave: (index: number) => leaves.get(index)!(), withdraw: (index: number) => withdraws[index]?.() };
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
  it('starts at the floor and holds it while the CPU is saturated', () => {
    const made = admission('auto', () => 1);
    const requests = enterMany(made, 20);
    for (let step = 0; step < 20; step++) made.adjust();
    expect(made.limit).toBe(AUTO_FLOOR);
    expect(requests.started).toHaveLength(AUTO_FLOOR);
    expect(made.waiting).toBe(20 - AUTO_FLOOR);
  });

  it('doubles the cap while requests wait and the CPU is mostly idle (slow upstreams), up to the ceiling', () => {
    const made = admission('auto', () => 0.1);
    const requests = enterMany(made, 40);
    made.adjust();
    expect(made.limit).toBe(AUTO_FLOOR * 2);
    for (let step = 0; step < 3; step++) made.adjust();
    expect(requests.started).toHaveLength(40);
    enterMany(made, 10_000);
    for (let step = 0; step < 20; step++) made.adjust();
    expect(made.limit).toBe(AUTO_CEILING);
  });

  it('brings a grown cap down towards what runs once the CPU is saturated, never below the floor', () => {
    let share = 0.1;
    const made = admission('auto', () => share);
    const requests = enterMany(made, 40);
    for (let step = 0; step < 4; step++) made.adjust();
    const grown = made.limit;
    expect(grown).toBeGreaterThanOrEqual(40);
    share = 1;
    // The share is smoothed: a few windows pass before the CPU reads as saturated.
    for (let step = 0; step < 20 && made.limit === grown; step++) made.adjust();
    expect(made.limit).toBe(Math.floor(40 * 0.9));
    for (let step = 0; step < 50; step++) made.adjust();
    expect(made.limit).toBe(AUTO_FLOOR);
    // Nothing running is stopped; a waiting request starts once fewer than the cap run.
    const late = enterMany(made, 1);
    for (let index = 0; index < 40 - AUTO_FLOOR; index++) requests.leave(index);
    expect(late.started).toEqual([]);
    requests.leave(40 - AUTO_FLOOR);
    expect(late.started).toEqual([0]);
  });

  it('grows by a tenth with some CPU to spare, and not at all when nobody waited', () => {
    const made = admission('auto', () => 0.7);
    enterMany(made, AUTO_FLOOR);
    for (let step = 0; step < 20; step++) made.adjust();
    expect(made.limit).toBe(AUTO_FLOOR);
    const more = enterMany(made, 1);
    made.adjust();
    expect(made.limit).toBe(AUTO_FLOOR + 1);
    expect(more.started).toEqual([0]);
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
