// The default views' series for every area, as Arrow files (lib/server/built-views.ts).
import { error } from '@sveltejs/kit';
import { everyAreaFiles } from '$lib/server/built-views';
import type { EntryGenerator, RequestHandler } from './$types';

export const prerender = true;

export const entries: EntryGenerator = async () => [...(await everyAreaFiles()).keys()].map((file) => ({ file }));

export const GET: RequestHandler = async ({ params }) => {
  const found = (await everyAreaFiles()).get(params.file);
  if (!found) error(404, `no such file: ${params.file}`);
  return new Response(new Blob([found.bytes as Uint8Array<ArrayBuffer>]), { headers: { 'content-type': 'application/vnd.apache.arrow.stream' } });
};
