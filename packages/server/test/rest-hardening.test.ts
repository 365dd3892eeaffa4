// Issue 13 item 9 (pieces): usernames `.` and `..` registered but could never be addressed in a URL;
// `/healthz?detail=1&reset=1` let anyone wipe the event-loop figures; uploaded HTML/SVG/XML was served
// inline in the server's origin. (A REST body over CONFAB_MAX_BODY_BYTES → 413: test-server.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { login, postJson, register } from './support/rest.js';

describe('REST hardening', () => {
  let env: TestServer;
  let token: string;
  before(async () => {
    env = await startTestServer();
    await register(env, 'hal');
    token = await login(env, 'hal');
  });
  after(() => env.close());

  test('usernames "." and ".." are refused like any illegal username', async () => {
    const registerAs = (username: string) =>
      postJson(`${env.apiUrl}/${env.org}/${env.app}/users`, { username, password: 'secret-pw' });
    const illegal = await registerAs('no spaces');
    assert.equal(illegal.status, 400);
    for (const username of ['.', '..']) {
      const res = await registerAs(username);
      assert.equal(res.status, illegal.status, username);
      assert.equal(res.body['error'], illegal.body['error'], username);
      assert.match(String(res.body['error_description']), /is not legal/);
    }
    // Dots inside a name stay legal.
    assert.equal((await registerAs('a.b..c')).status, 200);
  });

  test('/healthz?detail=1&reset=1 needs the operator token; /healthz and detail=1 stay public', async () => {
    const get = (query: string, bearer?: string) =>
      fetch(
        `${env.apiUrl}/healthz${query}`,
        bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {},
      );
    assert.equal((await get('')).status, 200);
    assert.equal((await get('?detail=1')).status, 200);
    assert.equal((await get('?detail=1&reset=1')).status, 401);
    assert.equal((await get('?detail=1&reset=1', token)).status, 401, 'a user token is not enough');
    assert.equal((await get('?detail=1&reset=1', env.adminToken)).status, 200);
  });

  async function uploadAndDownload(name: string, type: string, text: string) {
    const form = new FormData();
    form.append('file', new Blob([text], { type }), name);
    const up = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    assert.equal(up.status, 200);
    const entity = ((await up.json()) as { entities: { uuid: string; 'share-secret': string }[] })
      .entities[0]!;
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles/${entity.uuid}`, {
      headers: { 'share-secret': entity['share-secret'] },
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), text);
    return {
      type: res.headers.get('content-type') ?? '',
      disposition: res.headers.get('content-disposition') ?? '',
    };
  }

  test('HTML, SVG and XML downloads are opaque attachments, never inline', async () => {
    const active = [
      ['page.html', 'text/html', '<script>alert(document.cookie)</script>'],
      [
        'logo.svg',
        'image/svg+xml',
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      ],
      ['feed.xml', 'application/xml', '<x/>'],
      ['page.xhtml', 'application/xhtml+xml', '<html/>'],
    ] as const;
    for (const [name, type, text] of active) {
      const got = await uploadAndDownload(name, type, text);
      assert.equal(got.type, 'application/octet-stream', name);
      assert.match(got.disposition, /^attachment; filename\*=UTF-8''/, name);
    }
    const plain = await uploadAndDownload('notes.txt', 'text/plain', 'hello');
    assert.match(plain.disposition, /^inline; /);
    assert.match(plain.type, /^text\/plain/);
  });
});
