import { describe, expect, it } from 'vitest';
import { createDrawQueue, drawSoon } from '../../src/lib/charts/draw-queue';

/** Resolves after every task queued so far (and the ones they queue, a few levels deep) has run. */
const settle = () => new Promise((r) => setTimeout(r, 50));

/**
 * The number of the task running now, from 0. Microtasks run between tasks only: the first call
 * in a task queues one, which moves the count on once that task ends.
 */
function taskCounter(): () => number {
  let task = 0;
  let counting = false;
  return () => {
    if (!counting) {
      counting = true;
      queueMicrotask(() => {
        task++;
        counting = false;
      });
    }
    return task;
  };
}

describe('drawSoon', () => {
  it('runs jobs in the order asked, in tasks of their own, not in the caller’s', async () => {
    const ran: string[] = [];
    drawSoon(() => void ran.push('trend'));
    drawSoon(() => void ran.push('spc'));
    drawSoon(() => void ran.push('hubs'));
    expect(ran).toEqual([]);
    await settle();
    expect(ran).toEqual(['trend', 'spc', 'hubs']);
  });

  it('runs jobs in one task while the next would end within 40 ms, judged by the last one', async () => {
    // A clock each job moves on by its own time, so the test does not depend on the machine's speed.
    let clock = 0;
    const drawLater = createDrawQueue(() => clock);
    const tasks: number[] = [];
    const taskNow = taskCounter();
    const job = (ms: number) => (): void => {
      clock += ms;
      tasks.push(taskNow());
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

  it('puts every drawing on the page together, in the task that built the last, in the order asked', async () => {
    // Four 25 ms charts take a task each to build; shown as each task ends, the page would be laid
    // out and painted after each of them.
    let clock = 0;
    const drawLater = createDrawQueue(() => clock);
    const events: string[] = [];
    const taskNow = taskCounter();
    let withdrawOld = () => {};
    const chart = (name: string, also = () => {}) => () => {
      clock += 25;
      events.push(`built ${name} in task ${taskNow()}`);
      also();
      return () => void events.push(`shown ${name} in task ${taskNow()}`);
    };
    drawLater(chart('trend'));
    withdrawOld = drawLater(chart('old spc'));
    drawLater(chart('hubs'));
    // Built, not shown yet, when a newer drawing of its chart withdraws it: it is never shown.
    drawLater(chart('spc', () => withdrawOld()));
    await settle();
    expect(events).toEqual([
      'built trend in task 0', 'built old spc in task 1', 'built hubs in task 2', 'built spc in task 3',
      'shown trend in task 3', 'shown hubs in task 3', 'shown spc in task 3',
    ]);
  });

  it('does not run a withdrawn job, and runs the rest', async () => {
    const ran: string[] = [];
    drawSoon(() => void ran.push('old trend'))();
    const withdrawSpc = drawSoon(() => void ran.push('old spc'));
    drawSoon(() => void ran.push('hubs'));
    withdrawSpc();
    drawSoon(() => void ran.push('new spc'));
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
    drawSoon(() => void ran.push('next chart'));
    await settle();
    expect(ran).toEqual(['next chart']);
    expect(String(errors[0])).toMatch(/Plot failed/);
  });
});
