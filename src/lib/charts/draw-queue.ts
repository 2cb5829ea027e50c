/**
 * Runs jobs (chart drawings) in the order asked, a few at a time, so that a change of view that
 * redraws every chart on the page neither holds the main thread for all of them at once (input,
 * painting and the next chart's data get a turn between tasks) nor lays out and paints the page
 * after every chart: jobs share a task while the next one, judged by the time the last one took,
 * would still end within 40 ms (a margin under the 50 ms of a "long task": the next chart may take
 * longer than the last). One job per task made the overview's twelve charts cost eight layouts per
 * change instead of three.
 * Returns a function that withdraws the job if it has not run yet (its chart was asked to draw
 * something newer).
 */
const TASK_BUDGET_MS = 40;

export function createDrawQueue(now: () => number = () => performance.now()): (job: () => void) => () => void {
  const queue: (() => void)[] = [];
  let channel: MessageChannel | null = null;

  function next() {
    const start = now();
    try {
      while (queue.length > 0) {
        const began = now();
        queue.shift()!();
        const ended = now();
        if (ended - start + (ended - began) >= TASK_BUDGET_MS) break;
      }
    } finally {
      if (queue.length > 0) channel!.port2.postMessage(null);
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
    };
  };
}

export const drawSoon = createDrawQueue();
