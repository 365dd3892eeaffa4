// The server's configuration as one table: every setting's key, environment variable, type (parse and
// range check), default and doc text. The `ServerConfig` type, the defaults, the environment names,
// loadConfig (load-config.ts), `npm start -- --check` and docs/configuration.md (config-doc.ts) are all
// derived from it.
//
// A new setting is one row: in LIMITS when code reads it at run time (it appears as `ctx.limits.<key>`,
// and startTestServer({ limits: { <key> } }) overrides it), else in SETTINGS (`config.<key>`, used by the
// composition root). Then `npm run gen:docs`, and a line in docs/limits.md for a limit (a test checks both).
// A new kind of value goes in value-types.ts; a rule between two settings in CROSS_CHECKS.
import { fileURLToPath } from 'node:url';
import { MAX_NODE_ID } from '../domain/messages/message-id.js';
import { MIN_PROCESS_CONNECTIONS } from '../adapters/postgres/pool-share.js';
import {
  bytes,
  countOrAuto,
  integer,
  milliseconds,
  oneOf,
  path,
  text,
  url,
  type ValueType,
} from './value-types.js';

/** Headings of docs/configuration.md and `--check`, in this order. */
export const SECTIONS = {
  server: 'Server',
  storage: 'Storage',
  cluster: 'Cluster',
  websocket: 'Limits: WebSocket connections',
  http: 'Limits: HTTP',
  files: 'Limits: attachments',
  auth: 'Limits: logins and registration',
  groups: 'Limits: groups',
  contacts: 'Limits: contacts and blocklists',
  rooms: 'Limits: chat rooms',
  reactions: 'Limits: reactions',
  translation: 'Translation',
  push: 'Push notifications',
  appServer: 'App server: callbacks and retention',
} as const;
export type Section = keyof typeof SECTIONS;

export interface Setting<T> {
  /** `CONFAB_` + the key in SCREAMING_SNAKE_CASE (a test holds every row to it). */
  readonly env: string;
  readonly section: Section;
  readonly type: ValueType<NonNullable<T>>;
  readonly default: T;
  /** One or two sentences for the docs: what it does, and what changes when it is raised or lowered. */
  readonly doc: string;
  /** Shown instead of the default where that is derived or differs per machine (never a machine path). */
  readonly defaultText?: string;
  /** Never printed: `--check` shows whether it is set, not its value. */
  readonly secret?: boolean;
}

