// Image thumbnails (`GET …/chatfiles/{uuid}?thumbnail=true`) against a real server: PNG and JPEG come back
// fitted into 170×170 in their own format (alpha kept, EXIF orientation applied), made once and stored;
// small images, undecodable or oversized ones and non-images come back as the original; the same
// permission as the original; the official SDK's `thumb` URL works.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import type { LocalFileStore } from '../src/adapters/files/local-file-store.js';
import { fitWithin, makeThumbnail, readImageHeader } from '../src/adapters/files/image-thumbnail.js';
import {
  closeAllOfficialClients,
  createOfficialClient,
  plain,
  type OfficialClient,
} from './support/official-sdk.js';
import type { RecordingClient } from './support/our-client.js';
import { testClients } from './support/test-clients.js';
import { register } from './support/rest.js';

type Rgba = (x: number, y: number) => [number, number, number, number];

function png(width: number, height: number, pixel: Rgba): Buffer {
  const image = new pngjs.PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) image.data.set(pixel(x, y), (y * width + x) * 4);
  return pngjs.PNG.sync.write(image);
}

function jpg(width: number, height: number, pixel: Rgba): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return jpeg.encode({ data, width, height }, 90).data;
}

/** Inserts an APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation) after SOI. */
function withOrientation(jpegBytes: Buffer, orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpegBytes.subarray(0, 2), header, payload, jpegBytes.subarray(2)]);
}

/** Left half red, right half blue; the top quarter fully transparent. */
const halves =
  (width: number, height: number): Rgba =>
  (x, y) =>
    x < width / 2 ? [255, 0, 0, y < height / 4 ? 0 : 255] : [0, 0, 255, y < height / 4 ? 0 : 255];

const PNG_TYPE = 'image/png';

/** The official utils.download, bound to a connection as the SDK's own callers do. */
function officialDownload(c: OfficialClient, url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const utils = c.sdk.utils as unknown as { download: (this: unknown, o: object) => void };
    utils.download.call(c.conn, {
      url,
      onFileDownloadComplete: (blob: { arrayBuffer(): Promise<ArrayBuffer> }) =>
        blob.arrayBuffer().then((ab) => resolve(Buffer.from(ab)), reject),
      onFileDownloadError: (e: unknown) => reject(Object.assign(new Error('download failed'), plain(e))),
    });
  });
}

