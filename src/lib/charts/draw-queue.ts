/**
 * Runs jobs (chart drawings) in the order asked, each in a task of its own, so that a change of
 * view that redraws every chart on the page does not hold the main thread for all of them at once:
 * input, painting and the next chart's data get a turn between two drawings. Returns a function
 * that withdraws the job if it has not run yet (its chart was asked to draw something newer).
 */
const queue: (() => void)[] = [];
let channel: MessageChannel | null = null;

function next() {
  try {
    queue.shift()?.();
  } finally {
    if (queue.length > 0) channel!.port2.postMessage(null);
  }
}

export function drawSoon(job: () => void): () => void {
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
}
