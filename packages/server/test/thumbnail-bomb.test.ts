// Issue 13 item 7: a 38 KB PNG that inflates to 40 megapixels (under the old 40 MP cap) took the server's
// RSS from 224 to 534 MB when its thumbnail was asked for. The decode budget (width × height × 4 bytes,
// by the header) now refuses it before anything is inflated: the upload succeeds, the thumbnail request
// gets the original, the server stays up and the next normal image still gets its thumbnail.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pngjs from 'pngjs';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { THUMBNAILER_DEFAULTS } from '../src/adapters/files/thumbnailer.js';
import { login, register } from './support/rest.js';

/** An all-zero 8-bit greyscale PNG: `side`² pixels, a few KB deflated. */
function bomb(side: number): Buffer {
  const grey = { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false } as const;
  const image = new pngjs.PNG({ width: side, height: side, ...grey });
  image.data = Buffer.alloc(side * side);
  return pngjs.PNG.sync.write(image, grey);
}

function photo(width: number, height: number): Buffer {
  const image = new pngjs.PNG({ width, height });
  for (let i = 0; i < width * height; i++) image.data.set([200, (i * 7) % 256, 40, 255], i * 4);
  return pngjs.PNG.sync.write(image);
}

describe('thumbnail of a decompression bomb', () => {
  let env: TestServer;
  let token: string;
  before(async () => {
    env = await startTestServer();
    await register(env, 'eve');
    token = await login(env, 'eve');
  });
  after(() => env.close());

  async function upload(bytes: Buffer): Promise<{ uuid: string; secret: string; status: number }> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'image.png');
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const body = (await res.json()) as { entities?: { uuid: string; 'share-secret': string }[] };
    const e = body.entities?.[0];
    return { uuid: e?.uuid ?? '', secret: e?.['share-secret'] ?? '', status: res.status };
  }

  async function thumbnail(up: { uuid: string; secret: string }): Promise<pngjs.PNG> {
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles/${up.uuid}?thumbnail=true`, {
      headers: { 'share-secret': up.secret },
    });
    assert.equal(res.status, 200);
    return pngjs.PNG.sync.read(Buffer.from(await res.arrayBuffer()), { checkCRC: false });
  }

  test('38 KB, 40 megapixels: uploaded, no thumbnail (the original), server up, next image fine', async () => {
    const side = 6300; // 39.7 MP: under the old 40 MP cap, far over the decode budget
    assert.ok(side * side * 4 > THUMBNAILER_DEFAULTS.decodeBudgetBytes);
    const bytes = bomb(side);
    assert.ok(bytes.length < 64 * 1024, `the bomb is ${bytes.length} bytes`);
    const up = await upload(bytes);
    assert.equal(up.status, 200);

    // The original comes back (its header says 6300×6300): nothing was decoded. Only the header is read
    // here: inflating it in the test would be the bomb going off in the test process.
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles/${up.uuid}?thumbnail=true`, {
      headers: { 'share-secret': up.secret },
    });
    assert.equal(res.status, 200);
    const served = Buffer.from(await res.arrayBuffer());
    assert.deepEqual(served, bytes, 'the original is served');

    assert.equal((await fetch(`${env.apiUrl}/healthz`)).status, 200);
    const normal = await thumbnail(await upload(photo(800, 600)));
    assert.deepEqual([normal.width, normal.height], [170, 128]);
  });
});
