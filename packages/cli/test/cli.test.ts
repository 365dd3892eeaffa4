// The `confab` CLI run as a process (bin/confab.js) against a real server on port 0.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';

const BIN = fileURLToPath(new URL('../bin/confab.js', import.meta.url));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function confab(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('published as @confab/cli with the command confab: the package holds its bin and sources', async () => {
  const pkgDir = fileURLToPath(new URL('..', import.meta.url));
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    name: string;
    bin: Record<string, string>;
    private?: boolean;
  };
  assert.equal(pkg.name, '@confab/cli');
  assert.deepEqual(pkg.bin, { confab: 'bin/confab.js' });
  assert.notEqual(pkg.private, true);
  const packed = await new Promise<string>((resolve, reject) => {
    const child = spawn('npm', ['pack', '--dry-run', '--json'], {
      cwd: pkgDir,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
  const files = (JSON.parse(packed) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  for (const f of [
    'bin/confab.js',
    'src/main.ts',
    'src/program.ts',
    'src/rest.ts',
    'src/backup.ts',
    'README.md',
  ])
    assert.ok(files.includes(f), `${f} is not in the package`);
});

describe('confab CLI', () => {
  let env: TestServer;
  let appEnv: Record<string, string>;
  before(async () => {
    env = await startTestServer();
  });
  after(() => env.close());

  test('--help works on every command', async () => {
    const commands = [
      [],
      ['apps'],
      ['apps', 'create'],
      ['apps', 'list'],
      ['apps', 'settings'],
      ['backup'],
      ['users'],
      ['users', 'create'],
      ['tokens'],
      ['tokens', 'issue'],
      ['online'],
      ['reports'],
      ['reports', 'list'],
      ['reports', 'resolve'],
      ['mute'],
    ];
    const results = await Promise.all(commands.map((c) => confab([...c, '--help'])));
    results.forEach((r, i) => {
      const name = ['confab', ...commands[i]!].join(' ');
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: ${name}`), name);
    });
    assert.match(results[0]!.stdout, /CONFAB_SERVER/);
  });

  test('apps create and list with the operator token (flag or env); refused without it', async () => {
    const created = await confab([
      '--server',
      env.apiUrl,
      '--admin-token',
      env.adminToken,
      'apps',
      'create',
      'acme',
      'web',
      '--device-limit',
      '2',
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /App key:\s+acme#web/);
    const id = /Client id:\s+(\S+)/.exec(created.stdout)?.[1];
    const secret = /Client secret:\s+(\S+)/.exec(created.stdout)?.[1];
    assert.ok(id && secret);
    appEnv = {
      CONFAB_SERVER: env.apiUrl,
      CONFAB_APP: 'acme#web',
      CONFAB_CLIENT_ID: id,
      CONFAB_CLIENT_SECRET: secret,
    };

    const set = await confab([
      '--server',
      env.apiUrl,
      '--admin-token',
      env.adminToken,
      'apps',
      'set',
      'acme',
      'web',
      '--agora-app-id',
      '0123456789abcdef0123456789abcdef',
      '--agora-app-certificate',
      'fedcba9876543210fedcba9876543210',
    ]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /updated acme#web/);
    const badSet = await confab([
      '--server',
      env.apiUrl,
      '--admin-token',
      env.adminToken,
      'apps',
      'set',
      'acme',
      'web',
      '--agora-app-id',
      'nope',
    ]);
    assert.notEqual(badSet.code, 0);

    const list = await confab(['apps', 'list', '--json'], {
      CONFAB_SERVER: env.apiUrl,
      CONFAB_ADMIN_TOKEN: env.adminToken,
    });
    assert.equal(list.code, 0, list.stderr);
    const apps = JSON.parse(list.stdout) as {
      appKey: string;
      settings: { deviceLimit: number; agoraAppId: string; agoraAppCertificate: string };
    }[];
    assert.deepEqual(
      apps.map((a) => a.appKey),
      [env.appKey, 'acme#web'],
    );
    assert.equal(apps[1]!.settings.deviceLimit, 2);
    assert.equal(apps[1]!.settings.agoraAppId, '0123456789abcdef0123456789abcdef');
    assert.equal(apps[1]!.settings.agoraAppCertificate, '(set)');

    const refused = await confab(['--server', env.apiUrl, '--admin-token', 'wrong', 'apps', 'list']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /HTTP 401/);
    const missing = await confab(['--server', env.apiUrl, 'apps', 'list']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /operator token is required/);
  });

  test('apps settings shows and changes settings; closing registration takes effect at once', async () => {
    const op = { CONFAB_SERVER: env.apiUrl, CONFAB_ADMIN_TOKEN: env.adminToken };
    const register = (username: string) =>
      fetch(`${env.apiUrl}/${env.org}/${env.app}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'pw' }),
      });
    assert.equal((await register('before-close')).status, 200);
    const shown = await confab(['apps', 'settings', env.appKey], op);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^openRegistration\ttrue$/m);
    assert.match(shown.stdout, /^attachmentTtlSeconds\t604800$/m);

    const closed = await confab(['apps', 'settings', env.appKey, '--close-registration'], op);
    assert.equal(closed.code, 0, closed.stderr);
    assert.match(closed.stdout, /^openRegistration\tfalse$/m);
    assert.equal((await register('after-close')).status, 401);

    const set = await confab(
      [
        'apps',
        'settings',
        env.appKey,
        '--set',
        'deviceLimit=2',
        '--set',
        'services=groups,files',
        '--set',
        'contactsOnly=true',
        '--json',
      ],
      op,
    );
    assert.equal(set.code, 0, set.stderr);
    const json = JSON.parse(set.stdout) as Record<string, unknown>;
    assert.equal(json['deviceLimit'], 2);
    assert.deepEqual(json['services'], ['groups', 'files']);
    assert.equal(json['contactsOnly'], true);
    assert.equal(json['openRegistration'], false);

    const bad = await confab(['apps', 'settings', env.appKey, '--set', 'deviceLimit=0'], op);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /deviceLimit must be an integer/);
    const unknown = await confab(['apps', 'settings', env.appKey, '--set', 'nope=1'], op);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown setting nope/);
    const noKey = await confab(['apps', 'settings', 'confab'], op);
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /org#app/);

    const reopened = await confab(['apps', 'settings', env.appKey, '--open-registration'], op);
    assert.equal(reopened.code, 0, reopened.stderr);
    assert.equal((await register('after-reopen')).status, 200);
  });

  test('users create, tokens issue, and online against the new app', async () => {
    const alice = await confab(['users', 'create', 'alice', '--password', 'pw-a'], appEnv);
    assert.equal(alice.code, 0, alice.stderr);
    assert.match(alice.stdout, /created alice/);
    assert.equal((await confab(['users', 'create', 'bob', '--password', 'pw-b'], appEnv)).code, 0);
    const dup = await confab(['users', 'create', 'alice', '--password', 'x'], appEnv);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /username be unique/);
    const usage = await confab(['users', 'create', 'carol'], appEnv);
    assert.notEqual(usage.code, 0);
    assert.match(usage.stderr, /--password/);

    const issued = await confab(['tokens', 'issue', 'alice', '--ttl', '600'], appEnv);
    assert.equal(issued.code, 0, issued.stderr);
    const token = issued.stdout.trim();
    const exp = await fetch(`${env.apiUrl}/acme/web/sdk/users/alice/token/expires`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(exp.status, 200);

    const none = await confab(['online'], appEnv);
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout.trim(), '');
    const conn = new OurSdk.connection({ appKey: 'acme#web', url: env.wsUrl, apiUrl: env.apiUrl });
    await conn.open({ user: 'alice', accessToken: token });
    try {
      const online = await confab(['online'], appEnv);
      assert.equal(online.stdout.trim(), 'alice');
      const named = await confab(['online', 'bob', 'alice', '--json'], appEnv);
      assert.deepEqual(JSON.parse(named.stdout), { online: ['alice'] });
    } finally {
      conn.close();
    }
    const noCreds = await confab(['online'], { CONFAB_SERVER: env.apiUrl, CONFAB_APP: 'acme#web' });
    assert.equal(noCreds.code, 1);
    assert.match(noCreds.stderr, /client-id/);
  });

  test('reports list and resolve; mute a user', async () => {
    const alice = new OurSdk.connection({ appKey: 'acme#web', url: env.wsUrl, apiUrl: env.apiUrl });
    const bob = new OurSdk.connection({ appKey: 'acme#web', url: env.wsUrl, apiUrl: env.apiUrl });
    await alice.open({ user: 'alice', pwd: 'pw-a' });
    await bob.open({ user: 'bob', pwd: 'pw-b' });
    try {
      const sent = await alice.send(
        OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'spam spam' }),
      );
      await bob.reportMessage({ reportType: 'ad', reportReason: 'spam', messageId: sent.serverMsgId });
      const listed = await confab(['reports', 'list', '--status', 'open', '--json'], appEnv);
      assert.equal(listed.code, 0, listed.stderr);
      const rows = JSON.parse(listed.stdout) as { id: number; reporter: string; messageId: string }[];
      assert.deepEqual(
        rows.map((r) => [r.reporter, r.messageId]),
        [['bob', sent.serverMsgId]],
      );
      const done = await confab(['reports', 'resolve', String(rows[0]!.id), '--note', 'warned'], appEnv);
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stdout, /resolved/);
      const open = await confab(['reports', 'list', '--status', 'open'], appEnv);
      assert.equal(open.stdout.trim(), '');
      const all = await confab(['reports', 'list'], appEnv);
      assert.match(all.stdout, /\tresolved\tbob\t/);
      const missing = await confab(['reports', 'resolve', '999999'], appEnv);
      assert.equal(missing.code, 1);

      const muted = await confab(['mute', 'alice', '--chat', '60'], appEnv);
      assert.equal(muted.code, 0, muted.stderr);
      await assert.rejects(
        alice.send(OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'x' })),
        (e: any) => e.type === 506,
      );
      assert.equal((await confab(['mute', 'alice', '--chat', '0'], appEnv)).code, 0);
      await alice.send(OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'y' }));
    } finally {
      alice.close();
      bob.close();
    }
  });
});
