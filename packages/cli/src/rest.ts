// The REST calls the CLI makes against a running server: the operator API (apps) and Agora's
// app-server API (users, tokens, status), with an app admin token from client credentials.

export class CliError extends Error {}

/** The fields the CLI reads from the server's JSON answers. */
export interface Reply {
  access_token?: string;
  expires_in?: number;
  appKey?: string;
  clientId?: string;
  clientSecret?: string;
  apps?: { appKey: string; clientId: string }[];
  settings?: Record<string, unknown>;
  entities?: { username: string }[];
  cursor?: string;
  data?: Record<string, string>[];
  error?: string;
  error_description?: string;
}

/** One reported message as GET /{org}/{app}/moderation/reports lists it. */
export interface ReportRow {
  id: number;
  reporter: string;
  messageId: string;
  reportType: string;
  reason: string;
  createdAt: number;
  status: string;
  note?: string;
}

export interface ServerTarget {
  server: string;
}

export interface AppCredentials extends ServerTarget {
  org: string;
  app: string;
  clientId: string;
  clientSecret: string;
}

async function request(
  method: string,
  url: string,
  token: string | undefined,
  body?: unknown,
): Promise<Reply> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    throw new CliError(`cannot reach ${url}: ${(cause as Error).message}`);
  }
  const text = await res.text();
  let parsed: Reply | undefined;
  try {
    parsed = JSON.parse(text) as Reply;
  } catch {
    parsed = undefined;
  }
  if (res.status !== 200 || typeof parsed !== 'object' || parsed === null) {
    const why = parsed?.error_description ?? parsed?.error ?? text;
    throw new CliError(`${method} ${new URL(url).pathname} failed: HTTP ${res.status} ${why}`);
  }
  return parsed;
}

const base = (s: ServerTarget) => s.server.replace(/\/+$/, '');

export const listApps = (s: ServerTarget, operatorToken: string) =>
  request('GET', `${base(s)}/management/apps`, operatorToken);

export const createApp = (s: ServerTarget, operatorToken: string, body: Record<string, unknown>) =>
  request('POST', `${base(s)}/management/apps`, operatorToken, body);

export const getApp = (s: ServerTarget, operatorToken: string, org: string, name: string) =>
  request(
    'GET',
    `${base(s)}/management/apps/${encodeURIComponent(org)}/${encodeURIComponent(name)}`,
    operatorToken,
  );

/** Changes some settings of an app (the given keys replace the stored ones, the others stay). */
export const updateAppSettings = (
  s: ServerTarget,
  operatorToken: string,
  org: string,
  name: string,
  settings: Record<string, unknown>,
) =>
  request(
    'PATCH',
    `${base(s)}/management/apps/${encodeURIComponent(org)}/${encodeURIComponent(name)}`,
    operatorToken,
    { settings },
  );

/** An app client: the admin token is fetched once (client_credentials). */
export function appClient(c: AppCredentials) {
  const root = `${base(c)}/${c.org}/${c.app}`;
  let token: Promise<string> | undefined;
  const admin = () =>
    (token ??= request('POST', `${root}/token`, undefined, {
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
    }).then((r) => String(r.access_token)));
  const call = async (method: string, path: string, body?: unknown) =>
    request(method, `${root}${path}`, await admin(), body);
  return {
    createUser: (username: string, password: string, nickname?: string) =>
      call('POST', '/users', { username, password, ...(nickname ? { nickname } : {}) }),
    issueToken: (username: string, ttl?: number) =>
      call('POST', '/token', { grant_type: 'inherit', username, ...(ttl === undefined ? {} : { ttl }) }),
    listUsers: (limit: number, cursor?: string) =>
      call('GET', `/users?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`),
    status: (usernames: string[]) => call('POST', '/users/batch/status', { usernames }),
    listReports: async (status: string | undefined, limit: number) =>
      (await call('GET', `/moderation/reports?limit=${limit}${status ? `&status=${status}` : ''}`))
        .data as unknown as ReportRow[],
    resolveReport: (id: number, status: 'resolved' | 'dismissed', note: string) =>
      call('PUT', `/moderation/reports/${id}`, { status, note }),
    mute: (username: string, durations: { chat?: number; groupchat?: number; chatroom?: number }) =>
      call('POST', '/mutes', { username, ...durations }),
  };
}
