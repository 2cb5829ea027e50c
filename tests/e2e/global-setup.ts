// Builds the site on the demo data exactly as `npm start` does, and serves it for the browser tests.
import { execSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { serve } from '../../pipelines/serve';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  execSync('npm run --silent demo-data && npm run --silent ingest && npm run --silent build', { stdio: 'pipe' });
  const server = await serve('build', 0);
  project.provide('baseUrl', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return () => new Promise<void>((done) => server.close(() => done()));
}
