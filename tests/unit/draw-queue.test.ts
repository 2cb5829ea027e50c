import { describe, expect, it } from 'vitest';
import { createDrawQueue, drawSoon } from '../../src/lib/charts/draw-queue';

/** Resolves after every task queued so far (and the ones they queue, a few levels deep) has run. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('drawSoon', () => {
  it('runs jobs in the order asked, in tasks of their own, not in the caller’s', async () => {
    const ran: string[] = [];
    drawSoon(() => ran.push('trend'));
    drawSoon(() => ran.push('spc'));
    drawSoon(() => ran.push('hubs'));
    expect(ran).toEqual([]);
    await settle();
    expect(ran).toEqual(['trend', 'spc', 'hubs']);
  });

  it('runs jobs in one task while the next would end within 40 ms, judged by the last one', async () => {
    // A clock each job moves on by its own time, so the test does not depend on the machine's speed.
    let clock = 0;
    const drawLater = createDrawQueue(() => clock);
    const tasks: number[] = [];
    let task = 0;
    let counting = false;
    const job = (ms: number) => () => {
      clock += ms;
      tasks.push(task);
      // Microtasks run between tasks only: one per task counts the tasks the jobs ran in.
      if (!counting) {
        counting = true;
        queueMicrotask(() => {
          task++;
          counting = false;
        });
      }
    };
    // Seven 5 ms sparklines share a task (an eighth would reach 40 ms); the other three and a 20 ms
    // bar chart the next (35 ms); the second bar chart alone (after 20 ms, another 20 would reach
    // 40); a 45 ms trend alone, and what follows it in a task of its own.
    for (let i = 0; i < 10; i++) drawLater(job(5));
    drawLater(job(20));
    drawLater(job(20));
    drawLater(job(45));
    drawLater(job(5));
    await settle();
    expect(tasks).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 3, 4]);
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