const setting = <T>(s: Setting<T>): Setting<T> => s;
/** A setting that is unset by default (and the server derives or generates something instead). */
const optional = <T>(s: Omit<Setting<T | undefined>, 'default'> & { defaultText: string }) =>
  setting<T | undefined>({ ...s, default: undefined });

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** Top-level settings: `config.<key>`. */
export const SETTINGS = {
  host: setting({
    env: 'CONFAB_HOST',
    section: 'server',
    type: text,
    default: '0.0.0.0',
    doc: 'Listen address.',
  }),
  port: setting({
    env: 'CONFAB_PORT',
    section: 'server',
    type: integer(0, 65535),
    default: 8080,
    doc: 'HTTP and WebSocket port (one port for both); 0 = any free port.',
  }),
  publicUrl: optional({
    env: 'CONFAB_PUBLIC_URL',
    section: 'server',
    type: url(['http:', 'https:'], { trimSlashes: true }),
    defaultText: '`http://localhost:<port>` (from host and port)',
    doc: 'Base URL printed for clients and put in file URLs, e.g. behind a reverse proxy (trailing slashes are dropped).',
  }),
  logLevel: setting({
    env: 'CONFAB_LOG_LEVEL',
    section: 'server',
    type: oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']),
    default: 'info',
    doc: 'pino log level.',
  }),
  adminToken: optional({
    env: 'CONFAB_ADMIN_TOKEN',
    section: 'server',
    type: text,
    secret: true,
    defaultText: 'unset (generated)',
    doc:
      'Operator token of the operator API (`/management/apps`, the `confab apps` CLI). Unset: the first start of ' +
      'an empty store generates one, stores only its SHA-256 (`server_meta`) and prints it once.',
  }),
  trustProxy: optional({
    env: 'CONFAB_TRUST_PROXY',
    section: 'server',
    type: text,
    defaultText: 'unset (the peer address is the client)',
    doc:
      'Reverse proxies whose `X-Forwarded-For` names the client (comma-separated addresses or CIDRs, or ' +
      '`loopback`, `uniquelocal`): the per-address login and registration throttles then count the real ' +
      "client, not the proxy. Set it only to the proxy's address, or clients could pick their own.",
  }),
  metricsAccess: setting({
    env: 'CONFAB_METRICS_ACCESS',
    section: 'server',
    type: oneOf(['operator', 'public', 'off']),
    default: 'operator',
    doc:
      'Who may read `GET /metrics` (Prometheus text): `operator` = with the operator token as a Bearer token; ' +
      '`public` = anyone who reaches the port (only behind a proxy or network that keeps it private); `off` = 404.',
  }),
  webRoot: setting({
    env: 'CONFAB_WEB_ROOT',
    section: 'server',
    type: path,
    // src/config/schema.ts and dist/config/schema.js both sit four levels below the repository's root.
    default: fileURLToPath(new URL('../../../../apps/web/dist', import.meta.url)),
    defaultText: '`apps/web/dist` of the repository',
    doc:
      'The built web client, served at `/` (its `index.html` and files only, so no API route is shadowed). ' +
      'Missing: the server starts, logs `web client not built: run npm run build -w @confab/web` once and `/` ' +
      'says so. Restart after rebuilding.',
  }),
  dataDir: setting({
    env: 'CONFAB_DATA_DIR',
    section: 'storage',
    type: path,
    default: './data',
    doc: 'Directory of the SQLite database (`confab.sqlite`) and of uploaded files (`files/`).',
  }),
  databaseUrl: optional({
    env: 'CONFAB_DATABASE_URL',
    section: 'storage',
    type: url(['postgres:', 'postgresql:']),
    defaultText: 'unset (SQLite)',
    doc: 'Store everything in PostgreSQL, shared by all nodes of a cluster (uploaded files stay in the data directory).',
  }),
  databasePoolSize: setting({
    env: 'CONFAB_DATABASE_POOL_SIZE',
    section: 'storage',
    type: integer(MIN_PROCESS_CONNECTIONS, 10_000),
    default: 14,
    doc:
      'PostgreSQL connections this host opens at most, split evenly between its `CONFAB_WORKERS` processes ' +
      `(each at least ${MIN_PROCESS_CONNECTIONS}; in each, up to a third, at most 4, for cursor moves). Keep the sum over all hosts ` +
      "below the server's `max_connections`.",
  }),
  nodeId: setting({
    env: 'CONFAB_NODE_ID',
    section: 'cluster',
    type: integer(0, MAX_NODE_ID),
    default: 0,
    doc: 'Must differ between nodes sharing a database: part of every message id.',
  }),
  workers: setting({
    env: 'CONFAB_WORKERS',
    section: 'cluster',
    type: countOrAuto(1, 64),
    default: 1,
    doc:
      'Server processes on this host, sharing its port (`auto` = one per core). Each is a full node with node id ' +
      '`CONFAB_NODE_ID` + its index (0, 1, …), so nodes on other hosts must use ids outside that range. More ' +
      'than 1 needs `CONFAB_DATABASE_URL` and `CONFAB_REDIS_URL`: the embedded SQLite store is one process.',
  }),
  redisUrl: optional({
    env: 'CONFAB_REDIS_URL',
    section: 'cluster',
    type: url(['redis:', 'rediss:']),
    defaultText: 'unset (in-process)',
    doc: 'Cross-node fan-out and the cluster-wide session directory. Set: chunked uploads are not offered (the SDK uploads in one request).',
  }),
  redisPrefix: setting({
    env: 'CONFAB_REDIS_PREFIX',
    section: 'cluster',
    type: text,
    default: 'confab',
    doc: 'Prefix of Redis keys and of the bus channel, so deployments can share a Redis.',
  }),
  translateProvider: setting({
    env: 'CONFAB_TRANSLATE_PROVIDER',
    section: 'translation',
    type: oneOf(['none', 'libretranslate', 'deepl']),
    default: 'none',
    doc:
      'Machine translation behind `getSupportedLanguages` and `translateMessage` (see docs/translation.md). ' +
      '`none`: both answer as Agora does when the service is off (SDK 505).',
  }),
  translateUrl: optional({
    env: 'CONFAB_TRANSLATE_URL',
    section: 'translation',
    type: url(['http:', 'https:'], { trimSlashes: true }),
    defaultText: 'unset (DeepL: `https://api-free.deepl.com` for `:fx` keys, else `https://api.deepl.com`)',
    doc: "The provider's API base URL; required for LibreTranslate (e.g. `http://libretranslate:5000`).",
  }),
  translateKey: optional({
    env: 'CONFAB_TRANSLATE_KEY',
    section: 'translation',
    type: text,
    secret: true,
    defaultText: 'unset',
    doc: "DeepL's auth key (required for DeepL); LibreTranslate's `api_key` if the instance asks for one.",
  }),
  pushCaFile: optional({
    env: 'CONFAB_PUSH_CA_FILE',
    section: 'push',
    type: path,
    defaultText: 'unset (the system CAs)',
    doc: 'PEM file of extra certificate authorities trusted when connecting to Web Push services (a private push relay, tests). Providers themselves are configured per app (docs/push.md).',
  }),
};

