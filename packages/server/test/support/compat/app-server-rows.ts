// The app-server part of docs/compatibility.md: Agora's documented app-server REST API (REST spec §3), one
// row per function, with the routes that serve it and the test that exercises it against a real server.
// app-server-compat.test.ts checks every route is registered and every test file names the route.

export type AppServerStatus = 'works' | 'partly' | 'missing';

export interface AppServerRow {
  area: string;
  function: string;
  /** "METHOD /path" as Agora documents it, below `/{org}/{app}`. */
  routes: readonly string[];
  status: AppServerStatus;
  /** Where it differs from Agora ('' when it does not). */
  note: string;
  /** The test file (packages/server/test) that sends these requests. */
  test: string;
  /** For a row with no route (a token or an app setting): what the test file must mention. */
  mentions?: string;
}

export const APP_SERVER_ROWS: readonly AppServerRow[] = [
  {
    area: 'Tokens',
    function: 'App token minted with AccessToken2 (`ChatTokenBuilder.buildAppToken`)',
    routes: [],
    status: 'works',
    note: 'accepted as the app admin token once the app has `agoraAppId` and `agoraAppCertificate` (operator `PUT /management/apps/{org}/{name}`); expired → 401',
    test: 'agora-tokens.test.ts',
    mentions: 'ChatTokenBuilder',
  },
  {
    area: 'Tokens',
    function: 'User token minted with AccessToken2 (`ChatTokenBuilder.buildUserToken`)',
    routes: [],
    status: 'works',
    note: 'login with `open({user, accessToken})` (both SDKs) and REST as that user; the token names the user by id or UUID; expired → login 56, REST 401',
    test: 'agora-tokens.test.ts',
    mentions: 'ChatTokenBuilder',
  },
  {
    area: 'Messages and files',
    function: 'Send to users',
    routes: ['POST /messages/users'],
    status: 'works',
    note: 'every type (txt, img, audio, video, file, loc, cmd, custom), `from` (default admin), `ext`, `sync_device`, `routetype: ROUTE_ONLINE`, `roam_ignore_users`; without `sync_device` the sender’s devices are not woken but find the message at their next sync',
    test: 'rest-messages.test.ts',
  },
  {
    area: 'Messages and files',
    function: 'Send to groups',
    routes: ['POST /messages/chatgroups'],
    status: 'works',
    note: '`need_group_ack`, `roam_ignore_users`; the sender need not be a member; the sender’s own devices get it as every member’s do',
    test: 'rest-messages.test.ts',
  },
  {
    area: 'Messages and files',
    function: 'Send to chat rooms',
    routes: ['POST /messages/chatrooms'],
    status: 'works',
    note: '`chatroom_msg_level` high / normal / low; members present get it (rooms keep nothing)',
    test: 'rest-messages.test.ts',
  },
  {
    area: 'Messages and files',
    function: 'Broadcast to all chat rooms',
    routes: ['POST /messages/chatrooms/broadcast'],
    status: 'works',
    note: 'Agora’s 10/min and 100/day quotas are not enforced',
    test: 'rest-messages.test.ts',
  },
  {
    area: 'Messages and files',
    function: 'Recall',
    routes: ['POST /messages/msg_recall', 'POST /messages/recall'],
    status: 'works',
    note: '`force` lifts the recall window; chat-room messages are not stored, so they cannot be recalled ("not_found msg")',
    test: 'rest-messages.test.ts',
  },
  {
    area: 'Messages and files',
    function: 'Modify a text or custom message',
    routes: ['PUT /messages/rewrite/{msg_id}'],
    status: 'works',
    note: 'the app’s edit window and edit count apply; the operator shown is the message’s sender',
    test: 'rest-messages.test.ts',
  },
  {
    area: 'Messages and files',
    function: 'Import one-to-one / group messages',
    routes: ['POST /messages/users/import', 'POST /messages/chatgroups/import'],
    status: 'partly',
    note: 'stored in history with `msg_timestamp`, nobody is woken; a device that syncs its queue later still gets the message as an offline one',
    test: 'rest-messages.test.ts',
  },
  {
    area: 'Messages and files',
    function: 'Offline message count / status',
    routes: ['GET /users/{username}/offline_msg_count', 'GET /users/{username}/offline_msg_status/{msg_id}'],
    status: 'works',
    note: 'counts every entry of the user’s conversations that none of the user’s devices has taken yet',
    test: 'rest-messages.test.ts',
  },
  {
    area: 'Messages and files',
    function: 'History export (hourly file)',
    routes: ['GET /chatmessages/{time}'],
    status: 'partly',
    note: 'the listed url (`/chatmessages/{time}/file`, admin token) serves JSON lines of Agora’s message shape, not a gzip file; the last 3 days',
    test: 'rest-messages.test.ts',
  },
  {
    area: 'Messages and files',
    function: 'Delete a conversation one way',
    routes: ['DELETE /users/{username}/user_channel'],
    status: 'works',
    note: '',
    test: 'rest-messages.test.ts',
  },
  {
    area: 'Moderation',
    function: 'Global mute of a user (one-to-one, group, room)',
    routes: ['POST /mutes', 'GET /mutes/{username}', 'GET /mutes'],
    status: 'works',
    note: 'messages refused with 506 for the duration (0 lifts, -1 forever); also `confab mute`',
    test: 'app-server-moderation.test.ts',
  },
  {
    area: 'Moderation',
    function: 'Report review',
    routes: ['GET /moderation/reports', 'PUT /moderation/reports/{id}'],
    status: 'works',
    note: "Confab's own (Agora reviews reports in its Console); also `confab reports list|resolve`",
    test: 'app-server-moderation.test.ts',
  },
  {
    area: 'Moderation',
    function: 'Word list',
    routes: [],
    status: 'works',
    note: 'app setting `wordFilter`: text and custom fields, `block` → 508, `replace` → `***`',
    test: 'app-server-moderation.test.ts',
    mentions: 'wordFilter',
  },
  {
    area: 'Moderation',
    function: 'Service switches',
    routes: [],
    status: 'works',
    note: 'app setting `services`: a switched-off feature answers 505 (over msync and REST)',
    test: 'app-server-moderation.test.ts',
    mentions: 'services',
  },
  {
    area: 'Callbacks',
    function: 'Pre-send callback',
    routes: [],
    status: 'works',
    note: 'app setting `callbacks.preSend`: allow, reject (508), rewrite; timeout with fail-open or fail-closed (docs/callbacks.md)',
    test: 'callbacks.test.ts',
    mentions: 'preSend',
  },
  {
    area: 'Callbacks',
    function: 'Post-send callbacks',
    routes: [],
    status: 'works',
    note: 'app setting `callbacks.events`: messages (REST-sent ones too), logins, logouts, group, room and contact events; signed; durable outbox, retried, in order per conversation, kill -9 safe (`callbacks-crash.test.ts`)',
    test: 'callbacks.test.ts',
    mentions: 'events',
  },
  {
    area: 'Messages and files',
    function: 'Message retention (storage days)',
    routes: [],
    status: 'works',
    note: 'app setting `storageDays`: older messages deleted in the background, in batches',
    test: 'retention.test.ts',
    mentions: 'storageDays',
  },
];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderAppServerSection(rows: readonly AppServerRow[] = APP_SERVER_ROWS): string[] {
  const n = (s: AppServerStatus) => rows.filter((r) => r.status === s).length;
  const lines = [
    '## App-server REST API',
    '',
    'Agora’s documented app-server API (what a backend calls with the app token), function by function,',
    'each sent to a real server by the test named in the last column. The routes are checked to exist by',
    '`packages/server/test/app-server-compat.test.ts`.',
    '',
    `Works ${n('works')} · partly ${n('partly')} · missing ${n('missing')}`,
    '',
    '| Area | Function | Routes | Status | Notes | Test |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.area} | ${cell(r.function)} | ${r.routes.map((x) => `\`${x}\``).join('<br>') || '—'} | ${r.status} | ${cell(r.note)} | \`${r.test}\` |`,
    );
  lines.push('');
  return lines;
}
