// Runs the pipelines as the data team does, in processes of their own, for tests of what happens
// when two of them meet or one is killed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Run {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed) and everything printed. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Calls `fn` for each line the process prints on stderr. */
  onStderrLine: (fn: (line: string) => void) => void;
}

/** `npm run ingest -- …` without npm in between (so a kill reaches the ingest itself). */
export function runIngest(args: string[], env: Record<string, string> = {}): Run {
  return runTs('pipelines/ingest.ts', args, env);
}

export function runTs(script: string, args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['pipelines/run.mjs', script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners: ((line: string) => void)[] = [];
  child.stdout!.on('data', (d) => (stdout += d));
  createInterface({ input: child.stderr! }).on('line', (line) => {
    stderr += `${line}\n`;
    for (const fn of listeners) fn(line);
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((ok) =>
    child.on('close', (code, signal) => ok({ code, signal, stdout, stderr })),
  );
  return { child, done, onStderrLine: (fn) => listeners.push(fn) };
}