/** Runtime limits: `config.limits.<key>`, handed to the server as `ServerContext.limits`. */
export const LIMITS = {
  provisionTimeoutMs: setting({
    env: 'CONFAB_PROVISION_TIMEOUT_MS',
    section: 'websocket',
    type: milliseconds(100, 600_000),
    default: 10_000,
    doc: 'A socket that has not logged in (PROVISION) this long after opening is closed (4001).',
  }),
  pingIntervalMs: setting({
    env: 'CONFAB_PING_INTERVAL_MS',
    section: 'websocket',
    type: milliseconds(1000, 3_600_000),
    default: 30_000,
    doc: 'WebSocket ping interval; a peer that has not answered one ping by the next is dropped, so a dead peer goes within twice this.',
  }),
  maxFrameBytes: setting({
    env: 'CONFAB_MAX_FRAME_BYTES',
    section: 'websocket',
    type: bytes(KiB, 64 * MiB),
    default: 256 * KiB,
    doc: 'Largest WebSocket frame accepted; a larger one closes the socket (1009).',
  }),
  syncBatchSize: setting({
    env: 'CONFAB_SYNC_BATCH_SIZE',
    section: 'websocket',
    type: integer(1, 1000),
    default: 50,
    doc: 'Messages per sync answer; the client pages through the rest.',
  }),
  slowConsumerBytes: setting({
    env: 'CONFAB_SLOW_CONSUMER_BYTES',
    section: 'websocket',
    type: bytes(KiB, GiB),
    default: MiB,
    doc: 'Above this many unsent bytes a socket gets NOTICEs instead of pushed messages (it pulls at its own pace).',
  }),
  maxBufferedBytes: setting({
    env: 'CONFAB_MAX_BUFFERED_BYTES',
    section: 'websocket',
    type: bytes(KiB, GiB),
    default: 8 * MiB,
    doc: 'Above this many unsent bytes a socket is closed (4008); the client reconnects and resumes from its cursor. At least CONFAB_SLOW_CONSUMER_BYTES.',
  }),
  maxFieldChars: setting({
    env: 'CONFAB_MAX_FIELD_CHARS',
    section: 'websocket',
    type: integer(16, 4096),
    default: 128,
    doc:
      'Longest name a client sends on the socket: the device resource, device name and other PROVISION strings ' +
      "(login refused, SDK -3), a message's receiver and ext keys (ACK refused, SDK -3). Agora user ids are at most 64.",
  }),
  maxLoginExtChars: setting({
    env: 'CONFAB_MAX_LOGIN_EXT_CHARS',
    section: 'websocket',
    type: integer(16, 65_536),
    default: 1024,
    doc:
      "Longest login ext (PROVISION `reason`, relayed to the devices a login displaces); Agora's SDK allows 1,024. " +
      'Longer: login refused (SDK -3).',
  }),
  sendRatePerSecond: setting({
    env: 'CONFAB_SEND_RATE_PER_SECOND',
    section: 'websocket',
    type: integer(1, 1_000_000),
    default: 100,
    doc:
      "Messages (and acks, recalls, edits) one user may send per second on one node, refilling a bucket of CONFAB_SEND_BURST; Agora's REST send allows 6,000 a minute. " +
      'Over it: ACK "traffic limit" (SDK 509), the message is not stored.',
  }),
  sendBurst: setting({
    env: 'CONFAB_SEND_BURST',
    section: 'websocket',
    type: integer(1, 1_000_000),
    default: 200,
    doc: 'Messages one user may send at once before CONFAB_SEND_RATE_PER_SECOND paces them.',
  }),
  maxSocketsPerUser: setting({
    env: 'CONFAB_MAX_SOCKETS_PER_USER',
    section: 'websocket',
    type: integer(1, 10_000),
    default: 100,
    doc:
      "Logged-in sockets of one user on one node (a reconnect of the same device replaces its old socket; the app's `deviceLimit` applies cluster-wide). " +
      'Past it the oldest is displaced as by the device limit (SDK 206).',
  }),
  listenBacklog: setting({
    env: 'CONFAB_LISTEN_BACKLOG',
    section: 'http',
    type: integer(1, 65535),
    default: 4096,
    doc:
      "Connections the kernel queues for accept(). Node's default (511) overflows when a thousand clients " +
      'reconnect at once; the kernel caps it at `net.core.somaxconn`.',
  }),
  maxBodyBytes: setting({
    env: 'CONFAB_MAX_BODY_BYTES',
    section: 'http',
    type: bytes(KiB, 64 * MiB),
    default: MiB,
    doc: 'Largest REST request body, uploads excepted (those follow the app setting `maxAttachmentBytes`).',
  }),
  httpHeadersTimeoutMs: setting({
    env: 'CONFAB_HTTP_HEADERS_TIMEOUT_MS',
    section: 'http',
    type: milliseconds(500, 600_000),
    default: 30_000,
    doc: 'A request whose headers have not all arrived this long after it began is answered 408 and its connection closed.',
  }),
  httpRequestTimeoutMs: setting({
    env: 'CONFAB_HTTP_REQUEST_TIMEOUT_MS',
    section: 'http',
    type: milliseconds(500, 24 * 3_600_000),
    default: 600_000,
    doc:
      'A request (headers and body) not fully received this long after it began is answered 408 and closed. Uploads ' +
      'count: the default lets a 10 MB attachment arrive at 17 KB/s. At least CONFAB_HTTP_HEADERS_TIMEOUT_MS. WebSockets are not affected.',
  }),
  httpIdleTimeoutMs: setting({
    env: 'CONFAB_HTTP_IDLE_TIMEOUT_MS',
    section: 'http',
    type: milliseconds(500, 3_600_000),
    default: 60_000,
    doc:
      'An HTTP connection that moves no byte this long is closed: a stalled body, or a keep-alive connection ' +
      'between requests. WebSockets are not affected (their liveness is CONFAB_PING_INTERVAL_MS).',
  }),
  httpLingerMs: setting({
    env: 'CONFAB_HTTP_LINGER_MS',
    section: 'http',
    type: milliseconds(0, 60_000),
    default: 5000,
    doc:
      'An upload refused while its body is still arriving (too large, over quota) is answered at once with ' +
      '`Connection: close`; the connection then keeps reading and dropping what the client still sends for up ' +
      'to this long, so the client reads the answer instead of a reset.',
  }),
  attachmentQuotaPerUserBytes: setting({
    env: 'CONFAB_ATTACHMENT_QUOTA_PER_USER_BYTES',
    section: 'files',
    type: bytes(0, 1024 * GiB),
    default: GiB,
    doc:
      "Bytes of attachments one user may keep in an app (files not yet expired, by the app's `attachmentTtlSeconds`); " +
      'an upload past it is refused (HTTP 400, SDK 101), before its bytes are read when its size is declared. ' +
      "0 = no limit. The app admin's uploads count only toward CONFAB_ATTACHMENT_QUOTA_PER_APP_BYTES.",
  }),
  attachmentQuotaPerAppBytes: setting({
    env: 'CONFAB_ATTACHMENT_QUOTA_PER_APP_BYTES',
    section: 'files',
    type: bytes(0, 1024 * GiB),
    default: 0,
    doc:
      'Bytes of attachments all users of one app may keep together (files not yet expired); past it uploads are ' +
      'refused like over the per-user quota. 0 = no limit. When set, the uploads of one app are saved one at a time.',
  }),
  attachmentSweepIntervalMs: setting({
    env: 'CONFAB_ATTACHMENT_SWEEP_INTERVAL_MS',
    section: 'files',
    type: milliseconds(100, 24 * 3_600_000),
    default: 10 * 60_000,
    doc:
      "How often a node deletes expired attachments (past the app's `attachmentTtlSeconds`: bytes, thumbnail and " +
      'record) and partial files nobody can finish (`.tmp` and chunk parts untouched for 2 h). With PostgreSQL each ' +
      'node sweeps the files its own data directory holds.',
  }),
  attachmentSweepBatch: setting({
    env: 'CONFAB_ATTACHMENT_SWEEP_BATCH',
    section: 'files',
    type: integer(1, 100_000),
    default: 200,
    doc: 'Expired files a sweep takes per query; it yields to other work between batches.',
  }),
  thumbnailMaxSourceBytes: setting({
    env: 'CONFAB_THUMBNAIL_MAX_SOURCE_BYTES',
    section: 'files',
    type: bytes(KiB, GiB),
    default: 32 * MiB,
    doc: 'Images larger than this get no thumbnail (the original is served).',
  }),
  thumbnailQueue: setting({
    env: 'CONFAB_THUMBNAIL_QUEUE',
    section: 'files',
    type: integer(0, 10_000),
    default: 16,
    doc: 'Thumbnail jobs waiting for the one worker thread; past it the original is served and the thumbnail is tried again on the next request.',
  }),
  thumbnailTimeoutMs: setting({
    env: 'CONFAB_THUMBNAIL_TIMEOUT_MS',
    section: 'files',
    type: milliseconds(100, 600_000),
    default: 30_000,
    doc: 'A thumbnail job running longer is stopped (its worker is replaced) and the original is served from then on.',
  }),
  thumbnailDecodeBudgetBytes: setting({
    env: 'CONFAB_THUMBNAIL_DECODE_BUDGET_BYTES',
    section: 'files',
    type: bytes(MiB, 4 * GiB),
    default: 64 * MiB,
    doc:
      'Width × height × 4 of an image the thumbnail worker decodes, read from its header; bigger images get no ' +
      'thumbnail. This bounds a decompression bomb (decoded pixels live outside the JS heap).',
  }),
  thumbnailWorkerHeapMb: setting({
    env: 'CONFAB_THUMBNAIL_WORKER_HEAP_MB',
    section: 'files',
    type: integer(16, 4096),
    default: 64,
    doc: "The thumbnail worker's V8 heap, MB: past it the worker dies alone, its job gets the original and a new worker takes the next.",
  }),
  loginMaxFailuresPerUser: setting({
    env: 'CONFAB_LOGIN_MAX_FAILURES_PER_USER',
    section: 'auth',
    type: integer(1, 1_000_000),
    default: 5,
    doc: 'Failed password logins per user within the window before it is locked (HTTP 429, SDK 500).',
  }),
  loginMaxFailuresPerAddress: setting({
    env: 'CONFAB_LOGIN_MAX_FAILURES_PER_ADDRESS',
    section: 'auth',
    type: integer(1, 1_000_000),
    default: 20,
    doc: 'Failed password logins per source address within the window (unknown usernames count) before it is locked.',
  }),
  loginFailureWindowMs: setting({
    env: 'CONFAB_LOGIN_FAILURE_WINDOW_MS',
    section: 'auth',
    type: milliseconds(1000, 24 * 3_600_000),
    default: 15 * 60_000,
    doc: 'The sliding window in which failed logins are counted.',
  }),
  loginLockoutBaseMs: setting({
    env: 'CONFAB_LOGIN_LOCKOUT_BASE_MS',
    section: 'auth',
    type: milliseconds(1, 3_600_000),
    default: 1000,
    doc: 'The first lockout; it doubles with every further lock of the same key, up to the maximum.',
  }),
  loginLockoutMaxMs: setting({
    env: 'CONFAB_LOGIN_LOCKOUT_MAX_MS',
    section: 'auth',
    type: milliseconds(1, 24 * 3_600_000),
    default: 15 * 60_000,
    doc: 'The longest lockout.',
  }),
  registerMaxPerAddress: setting({
    env: 'CONFAB_REGISTER_MAX_PER_ADDRESS',
    section: 'auth',
    type: integer(1, 1_000_000_000),
    default: 30,
    doc: 'Open registrations (no admin token) per source address within the registration window.',
  }),
  registerWindowMs: setting({
    env: 'CONFAB_REGISTER_WINDOW_MS',
    section: 'auth',
    type: milliseconds(1000, 24 * 3_600_000),
    default: 10 * 60_000,
    doc: 'The window in which open registrations are counted per address.',
  }),
  loginThrottleMaxKeys: setting({
    env: 'CONFAB_LOGIN_THROTTLE_MAX_KEYS',
    section: 'auth',
    type: integer(100, 100_000_000),
    default: 100_000,
    doc: 'Users, addresses and registration keys each throttle table remembers (per node, in memory); the least recently seen go first.',
  }),
  passwordHashThreads: setting({
    env: 'CONFAB_PASSWORD_HASH_THREADS',
    section: 'auth',
    type: integer(0, 64),
    default: 0,
    doc:
      "Worker threads that hash passwords (scrypt), apart from libuv's pool that message acknowledgements " +
      'wait on; 0 = cores − 1, between 1 and 4.',
  }),
  passwordHashQueue: setting({
    env: 'CONFAB_PASSWORD_HASH_QUEUE',
    section: 'auth',
    type: integer(1, 100_000),
    default: 64,
    doc: 'Hashing jobs that may wait for a thread; past it a login or registration is refused at once (HTTP 429).',
  }),
  groupNameMaxChars: setting({
    env: 'CONFAB_GROUP_NAME_MAX_CHARS',
    section: 'groups',
    type: integer(1, 65_536),
    default: 128,
    doc: 'Longest group name (Agora: 128). Longer: HTTP 400 (SDK -3).',
  }),
  groupDescriptionMaxChars: setting({
    env: 'CONFAB_GROUP_DESCRIPTION_MAX_CHARS',
    section: 'groups',
    type: integer(1, 65_536),
    default: 512,
    doc: 'Longest group description (Agora: 512). Longer: HTTP 400 (SDK -3).',
  }),
  groupCustomMaxChars: setting({
    env: 'CONFAB_GROUP_CUSTOM_MAX_CHARS',
    section: 'groups',
    type: integer(1, 65_536),
    default: 1024,
    doc: "Longest group extension (`custom` / `ext`; Agora's limits page: 1,024). Longer: HTTP 400 (SDK -3).",
  }),
  groupAvatarMaxChars: setting({
    env: 'CONFAB_GROUP_AVATAR_MAX_CHARS',
    section: 'groups',
    type: integer(1, 65_536),
    default: 1024,
    doc: 'Longest group avatar URL (Agora: 1,024). Longer: HTTP 400 (SDK -3).',
  }),
  groupReasonMaxChars: setting({
    env: 'CONFAB_GROUP_REASON_MAX_CHARS',
    section: 'groups',
    type: integer(1, 65_536),
    default: 512,
    doc:
      'Longest join-request message, invitation or decline reason (Agora documents none; this bounds what is stored and relayed). ' +
      'Longer: HTTP 400 (SDK -3).',
  }),
  groupDefaultMaxUsers: setting({
    env: 'CONFAB_GROUP_DEFAULT_MAX_USERS',
    section: 'groups',
    type: integer(2, 1_000_000),
    default: 200,
    doc: "A new group's `maxusers` when none is given (Agora: 200); the owner counts. At most CONFAB_GROUP_MAX_USERS.",
  }),
  groupMaxUsers: setting({
    env: 'CONFAB_GROUP_MAX_USERS',
    section: 'groups',
    type: integer(2, 1_000_000),
    default: 5000,
    doc:
      "Largest `maxusers` a group may have (Agora's Enterprise plan default: 5,000; offline push stops above 3,000 there). " +
      'Larger, or more initial members than `maxusers`: HTTP 403 (SDK 607).',
  }),
  groupsPerUser: setting({
    env: 'CONFAB_GROUPS_PER_USER',
    section: 'groups',
    type: integer(1, 10_000_000),
    default: 10_000,
    doc: "Groups one user may be a member of (Agora's Enterprise default: 10,000). Past it creating or joining: HTTP 403 (SDK 50).",
  }),
  groupsPerApp: setting({
    env: 'CONFAB_GROUPS_PER_APP',
    section: 'groups',
    type: integer(1, 1_000_000_000),
    default: 100_000,
    doc: "Groups one app may have (Agora's Enterprise default: 100,000). Past it creating one: HTTP 403 (SDK 50).",
  }),
  groupBulkMax: setting({
    env: 'CONFAB_GROUP_BULK_MAX',
    section: 'groups',
    type: integer(1, 10_000),
    default: 60,
    doc: 'Users one call may invite, add, remove, mute, unmute, block, unblock, allow-list or take off the allow list (Agora: 60). More: HTTP 403 (SDK 50).',
  }),
  groupDetailsMax: setting({
    env: 'CONFAB_GROUP_DETAILS_MAX',
    section: 'groups',
    type: integer(1, 10_000),
    default: 100,
    doc: 'Groups one details call may name (Agora: 100). More: HTTP 403 (SDK 50).',
  }),
  groupAdminsMax: setting({
    env: 'CONFAB_GROUP_ADMINS_MAX',
    section: 'groups',
    type: integer(1, 10_000),
    default: 99,
    doc: 'Admins of one group, the owner not counted (Agora: 99). One more: HTTP 403 (SDK 50).',
  }),
  groupAnnouncementMaxChars: setting({
    env: 'CONFAB_GROUP_ANNOUNCEMENT_MAX_CHARS',
    section: 'groups',
    type: integer(1, 100_000),
    default: 512,
    doc: 'Longest group announcement, characters (Agora: 512). Longer: refused (SDK 50).',
  }),
  groupSharedFileMaxBytes: setting({
    env: 'CONFAB_GROUP_SHARED_FILE_MAX_BYTES',
    section: 'groups',
    type: bytes(KiB, GiB),
    default: 10 * MiB,
    doc: 'Largest file shared in a group (Agora: 10 MB); checked while streaming. Larger: upload refused (SDK 101).',
  }),
  groupMemberAttributeKeyMaxBytes: setting({
    env: 'CONFAB_GROUP_MEMBER_ATTRIBUTE_KEY_MAX_BYTES',
    section: 'groups',
    type: integer(1, 1024),
    default: 16,
    doc: "Longest key of a group member's custom attribute, UTF-8 bytes (Agora: 16). Longer: refused (SDK 52, as Agora's 60010).",
  }),
  groupMemberAttributeValueMaxBytes: setting({
    env: 'CONFAB_GROUP_MEMBER_ATTRIBUTE_VALUE_MAX_BYTES',
    section: 'groups',
    type: integer(1, 65_536),
    default: 512,
    doc: "Longest value of a group member's custom attribute, UTF-8 bytes (Agora: 512). Longer: refused (SDK 50).",
  }),
  groupMemberAttributesMaxBytes: setting({
    env: 'CONFAB_GROUP_MEMBER_ATTRIBUTES_MAX_BYTES',
    section: 'groups',
    type: bytes(16, MiB),
    default: 4 * KiB,
    doc: 'All custom attributes of one group member together, keys and values in UTF-8 bytes (Agora: 4 KB). More: the set is refused whole (SDK 50).',
  }),
  groupMemberAttributesFetchMax: setting({
    env: 'CONFAB_GROUP_MEMBER_ATTRIBUTES_FETCH_MAX',
    section: 'groups',
    type: integer(1, 1000),
    default: 10,
    doc: 'Members whose custom attributes one call fetches (Agora: 10). More: refused (SDK 50).',
  }),
  contactsMax: setting({
    env: 'CONFAB_CONTACTS_MAX',
    section: 'contacts',
    type: integer(1, 1_000_000),
    default: 10_000,
    doc: "Contacts of one user (Agora's Enterprise default: 10,000). A request or acceptance past it: HTTP 403 (SDK 50).",
  }),
  blocklistMax: setting({
    env: 'CONFAB_BLOCKLIST_MAX',
    section: 'contacts',
    type: integer(1, 1_000_000),
    default: 500,
    doc: "Users on one user's blocklist (Agora: 500). An add past it: HTTP 403 (SDK 50).",
  }),
  blocklistAddMax: setting({
    env: 'CONFAB_BLOCKLIST_ADD_MAX',
    section: 'contacts',
    type: integer(1, 10_000),
    default: 50,
    doc: 'Users one blocklist add names (Agora: 50). More: HTTP 403 (SDK 50).',
  }),
  contactRemarkMaxChars: setting({
    env: 'CONFAB_CONTACT_REMARK_MAX_CHARS',
    section: 'contacts',
    type: integer(1, 10_000),
    default: 100,
    doc: 'Characters of a contact remark (Agora: 100). Longer: HTTP 403 (SDK 50).',
  }),
  contactReasonMaxChars: setting({
    env: 'CONFAB_CONTACT_REASON_MAX_CHARS',
    section: 'contacts',
    type: integer(1, 100_000),
    default: 512,
    doc: 'Characters of the text of a friend request (Agora documents none). Longer: HTTP 400 (SDK -3).',
  }),
  roomOfflineLeaveMs: setting({
    env: 'CONFAB_ROOM_OFFLINE_LEAVE_MS',
    section: 'websocket',
    type: milliseconds(1_000, 86_400_000),
    default: 120_000,
    doc: 'A chat-room member with no device online this long leaves the room (Agora: 2 minutes; the owner and allow-listed members stay). A device that reconnects to the same node sooner is present again.',
  }),
  roomNameMaxChars: setting({
    env: 'CONFAB_ROOM_NAME_MAX_CHARS',
    section: 'rooms',
    type: integer(1, 65_536),
    default: 128,
    doc: 'Longest chat room name (Agora: 128). Longer: HTTP 400 (SDK -3).',
  }),
  roomDescriptionMaxChars: setting({
    env: 'CONFAB_ROOM_DESCRIPTION_MAX_CHARS',
    section: 'rooms',
    type: integer(1, 65_536),
    default: 512,
    doc: 'Longest chat room description (Agora: 512). Longer: HTTP 400 (SDK -3).',
  }),
  roomDefaultMaxUsers: setting({
    env: 'CONFAB_ROOM_DEFAULT_MAX_USERS',
    section: 'rooms',
    type: integer(2, 1_000_000),
    default: 1000,
    doc: "A new chat room's `maxusers` when none is given (Agora's REST default: 1,000); the owner counts. At most CONFAB_ROOM_MAX_USERS.",
  }),
  roomMaxUsers: setting({
    env: 'CONFAB_ROOM_MAX_USERS',
    section: 'rooms',
    type: integer(2, 1_000_000),
    default: 10_000,
    doc: 'Largest `maxusers` a chat room may have (Agora: 10,000 members present at once per room). Larger, or more initial members than `maxusers`: HTTP 403 (SDK 607).',
  }),
  roomsPerUser: setting({
    env: 'CONFAB_ROOMS_PER_USER',
    section: 'rooms',
    type: integer(1, 10_000_000),
    default: 10_000,
    doc: "Chat rooms one user may be a member of (Agora's Enterprise default: 10,000). Past it being added: HTTP 403 (SDK 50).",
  }),
  roomsPerApp: setting({
    env: 'CONFAB_ROOMS_PER_APP',
    section: 'rooms',
    type: integer(1, 1_000_000_000),
    default: 100_000,
    doc: "Chat rooms one app may have (Agora's Enterprise default: 100,000). Past it creating one: HTTP 403 (SDK 50).",
  }),
  roomBulkMax: setting({
    env: 'CONFAB_ROOM_BULK_MAX',
    section: 'rooms',
    type: integer(1, 10_000),
    default: 60,
    doc: 'Users one call may add, remove, mute, unmute, block, unblock, allow-list or take off the allow list in a chat room (Agora: 60 to add; 100 to remove). More: HTTP 403 (SDK 50).',
  }),
  roomDetailsMax: setting({
    env: 'CONFAB_ROOM_DETAILS_MAX',
    section: 'rooms',
    type: integer(1, 10_000),
    default: 100,
    doc: 'Chat rooms one details call may name (Agora: 100). More: HTTP 403 (SDK 50).',
  }),
  roomAdminsMax: setting({
    env: 'CONFAB_ROOM_ADMINS_MAX',
    section: 'rooms',
    type: integer(1, 10_000),
    default: 99,
    doc: 'Admins of one chat room, the owner not counted (Agora: 99). One more: HTTP 403 (SDK 50).',
  }),
  roomAnnouncementMaxChars: setting({
    env: 'CONFAB_ROOM_ANNOUNCEMENT_MAX_CHARS',
    section: 'rooms',
    type: integer(1, 100_000),
    default: 512,
    doc: 'Longest chat room announcement, characters (Agora: 512). Longer: refused (SDK 50).',
  }),
  roomSharedFileMaxBytes: setting({
    env: 'CONFAB_ROOM_SHARED_FILE_MAX_BYTES',
    section: 'rooms',
    type: bytes(KiB, GiB),
    default: 10 * MiB,
    doc: 'Largest file shared in a chat room (Agora: 10 MB); checked while streaming. Larger: upload refused (SDK 101).',
  }),
  roomSuperAdminsMax: setting({
    env: 'CONFAB_ROOM_SUPER_ADMINS_MAX',
    section: 'rooms',
    type: integer(1, 100_000),
    default: 100,
    doc: 'Chat room super admins of one app, the users who may create chat rooms with their own token (Agora documents no number). One more: HTTP 403 (SDK 50).',
  }),
  reactionMaxPerMessage: setting({
    env: 'CONFAB_REACTION_MAX_PER_MESSAGE',
    section: 'reactions',
    type: integer(1, 1000),
    default: 20,
    doc: 'Distinct reactions on one message (Agora: 20). A new one past it: HTTP 400 "The quantity has exceeded the limit!" (SDK 50); more users of an existing one are fine.',
  }),
  reactionMaxChars: setting({
    env: 'CONFAB_REACTION_MAX_CHARS',
    section: 'reactions',
    type: integer(1, 10_000),
    default: 128,
    doc: 'Characters of a reaction id (Agora: 128). Longer: HTTP 400 (SDK -3).',
  }),
  reactionListMaxMessages: setting({
    env: 'CONFAB_REACTION_LIST_MAX_MESSAGES',
    section: 'reactions',
    type: integer(1, 1000),
    default: 20,
    doc: 'Messages one reaction list call names (Agora: 20). More: HTTP 400 (SDK -3).',
  }),
  reactionDetailMaxPage: setting({
    env: 'CONFAB_REACTION_DETAIL_MAX_PAGE',
    section: 'reactions',
    type: integer(1, 1000),
    default: 50,
    doc: 'Users one page of a reaction detail holds (Agora: 50). A larger page size is cut to it.',
  }),
  roomPresenceEventsMaxMembers: setting({
    env: 'CONFAB_ROOM_PRESENCE_EVENTS_MAX_MEMBERS',
    section: 'rooms',
    type: integer(1, 1_000_000),
    default: 1_000_000,
    doc: "Members a chat room may have for a join or leave to be announced (memberPresence / memberAbsence) to every present member; in a larger room only the owner's and admins' online devices are told (like ejabberd's `presence_broadcast: [moderator]`), so that a join costs O(admins), not O(members). Default: every room (Agora documents no limit).",
  }),
  translateMaxChars: setting({
    env: 'CONFAB_TRANSLATE_MAX_CHARS',
    section: 'translation',
    type: integer(1, 1_000_000),
    default: 5000,
    doc: 'Characters one translation call may carry (Agora documents none). Longer: HTTP 400 "The input text is too long." (SDK 1201).',
  }),
  translateTimeoutMs: setting({
    env: 'CONFAB_TRANSLATE_TIMEOUT_MS',
    section: 'translation',
    type: milliseconds(100, 120_000),
    default: 10_000,
    doc: 'How long one request to the translation provider may take. Slower: HTTP 500 "translte failed!" (SDK 1204).',
  }),
  pushTimeoutMs: setting({
    env: 'CONFAB_PUSH_TIMEOUT_MS',
    section: 'push',
    type: milliseconds(100, 120_000),
    default: 10_000,
    doc: 'How long one request to a push service (Web Push, FCM, APNs) may take before it counts as a failed attempt.',
  }),
  pushMaxAttempts: setting({
    env: 'CONFAB_PUSH_MAX_ATTEMPTS',
    section: 'push',
    type: integer(1, 100),
    default: 8,
    doc: 'Attempts at one notification before it is dropped (logged). A dead token (HTTP 404/410, UNREGISTERED, BadDeviceToken) is dropped at once and unbound.',
  }),
  pushRetryBaseMs: setting({
    env: 'CONFAB_PUSH_RETRY_BASE_MS',
    section: 'push',
    type: milliseconds(10, 3_600_000),
    default: 5_000,
    doc: 'Delay before the first retry of a failed notification; doubled at each further attempt (at most an hour).',
  }),
  pushPollIntervalMs: setting({
    env: 'CONFAB_PUSH_POLL_INTERVAL_MS',
    section: 'push',
    type: milliseconds(10, 600_000),
    default: 2_000,
    doc: "How often each node's push worker looks for due notifications in the queue (new ones are sent at once by the node that queued them).",
  }),
  pushBatch: setting({
    env: 'CONFAB_PUSH_BATCH',
    section: 'push',
    type: integer(1, 10_000),
    default: 100,
    doc: 'Notifications one worker pass claims and sends concurrently.',
  }),
  pushTtlSeconds: setting({
    env: 'CONFAB_PUSH_TTL_SECONDS',
    section: 'push',
    type: integer(0, 2_419_200),
    default: 86_400,
    doc: 'How long a Web Push service keeps a notification for a browser that is offline (the TTL header).',
  }),
  callbackPollMs: setting({
    env: 'CONFAB_CALLBACK_POLL_MS',
    section: 'appServer',
    type: milliseconds(10, 600_000),
    default: 1000,
    doc: 'How often a node looks for callbacks due for (re)delivery when no new one woke it (docs/callbacks.md).',
  }),
  callbackBatch: setting({
    env: 'CONFAB_CALLBACK_BATCH',
    section: 'appServer',
    type: integer(1, 10_000),
    default: 64,
    doc: 'Callbacks sent at once (each the oldest of its conversation or user); what a node holds in memory of the outbox.',
  }),
  callbackTimeoutMs: setting({
    env: 'CONFAB_CALLBACK_TIMEOUT_MS',
    section: 'appServer',
    type: milliseconds(100, 120_000),
    default: 5000,
    doc: 'How long one post-send callback may take; slower counts as a failure and is retried.',
  }),
  callbackRetryBaseMs: setting({
    env: 'CONFAB_CALLBACK_RETRY_BASE_MS',
    section: 'appServer',
    type: milliseconds(10, 3_600_000),
    default: 1000,
    doc: 'First retry delay of a failed callback; it doubles per attempt (plus up to 25% jitter).',
  }),
  callbackRetryMaxMs: setting({
    env: 'CONFAB_CALLBACK_RETRY_MAX_MS',
    section: 'appServer',
    type: milliseconds(10, 24 * 3_600_000),
    default: 5 * 60_000,
    doc: 'Longest retry delay of a failed callback.',
  }),
  callbackOutboxMaxRows: setting({
    env: 'CONFAB_CALLBACK_OUTBOX_MAX_ROWS',
    section: 'appServer',
    type: integer(1, 100_000_000),
    default: 1_000_000,
    doc: 'Most undelivered callbacks kept (all apps); past it the oldest are dropped with a warning in the log.',
  }),
  callbackOutboxMaxAgeMs: setting({
    env: 'CONFAB_CALLBACK_OUTBOX_MAX_AGE_MS',
    section: 'appServer',
    type: milliseconds(1000, 365 * 24 * 3_600_000),
    default: 3 * 24 * 3_600_000,
    doc: 'Undelivered callbacks older than this are dropped with a warning (a receiver down for longer misses them).',
  }),
  retentionSweepIntervalMs: setting({
    env: 'CONFAB_RETENTION_SWEEP_INTERVAL_MS',
    section: 'appServer',
    type: milliseconds(100, 24 * 3_600_000),
    default: 60 * 60_000,
    doc: "How often messages older than an app's `storageDays` are deleted (in batches, between other work).",
  }),
  retentionSweepBatch: setting({
    env: 'CONFAB_RETENTION_SWEEP_BATCH',
    section: 'appServer',
    type: integer(1, 100_000),
    default: 500,
    doc: 'Messages one retention delete takes; the sweep yields to other work between batches.',
  }),
};

