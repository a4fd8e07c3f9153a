import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../../src/upstream/resilience/limiter.js';

/** A task that runs until `finish` is called; `started` tells whether it ran. */
function heldTask(name: string, log: string[]) {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve(name)));
  return {
    task: () => {
      log.push(name);
      return done;
    },
    finish: () => finish(),
  };
}

describe('the concurrency limiter', () => {
  it('runs calls at once up to the cap, then one per freed slot in arrival order', async () => {
    const limiter = createLimiter(2);
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => heldTask(name, log));
    const runs = [a, b, c, d].map((held) => limiter.run(held!.task));
    expect(log).toEqual(['a', 'b']);
    expect([limiter.active, limiter.pending]).toEqual([2, 2]);
    b!.finish();
    await expect(runs[1]).resolves.toBe('b');
    expect(log).toEqual(['a', 'b', 'c']);
    a!.finish();
    c!.finish();
    d!.finish();
    await expect(Promise.all(runs)).resolves.toEqual(['a', 'b', 'c', 'd']);
    expect([limiter.active, limiter.pending]).toEqual([0, 0]);
  });

  it('gives a waiting call that was cancelled no slot: it never runs and the next waiter gets the slot', async () => {
    const limiter = createLimiter(1);
    const log: string[] = [];
    const first = heldTask('first', log);
    const gone = heldTask('gone', log);
    const next = heldTask('next', log);
    const controller = new AbortController();
    const running = limiter.run(first.task);
    const cancelled = limiter.run(gone.task, controller.signal);
    const waiting = limiter.run(next.task, new AbortController().signal);
    controller.abort(new Error('client left'));
    await expect(cancelled).rejects.toThrow('client left');
    expect(limiter.pending).toBe(1);
    first.finish();
    await running;
    await expect.poll(() => log).toEqual(['first', 'next']);
    next.finish();
    await expect(waiting).resolves.toBe('next');
    expect([limiter.active, limiter.pending]).toEqual([0, 0]);
  });

  it('refuses a call whose signal has already aborted, and frees the slot of a task that throws or rejects', async () => {
    const limiter = createLimiter(1);
    const aborted = AbortSignal.abort(new Error('too late'));
    await expect(limiter.run(() => Promise.resolve('x'), aborted)).rejects.toThrow('too late');
    await expect(
      limiter.run(() => {
        throw new Error('thrown');
      }),
    ).rejects.toThrow('thrown');
    await expect(limiter.run(() => Promise.reject(new Error('rejected')))).rejects.toThrow('rejected');
    await expect(limiter.run(() => Promise.resolve('still free'))).resolves.toBe('still free');
    expect(limiter.active).toBe(0);
  });
});