describe('image thumbnails', () => {
  let env: TestServer;
  const clients = testClients(() => env);
  const { our } = clients;
  let alice: RecordingClient;

  before(async () => {
    env = await startTestServer();
    for (const u of ['alice', 'bob', 'mallory']) await register(env, u, 'pw');
    alice = await our('alice');
  });
  after(async () => {
    clients.closeOurs();
    await closeAllOfficialClients();
    await env.close();
  });

  const upload = (bytes: Buffer, filename: string, type: string) =>
    alice.conn.uploadFile({ data: new Blob([new Uint8Array(bytes)], { type }), filename });

  /** GET with the share secret; `thumbnail=true` unless `original`. */
  async function get(up: { url: string; secret: string }, original = false) {
    const res = await fetch(`${up.url}?share-secret=${up.secret}${original ? '' : '&thumbnail=true'}`);
    const body = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      length: res.headers.get('content-length'),
      body,
    };
  }

  /** Where the thumbnail of an upload is stored (the file's storage key, from its record). */
  async function thumbPath(up: { url: string }): Promise<string> {
    const uuid = up.url.split('/').pop()!;
    const app = await env.server.ctx.storage.apps.findByName(env.org, env.app);
    const file = await env.server.ctx.storage.files.find(app!.id, uuid);
    return (env.server.ctx.attachments.store as LocalFileStore).pathOf(`${file!.storageKey}.thumb`);
  }

  test('PNG 800×600: a 170×128 PNG with alpha, stored once, the same bytes every time', async () => {
    const original = png(800, 600, halves(800, 600));
    const up = await upload(original, 'big.png', PNG_TYPE);
    const first = await get(up);
    assert.equal(first.status, 200);
    assert.equal(first.type, PNG_TYPE);
    assert.equal(first.length, String(first.body.length));
    assert.ok(first.body.length < original.length);
    const thumb = pngjs.PNG.sync.read(first.body);
    assert.deepEqual([thumb.width, thumb.height], [170, 128]);
    const at = (x: number, y: number) => [...thumb.data.subarray((y * 170 + x) * 4, (y * 170 + x) * 4 + 4)];
    assert.deepEqual(at(10, 100), [255, 0, 0, 255]);
    assert.deepEqual(at(160, 100), [0, 0, 255, 255]);
    assert.equal(at(10, 5)[3], 0, 'transparent stays transparent');
    // On the boundary column the colours mix, never towards black (alpha-weighted average).
    const mid = at(85, 100);
    assert.equal(mid[3], 255);
    assert.equal(mid[0]! + mid[2]!, 255);

    const second = await get(up);
    assert.deepEqual(second.body, first.body);
    assert.deepEqual(readFileSync(await thumbPath(up)), first.body, 'stored next to the original');
    // The original is untouched.
    assert.deepEqual((await get(up, true)).body, original);
  });

  test('JPEG 640×480 and a portrait JPEG: JPEG thumbnails within 170×170, aspect kept', async () => {
    for (const [w, h, expected] of [
      [640, 480, [170, 128]],
      [300, 1000, [51, 170]],
    ] as const) {
      const original = jpg(w, h, (x, y) => [(x * 255) / w, (y * 255) / h, 128, 255]);
      const up = await upload(original, 'photo.jpg', 'image/jpeg');
      const got = await get(up);
      assert.equal(got.status, 200);
      assert.equal(got.type, 'image/jpeg');
      assert.equal(got.length, String(got.body.length));
      const thumb = jpeg.decode(got.body, { useTArray: true });
      assert.deepEqual([thumb.width, thumb.height], expected);
      // The gradient survives: the top-left corner dark in red, the bottom-right bright.
      assert.ok(thumb.data[0]! < 40 && thumb.data[thumb.data.length - 4]! > 215);
      assert.deepEqual((await get(up)).body, got.body);
    }
  });

  test('JPEG with EXIF orientation 6 (rotate 90° clockwise): the thumbnail is upright', async () => {
    // 400×200 stored sideways, left half red: upright it is 200×400 with the red half on top.
    const original = withOrientation(
      jpg(400, 200, (x) => (x < 200 ? [255, 0, 0, 255] : [0, 0, 255, 255])),
      6,
    );
    assert.equal(readImageHeader(original)?.orientation, 6);
    const got = await get(await upload(original, 'phone.jpg', 'image/jpeg'));
    const thumb = jpeg.decode(got.body, { useTArray: true });
    assert.deepEqual([thumb.width, thumb.height], [85, 170]);
    assert.ok(thumb.data[(10 * 85 + 40) * 4]! > 200, 'red on top');
    assert.ok(thumb.data[(160 * 85 + 40) * 4 + 2]! > 200, 'blue at the bottom');
  });

  test('an image within 170×170 comes back unscaled: the original bytes', async () => {
    for (const [bytes, type] of [
      [png(100, 50, halves(100, 50)), PNG_TYPE],
      [jpg(170, 170, () => [10, 20, 30, 255]), 'image/jpeg'],
    ] as const) {
      const up = await upload(bytes, 'small', type);
      const got = await get(up);
      assert.equal(got.type, type);
      assert.deepEqual(got.body, bytes);
      assert.deepEqual((await get(up)).body, bytes);
    }
  });

  test('non-images, GIF, undecodable and oversized images: the original', async () => {
    // A PNG header claiming 10000×5000 (50 megapixels, over the decode budget) and nothing else.
    const huge = png(1, 1, () => [0, 0, 0, 255]);
    huge.writeUInt32BE(10_000, 16);
    huge.writeUInt32BE(5_000, 20);
    assert.deepEqual(makeThumbnail(huge), { kind: 'none', reason: 'too-many-pixels' });
    const cases: [Buffer, string][] = [
      [randomBytes(5000), 'application/pdf'],
      [Buffer.concat([Buffer.from('GIF89a'), randomBytes(500)]), 'image/gif'],
      [Buffer.concat([png(1, 1, () => [0, 0, 0, 0]).subarray(0, 8), randomBytes(3000)]), PNG_TYPE],
      [
        Buffer.concat([jpg(400, 400, () => [1, 2, 3, 255]).subarray(0, 600), randomBytes(2000)]),
        'image/jpeg',
      ],
      [huge, PNG_TYPE],
    ];
    for (const [bytes, type] of cases) {
      const up = await upload(bytes, 'x', type);
      const got = await get(up);
      assert.equal(got.status, 200, type);
      assert.equal(got.type, type);
      assert.equal(got.length, String(bytes.length));
      assert.deepEqual(got.body, bytes, type);
    }
  });

  test('the same permission as the original: 403 without the secret, 222 for a stranger', async () => {
    const up = await upload(png(400, 400, halves(400, 400)), 'p.png', PNG_TYPE);
    const anonymous = await fetch(`${up.url}?thumbnail=true`);
    assert.equal(anonymous.status, 403);
    assert.equal(
      ((await anonymous.json()) as { error_description: string }).error_description,
      'chatfile no permission',
    );
    const mallory = await our('mallory');
    await assert.rejects(mallory.conn.downloadFile(`${up.url}?thumbnail=true`), (e: any) => e.type === 222);
    assert.equal(existsSync(await thumbPath(up)), false, 'nothing made for a refused request');
  });

  test('the official SDK: an image message’s `thumb` URL downloads a real thumbnail', async () => {
    await using bob = createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    await bob.nextEvent('onConnected');
    const original = png(1024, 768, halves(1024, 768));
    const sent = await alice.conn.send(
      OurSdk.message.create({
        type: 'img',
        chatType: 'singleChat',
        to: 'bob',
        file: { data: new Blob([new Uint8Array(original)], { type: PNG_TYPE }), filename: 'shot.png' },
        width: 1024,
        height: 768,
      } as never),
    );
    const got: any = await bob.nextEvent('onImageMessage' as never, {
      predicate: (m: any) => m.id === sent.serverMsgId,
    });
    assert.match(got.thumb, /\?em-redirect=true&share-secret=[^&]+&thumbnail=true$/);
    const thumb = pngjs.PNG.sync.read(await officialDownload(bob, got.thumb));
    assert.deepEqual([thumb.width, thumb.height], [170, 128]);
    assert.deepEqual(await officialDownload(bob, got.url), original);
  });

  test('fitWithin never upscales and keeps the aspect ratio', () => {
    assert.deepEqual(fitWithin(800, 600), { width: 170, height: 128 });
    assert.deepEqual(fitWithin(100, 50), { width: 100, height: 50 });
    assert.deepEqual(fitWithin(10_000, 1), { width: 170, height: 1 });
    assert.deepEqual(fitWithin(170, 171), { width: 169, height: 170 });
  });
});
