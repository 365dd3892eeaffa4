// The app-server side of docs/compatibility.md (what an app server calls or receives, not the SDK's
// Connection): each row names the test that proves it, so the doc never claims an untested row.
export interface AppServerRow {
  feature: string;
  surface: string;
  status: 'works' | 'partial';
  note: string;
  test: string;
}

export const APP_SERVER_ROWS: readonly AppServerRow[] = [
  {
    feature: 'Global mute',
    surface: '`POST /{org}/{app}/mutes`, `GET /mutes/{username}`, `GET /mutes`',
    status: 'works',
    note: 'one-to-one, group and room messages refused with 506 for the duration (0 lifts, -1 forever)',
    test: 'app-server-moderation.test.ts',
  },
  {
    feature: 'Word list (moderation)',
    surface: 'app setting `wordFilter`',
    status: 'works',
    note: 'text and custom fields: `block` → 508, `replace` → `***`',
    test: 'app-server-moderation.test.ts',
  },
  {
    feature: 'Service switches',
    surface: 'app setting `services`',
    status: 'works',
    note: 'a switched-off feature answers 505 (over msync and REST)',
    test: 'app-server-moderation.test.ts',
  },
  {
    feature: 'Report review',
    surface: '`GET /{org}/{app}/moderation/reports`, `PUT …/reports/{id}`, `confab reports`',
    status: 'works',
    note: "Confab's own (Agora reviews reports in its Console)",
    test: 'app-server-moderation.test.ts',
  },
  {
    feature: 'Pre-send callback',
    surface: 'app setting `callbacks.preSend`',
    status: 'works',
    note: 'allow, reject (508), rewrite; timeout with fail-open or fail-closed',
    test: 'callbacks.test.ts',
  },
  {
    feature: 'Post-send callbacks',
    surface: 'app setting `callbacks.events`',
    status: 'works',
    note: 'messages, logins, logouts, group, room and contact events; signed; durable outbox, retried, in order per conversation, kill -9 safe',
    test: 'callbacks.test.ts, callbacks-crash.test.ts',
  },
  {
    feature: 'Message retention (storage days)',
    surface: 'app setting `storageDays`',
    status: 'works',
    note: 'older messages deleted in the background, in batches',
    test: 'retention.test.ts',
  },
];

export function renderAppServerRows(): string[] {
  return [
    '## App server: moderation, callbacks, retention',
    '',
    'What an app server calls or receives (not SDK methods); each row is proven by the named test in',
    '`packages/server/test`.',
    '',
    '| Feature | Surface | Status | Notes | Test |',
    '|---|---|---|---|---|',
    ...APP_SERVER_ROWS.map(
      (r) => `| ${r.feature} | ${r.surface} | ${r.status} | ${r.note} | \`${r.test}\` |`,
    ),
    '',
  ];
}
