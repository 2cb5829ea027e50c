import { describe, expect, it } from 'vitest';
import { drawSoon } from '../../src/lib/charts/draw-queue';

/** Resolves after every task queued so far (and the ones they queue, a few levels deep) has run. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('drawSoon', () => {
  it('runs jobs in the order asked, each in a task of its own, not in the caller’s', async () => {
    const ran: string[] = [];
    const microtasksBetween: number[] = [];
    let ticks = 0;
    const job = (name: string) => () => {
      ran.push(name);
      microtasksBetween.push(ticks);
      // A microtask queued by one job runs before the next job: the jobs are separate tasks.
      queueMicrotask(() => ticks++);
    };
    drawSoon(job('trend'));
    drawSoon(job('spc'));
    drawSoon(job('hubs'));
    expect(ran).toEqual([]);
    await settle();
    expect(ran).toEqual(['trend', 'spc', 'hubs']);
    expect(microtasksBetween).toEqual([0, 1, 2]);
  });

  it('does not run a withdrawn job, and runs the rest', async () => {
    const ran: string[] = [];
    drawSoon(() => ran.push('old trend'))();
    const withdrawSpc = drawSoon(() => ran.push('old spc'));
    drawSoon(() => ran.push('hubs'));
    withdrawSpc();
    drawSoon(() => ran.push('new spc'));
    await settle();
    expect(ran).toEqual(['hubs', 'new spc']);
  });

  it('keeps going after a job that throws', async () => {
    const ran: string[] = [];
    const errors: unknown[] = [];
    process.once('uncaughtException', (e) => errors.push(e));
    drawSoon(() => {
      throw new Error('Plot failed');
    });
    drawSoon(() => ran.push('next chart'));
    await settle();
    expect(ran).toEqual(['next chart']);
    expect(String(errors[0])).toMatch(/Plot failed/);
  });
});
