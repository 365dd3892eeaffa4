// The config schema: loadConfig's defaults, parsing and error messages, and the rules every row of the
// table follows (env name from the key, default inside its own range, a doc line).
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { describeConfig } from '../src/config/describe-config.js';
import { loadConfig } from '../src/config/load-config.js';
import { CONFIG_ENV, CONFIG_ROWS, DEFAULT_CONFIG, LIMITS, SETTINGS } from '../src/config/schema.js';

const CWD = '/srv/confab';
const KiB = 1024;
const MiB = 1024 * KiB;

/** The error loadConfig throws for `env`, as its lines. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, CWD);
  } catch (err) {
    return (err as Error).message.split('\n');
  }
  return assert.fail(`no error for ${JSON.stringify(env)}`);
}

test('an empty environment gives the defaults, paths resolved against the working directory', () => {
  const config = loadConfig({}, CWD);
  assert.deepEqual(config, { ...DEFAULT_CONFIG, dataDir: resolve(CWD, 'data') });
  assert.equal(config.webRoot, DEFAULT_CONFIG.webRoot);
  assert.match(config.webRoot, /apps[/\\]web[/\\]dist$/);
});

test('the runtime limits keep the values they had when they were hard-coded in server.ts', () => {
  assert.deepEqual(loadConfig({}, CWD).limits, {
    syncBatchSize: 50,
    provisionTimeoutMs: 10_000,
    pingIntervalMs: 30_000,
    maxFrameBytes: 256 * KiB,
    slowConsumerBytes: MiB,
    maxBufferedBytes: 8 * MiB,
    maxFieldChars: 128,
    maxLoginExtChars: 1024,
    sendRatePerSecond: 100,
    sendBurst: 200,
    maxSocketsPerUser: 100,
    listenBacklog: 4096,
    maxBodyBytes: MiB,
    thumbnailMaxSourceBytes: 32 * MiB,
    thumbnailQueue: 16,
    thumbnailTimeoutMs: 30_000,
    // Added with the hardening work (defaults of the modules they came from):
    thumbnailDecodeBudgetBytes: 64 * MiB,
    thumbnailWorkerHeapMb: 64,
    loginMaxFailuresPerUser: 5,
    loginMaxFailuresPerAddress: 20,
    loginFailureWindowMs: 15 * 60_000,
    loginLockoutBaseMs: 1000,
    loginLockoutMaxMs: 15 * 60_000,
    registerMaxPerAddress: 30,
    registerWindowMs: 10 * 60_000,
    loginThrottleMaxKeys: 100_000,
    passwordHashThreads: 0,
    passwordHashQueue: 64,
    // Issue 13 item 5 (Node's requestTimeout was switched off by Fastify; its headers timeout was 60 s):
    httpHeadersTimeoutMs: 30_000,
    httpRequestTimeoutMs: 600_000,
    httpIdleTimeoutMs: 60_000,
    // Groups (issue 14), Agora's documented limits (agora-rest-api.md §4):
    groupNameMaxChars: 128,
    groupDescriptionMaxChars: 512,
    groupCustomMaxChars: 1024,
    groupAvatarMaxChars: 1024,
    groupReasonMaxChars: 512,
    groupDefaultMaxUsers: 200,
    groupMaxUsers: 5000,
    groupsPerUser: 10_000,
    groupsPerApp: 100_000,
    groupBulkMax: 60,
    groupDetailsMax: 100,
    groupAdminsMax: 99,
    // Group lists (issue 14):
    groupAnnouncementMaxChars: 512,
    groupSharedFileMaxBytes: 10 * MiB,
    groupMemberAttributeKeyMaxBytes: 16,
    groupMemberAttributeValueMaxBytes: 512,
    groupMemberAttributesMaxBytes: 4096,
    groupMemberAttributesFetchMax: 10,
    roomOfflineLeaveMs: 120_000,
    // Chat rooms (issue 16), Agora's documented limits (agora-rest-api.md §3, §4):
    roomNameMaxChars: 128,
    roomDescriptionMaxChars: 512,
    roomDefaultMaxUsers: 1000,
    roomMaxUsers: 10_000,
    roomsPerUser: 10_000,
    roomsPerApp: 100_000,
    roomBulkMax: 60,
    roomDetailsMax: 100,
    roomAdminsMax: 99,
    roomAnnouncementMaxChars: 512,
    roomSharedFileMaxBytes: 10 * MiB,
    roomSuperAdminsMax: 100,
    roomPresenceEventsMaxMembers: 1_000_000,
    // Issue 13 item 9 (oversize uploads were reset unanswered):
    httpLingerMs: 5000,
    // Issue 13 item 9 (no quota, no sweep of expired files):
    attachmentQuotaPerUserBytes: 1024 * MiB,
    attachmentQuotaPerAppBytes: 0,
    attachmentSweepIntervalMs: 10 * 60_000,
    attachmentSweepBatch: 200,
    // Contacts and blocklists (issue 15), Agora's documented limits (agora-rest-api.md §4):
    contactsMax: 10_000,
    blocklistMax: 500,
    blocklistAddMax: 50,
    contactRemarkMaxChars: 100,
    contactReasonMaxChars: 512,
    // Reactions (issue 17), Agora's documented limits (agora-rest-api.md §4):
    reactionMaxPerMessage: 20,
    reactionMaxChars: 128,
    reactionListMaxMessages: 20,
    reactionDetailMaxPage: 50,
    // Translation (issue 20): Agora documents no length limit.
    translateMaxChars: 5000,
    translateTimeoutMs: 10_000,
    // Offline push delivery (issue 20): Agora documents none of these.
    pushTimeoutMs: 10_000,
    pushMaxAttempts: 8,
    pushRetryBaseMs: 5000,
    pushPollIntervalMs: 2000,
    pushBatch: 100,
    pushTtlSeconds: 86_400,
    callbackPollMs: 1000,
    callbackBatch: 64,
    callbackTimeoutMs: 5000,
    callbackRetryBaseMs: 1000,
    callbackRetryMaxMs: 300_000,
    callbackOutboxMaxRows: 1_000_000,
    callbackOutboxMaxAgeMs: 3 * 24 * 3_600_000,
    retentionSweepIntervalMs: 3_600_000,
    retentionSweepBatch: 500,
  });
});

test('push: limits from the environment; the CA file is a path resolved against the working directory', () => {
  const c = loadConfig(
    {
      CONFAB_PUSH_TIMEOUT_MS: '3s',
      CONFAB_PUSH_MAX_ATTEMPTS: '3',
      CONFAB_PUSH_RETRY_BASE_MS: '250',
      CONFAB_PUSH_CA_FILE: 'certs/push-ca.pem',
    },
    CWD,
  );
  assert.equal(c.limits.pushTimeoutMs, 3000);
  assert.equal(c.limits.pushMaxAttempts, 3);
  assert.equal(c.limits.pushRetryBaseMs, 250);
  assert.equal(c.pushCaFile, `${CWD}/certs/push-ca.pem`);
  assert.equal(loadConfig({}, CWD).pushCaFile, undefined);
  assert.deepEqual(problems({ CONFAB_PUSH_MAX_ATTEMPTS: '0' }).length, 1);
});

test('every variable is read; an empty one counts as unset', () => {
  const config = loadConfig(
    {
      CONFAB_HOST: '127.0.0.1',
      CONFAB_PORT: '0',
      CONFAB_DATA_DIR: 'var/lib',
      CONFAB_NODE_ID: '1023',
      CONFAB_LOG_LEVEL: 'warn',
      CONFAB_ADMIN_TOKEN: 'op_x',
      CONFAB_PUBLIC_URL: 'https://chat.example.com//',
      CONFAB_DATABASE_URL: 'postgresql://u:p@db/confab',
      CONFAB_REDIS_URL: 'rediss://cache:6380',
      CONFAB_REDIS_PREFIX: 'staging',
      CONFAB_WEB_ROOT: '/opt/web',
      CONFAB_SYNC_BATCH_SIZE: '',
      CONFAB_MAX_FRAME_BYTES: '1MiB',
      CONFAB_SLOW_CONSUMER_BYTES: '512 kib',
      CONFAB_MAX_BUFFERED_BYTES: '2097152',
      CONFAB_PING_INTERVAL_MS: '15s',
      CONFAB_PROVISION_TIMEOUT_MS: '2500',
      CONFAB_THUMBNAIL_TIMEOUT_MS: '1min',
    },
    CWD,
  );
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 0);
  assert.equal(config.dataDir, resolve(CWD, 'var/lib'));
  assert.equal(config.nodeId, 1023);
  assert.equal(config.logLevel, 'warn');
  assert.equal(config.adminToken, 'op_x');
  assert.equal(config.publicUrl, 'https://chat.example.com');
  assert.equal(config.databaseUrl, 'postgresql://u:p@db/confab');
  assert.equal(config.redisUrl, 'rediss://cache:6380');
  assert.equal(config.redisPrefix, 'staging');
  assert.equal(config.webRoot, resolve('/opt/web'));
  assert.equal(config.limits.syncBatchSize, 50);
  assert.equal(config.limits.maxFrameBytes, MiB);
  assert.equal(config.limits.slowConsumerBytes, 512 * KiB);
  assert.equal(config.limits.maxBufferedBytes, 2 * MiB);
  assert.equal(config.limits.pingIntervalMs, 15_000);
  assert.equal(config.limits.provisionTimeoutMs, 2500);
  assert.equal(config.limits.thumbnailTimeoutMs, 60_000);
});

test('an invalid value is an error that names the variable and what it accepts', () => {
  assert.deepEqual(problems({ CONFAB_PORT: 'x' }), ['CONFAB_PORT must be an integer in 0..65535, got "x"']);
  assert.deepEqual(problems({ CONFAB_PORT: '65536' }), [
    'CONFAB_PORT must be an integer in 0..65535, got "65536"',
  ]);
  assert.deepEqual(problems({ CONFAB_NODE_ID: '1024' }), [
    'CONFAB_NODE_ID must be an integer in 0..1023, got "1024"',
  ]);
  assert.deepEqual(problems({ CONFAB_DATABASE_URL: 'not a url' }), [
    'CONFAB_DATABASE_URL must be a URL (postgres: or postgresql://…)',
  ]);
  assert.deepEqual(problems({ CONFAB_DATABASE_URL: 'mysql://db/x' }), [
    'CONFAB_DATABASE_URL must start with postgres: or postgresql://',
  ]);
  assert.deepEqual(problems({ CONFAB_REDIS_URL: 'http://cache' }), [
    'CONFAB_REDIS_URL must start with redis: or rediss://',
  ]);
  assert.equal(loadConfig({ CONFAB_TRUST_PROXY: 'loopback' }, '/srv').trustProxy, 'loopback');
  assert.deepEqual(problems({ CONFAB_METRICS_ACCESS: 'everyone' }), [
    'CONFAB_METRICS_ACCESS must be one of operator, public, off, got "everyone"',
  ]);
  assert.deepEqual(problems({ CONFAB_LOG_LEVEL: 'loud' }), [
    'CONFAB_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got "loud"',
  ]);
  assert.deepEqual(problems({ CONFAB_MAX_FRAME_BYTES: '12' }), [
    'CONFAB_MAX_FRAME_BYTES must be bytes in 1 KiB..64 MiB, got "12"',
  ]);
  assert.deepEqual(problems({ CONFAB_PING_INTERVAL_MS: '5 parsecs' }), [
    'CONFAB_PING_INTERVAL_MS must be a duration in 1 s..1 h, got "5 parsecs"',
  ]);
});

test('every invalid variable is reported at once, then the rules between settings', () => {
  assert.deepEqual(problems({ CONFAB_PORT: '-1', CONFAB_SYNC_BATCH_SIZE: '0' }), [
    'CONFAB_PORT must be an integer in 0..65535, got "-1"',
    'CONFAB_SYNC_BATCH_SIZE must be an integer in 1..1000, got "0"',
  ]);
  assert.deepEqual(problems({ CONFAB_SLOW_CONSUMER_BYTES: '16MiB' }), [
    'CONFAB_MAX_BUFFERED_BYTES (8388608) must be at least CONFAB_SLOW_CONSUMER_BYTES (16777216)',
  ]);
  assert.deepEqual(problems({ CONFAB_HTTP_REQUEST_TIMEOUT_MS: '10s' }), [
    'CONFAB_HTTP_REQUEST_TIMEOUT_MS (10000) must be at least CONFAB_HTTP_HEADERS_TIMEOUT_MS (30000)',
  ]);
});

test('every row: env is CONFAB_ + the key in snake case, unique, with a doc line and a default in range', () => {
  const snake = (key: string) => `CONFAB_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
  const seen = new Set<string>();
  for (const { key, setting } of CONFIG_ROWS) {
    assert.equal(setting.env, snake(key), key);
    assert.ok(!seen.has(setting.env), `${setting.env} twice`);
    seen.add(setting.env);
    assert.ok(setting.doc.trim().length > 0, `${key} has no doc`);
    assert.equal(CONFIG_ENV[key as keyof typeof CONFIG_ENV], setting.env);
    if (setting.default === undefined) {
      assert.ok(setting.defaultText, `${key}: an unset default needs defaultText`);
    } else {
      // The default survives its own parser: it is inside the range the docs state.
      const shown = setting.type.show(setting.default as never);
      assert.deepEqual(setting.type.parse(shown), setting.default, `${key} default ${shown}`);
    }
  }
  assert.equal(seen.size, Object.keys(SETTINGS).length + Object.keys(LIMITS).length);
});

test('the effective settings hide the operator token and URL passwords, and mark defaults', () => {
  const env = {
    CONFAB_ADMIN_TOKEN: 'op_very_secret',
    CONFAB_DATABASE_URL: 'postgres://confab:hunter2@db:5432/confab',
    CONFAB_REDIS_URL: 'redis://:sesame@cache:6379',
    CONFAB_MAX_FRAME_BYTES: '1MiB',
  };
  const text = describeConfig(loadConfig(env, CWD), env);
  assert.doesNotMatch(text, /op_very_secret|hunter2|sesame/);
  assert.match(text, /CONFAB_ADMIN_TOKEN +\*\*\* \(set\)\n/);
  assert.match(text, /CONFAB_DATABASE_URL +postgres:\/\/confab:\*\*\*@db:5432\/confab\n/);
  assert.match(text, /CONFAB_REDIS_URL +redis:\/\/:\*\*\*@cache:6379\n/);
  assert.match(text, /CONFAB_MAX_FRAME_BYTES +1048576 \(1 MiB\)\n/);
  assert.match(text, /CONFAB_SYNC_BATCH_SIZE +50 +\(default\)\n/);
  for (const { setting } of CONFIG_ROWS) assert.ok(text.includes(setting.env), setting.env);
});

test('translation: provider none by default; LibreTranslate needs a URL, DeepL a key; the key is secret', () => {
  const none = loadConfig({}, CWD);
  assert.equal(none.translateProvider, 'none');
  assert.equal(none.translateUrl, undefined);
  assert.equal(none.translateKey, undefined);
  const libre = loadConfig(
    {
      CONFAB_TRANSLATE_PROVIDER: 'libretranslate',
      CONFAB_TRANSLATE_URL: 'http://libretranslate:5000/',
      CONFAB_TRANSLATE_MAX_CHARS: '200',
      CONFAB_TRANSLATE_TIMEOUT_MS: '2s',
    },
    CWD,
  );
  assert.equal(libre.translateProvider, 'libretranslate');
  assert.equal(libre.translateUrl, 'http://libretranslate:5000');
  assert.equal(libre.limits.translateMaxChars, 200);
  assert.equal(libre.limits.translateTimeoutMs, 2000);
  assert.deepEqual(problems({ CONFAB_TRANSLATE_PROVIDER: 'libretranslate' }), [
    'CONFAB_TRANSLATE_PROVIDER=libretranslate needs CONFAB_TRANSLATE_URL',
  ]);
  assert.deepEqual(problems({ CONFAB_TRANSLATE_PROVIDER: 'deepl' }), [
    'CONFAB_TRANSLATE_PROVIDER=deepl needs CONFAB_TRANSLATE_KEY',
  ]);
  assert.deepEqual(problems({ CONFAB_TRANSLATE_PROVIDER: 'google' }), [
    'CONFAB_TRANSLATE_PROVIDER must be one of none, libretranslate, deepl, got "google"',
  ]);
  const env = { CONFAB_TRANSLATE_PROVIDER: 'deepl', CONFAB_TRANSLATE_KEY: 'k-very-secret:fx' };
  const text = describeConfig(loadConfig(env, CWD), env);
  assert.doesNotMatch(text, /k-very-secret/);
  assert.match(text, /CONFAB_TRANSLATE_KEY +\*\*\* \(set\)\n/);
});

test('workers: 1 by default; an integer 1..64 or auto; more than 1 needs PostgreSQL and Redis and room for its node ids', () => {
  const shared = { CONFAB_DATABASE_URL: 'postgres://db/confab', CONFAB_REDIS_URL: 'redis://cache' };
  assert.equal(loadConfig({}, CWD).workers, 1);
  assert.equal(loadConfig({ ...shared, CONFAB_WORKERS: '4' }, CWD).workers, 4);
  const auto = loadConfig({ ...shared, CONFAB_WORKERS: 'auto' }, CWD).workers;
  assert.equal(auto, Math.min(64, availableParallelism()));
  assert.deepEqual(problems({ CONFAB_WORKERS: '0' }), [
    'CONFAB_WORKERS must be an integer in 1..64 or auto, got "0"',
  ]);
  assert.deepEqual(problems({ CONFAB_WORKERS: 'many' }), [
    'CONFAB_WORKERS must be an integer in 1..64 or auto, got "many"',
  ]);
  // The embedded SQLite store is one process: refused with the reason, not at the second worker's start.
  assert.deepEqual(problems({ CONFAB_WORKERS: '2', CONFAB_REDIS_URL: 'redis://cache' }), [
    'CONFAB_WORKERS=2 needs CONFAB_DATABASE_URL (PostgreSQL): each worker is a full node, and the embedded ' +
      'SQLite store locks its data directory to one process (leave CONFAB_WORKERS at 1 with SQLite)',
  ]);
  assert.deepEqual(problems({ CONFAB_WORKERS: '2', CONFAB_DATABASE_URL: 'postgres://db/confab' }), [
    "CONFAB_WORKERS=2 needs CONFAB_REDIS_URL: workers reach each other's connections through Redis",
  ]);
  // Worker i is node CONFAB_NODE_ID + i: the last one must still be a node id.
  assert.equal(loadConfig({ ...shared, CONFAB_WORKERS: '4', CONFAB_NODE_ID: '1020' }, CWD).nodeId, 1020);
  assert.deepEqual(problems({ ...shared, CONFAB_WORKERS: '4', CONFAB_NODE_ID: '1021' }), [
    'CONFAB_NODE_ID (1021) + CONFAB_WORKERS (4) - 1 must be at most 1023: worker i runs as node CONFAB_NODE_ID + i',
  ]);
});
