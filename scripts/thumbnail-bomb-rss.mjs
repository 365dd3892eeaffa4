// Peak RSS of a server asked for the thumbnail of a 38 KB, 40-megapixel PNG (issue 13, item 7). Not a
// test: prints the server process's peak RSS before and after.
//   node --conditions=@confab/source --import tsx scripts/thumbnail-bomb-rss.mjs [repo root]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pngjs from 'pngjs';

const root = resolve(process.argv[2] ?? '.');
const load = (p) => import(pathToFileURL(resolve(root, p)).href);
const { startTestServer } = await load('packages/server/src/testing.ts');
const { login, register } = await load('packages/server/test/support/rest.ts');

const side = 6300;
const grey = { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false };
const image = new pngjs.PNG({ width: side, height: side, ...grey });
image.data = Buffer.alloc(side * side);
const bomb = pngjs.PNG.sync.write(image, grey);
image.data = Buffer.alloc(0);

const env = await startTestServer();
await register(env, 'eve');
const token = await login(env, 'eve');
const form = new FormData();
form.append('file', new Blob([new Uint8Array(bomb)], { type: 'image/png' }), 'bomb.png');
const up = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}` },
  body: form,
});
const entity = (await up.json()).entities[0];
globalThis.gc?.();
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const rss = () => process.memoryUsage().rss / 1024;
const before = { now: rss(), peak: process.resourceUsage().maxRSS };
const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles/${entity.uuid}?thumbnail=true`, {
  headers: { 'share-secret': entity['share-secret'] },
});
const body = Buffer.from(await res.arrayBuffer());
console.log(
  `bomb ${(bomb.length / 1024).toFixed(0)} KB, ${side}x${side}: thumbnail ${res.status} ${body.length} bytes ` +
    `(${body.equals(bomb) ? 'the original' : 'a thumbnail'}); RSS ${mb(before.now)} → ${mb(rss())}, ` +
    `peak ${mb(before.peak)} → ${mb(process.resourceUsage().maxRSS)}`,
);
await env.close();