/** Rules that involve more than one setting, checked once every value parsed: the problem, or undefined. */
export const CROSS_CHECKS: readonly ((c: ServerConfig) => string | undefined)[] = [
  (c) =>
    c.workers > 1 && c.databaseUrl === undefined
      ? `${SETTINGS.workers.env}=${c.workers} needs ${SETTINGS.databaseUrl.env} (PostgreSQL): each worker is a full ` +
        'node, and the embedded SQLite store locks its data directory to one process (leave ' +
        `${SETTINGS.workers.env} at 1 with SQLite)`
      : undefined,
  (c) =>
    c.workers > 1 && c.redisUrl === undefined
      ? `${SETTINGS.workers.env}=${c.workers} needs ${SETTINGS.redisUrl.env}: workers reach each other's ` +
        'connections through Redis'
      : undefined,
  (c) =>
    c.nodeId + c.workers - 1 > MAX_NODE_ID
      ? `${SETTINGS.nodeId.env} (${c.nodeId}) + ${SETTINGS.workers.env} (${c.workers}) - 1 must be at most ` +
        `${MAX_NODE_ID}: worker i runs as node ${SETTINGS.nodeId.env} + i`
      : undefined,
  (c) =>
    c.translateProvider === 'libretranslate' && c.translateUrl === undefined
      ? `${SETTINGS.translateProvider.env}=libretranslate needs ${SETTINGS.translateUrl.env}`
      : undefined,
  (c) =>
    c.translateProvider === 'deepl' && c.translateKey === undefined
      ? `${SETTINGS.translateProvider.env}=deepl needs ${SETTINGS.translateKey.env}`
      : undefined,
  ({ limits: l }) =>
    l.maxBufferedBytes < l.slowConsumerBytes
      ? `${LIMITS.maxBufferedBytes.env} (${l.maxBufferedBytes}) must be at least ${LIMITS.slowConsumerBytes.env} (${l.slowConsumerBytes})`
      : undefined,
  ({ limits: l }) =>
    l.groupDefaultMaxUsers > l.groupMaxUsers
      ? `${LIMITS.groupDefaultMaxUsers.env} (${l.groupDefaultMaxUsers}) must be at most ${LIMITS.groupMaxUsers.env} (${l.groupMaxUsers})`
      : undefined,
  ({ limits: l }) =>
    l.roomDefaultMaxUsers > l.roomMaxUsers
      ? `${LIMITS.roomDefaultMaxUsers.env} (${l.roomDefaultMaxUsers}) must be at most ${LIMITS.roomMaxUsers.env} (${l.roomMaxUsers})`
      : undefined,
  ({ limits: l }) =>
    l.httpRequestTimeoutMs < l.httpHeadersTimeoutMs
      ? `${LIMITS.httpRequestTimeoutMs.env} (${l.httpRequestTimeoutMs}) must be at least ${LIMITS.httpHeadersTimeoutMs.env} (${l.httpHeadersTimeoutMs})`
      : undefined,
];

