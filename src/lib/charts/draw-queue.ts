/**
 * Draws charts in the order asked, a few at a time, so that a change of view that redraws every
 * chart on the page neither holds the main thread for all of them at once (input, painting and the
 * next chart's data get a turn between tasks) nor lays out and paints the page after each of them.
 * A job builds its drawing off the page and returns what puts it there; jobs share a task while the
 * next one, judged by the time the last one took, would still end within 40 ms (a margin under the
 * 50 ms of a "long task": the next chart may take longer than the last), and once every job asked
 * is built, all their drawings are put on the page together, in the task that built the last. The
 * page is then styled, laid out and painted once for them all: when each task put its own charts on
 * the page, a change of view on the overview (six charts) was laid out and painted four times,
 * each time over the whole page, and that was most of its processor time.
 * Returns a function that withdraws the job if its drawing is not on the page yet (its chart was
 * asked to draw something newer).
 */
const TASK_BUDGET_MS = 40;

/** Builds a drawing off the page; returns what puts it on the page (nothing, if there is none). */
export type DrawJob = () => (() => void) | void;

export function createDrawQueue(now: () => number = () => performance.now()): (job: DrawJob) => () => void {
  const queue: DrawJob[] = [];
  const built: { job: DrawJob; show: () => void }[] = [];
  let channel: MessageChannel | null = null;

  function showAll() {
    for (const { show } of built.splice(0)) {
      try {
        show();
      } catch (e) {
        // Reported as any uncaught error is, without keeping the other charts off the page.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  function next() {
    const start = now();
    try {
      while (queue.length > 0) {
        const began = now();
        const job = queue.shift()!;
        const show = job();
        if (show) built.push({ job, show });
        const ended = now();
        if (ended - start + (ended - began) >= TASK_BUDGET_MS) break;
      }
    } finally {
      if (queue.length > 0) channel!.port2.postMessage(null);
      else showAll();
    }
  }

  return (job) => {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = next;
    }
    queue.push(job);
    if (queue.length === 1) channel.port2.postMessage(null);
    return () => {
      const i = queue.indexOf(job);
      if (i >= 0) queue.splice(i, 1);
      const j = built.findIndex((b) => b.job === job);
      if (j >= 0) built.splice(j, 1);
    };
  };
}

export const drawSoon = createDrawQueue();