type Values<S> = { -readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never };
export type Limits = Values<typeof LIMITS>;
export type ServerConfig = Values<typeof SETTINGS> & {
  /** Runtime limits (`ServerContext.limits`). */
  limits: Limits;
  /** The app created on first start with an empty store; null to create none. Not an environment setting. */
  demoApp: { org: string; name: string } | null;
};

const defaults = <S extends Record<string, Setting<unknown>>>(table: S) =>
  Object.fromEntries(Object.entries(table).map(([k, s]) => [k, s.default])) as Values<S>;

/**
 * The defaults (paths as written: loadConfig resolves them against the working directory). Frozen, nested
 * objects included: tests spread it into their own configs, and none may change another's defaults.
 */
export const DEFAULT_CONFIG: ServerConfig = Object.freeze({
  ...defaults(SETTINGS),
  limits: Object.freeze(defaults(LIMITS)),
  demoApp: Object.freeze({ org: 'confab', name: 'demo' }),
});

/** Every environment variable by the setting it sets (limits by their key inside `limits`). */
export const CONFIG_ENV = Object.fromEntries(
  [...Object.entries(SETTINGS), ...Object.entries(LIMITS)].map(([k, s]) => [k, s.env]),
) as Record<keyof typeof SETTINGS | keyof Limits, string>;

/** One row per setting, in table order: what loadConfig, the docs and `--check` walk. */
export interface ConfigRow {
  readonly key: string;
  /** Where the value sits in ServerConfig. */
  readonly group: 'settings' | 'limits';
  readonly setting: Setting<unknown>;
}

export const CONFIG_ROWS: readonly ConfigRow[] = [
  ...Object.entries(SETTINGS).map(([key, setting]) => ({ key, group: 'settings' as const, setting })),
  ...Object.entries(LIMITS).map(([key, setting]) => ({ key, group: 'limits' as const, setting })),
];
