// Small REST helpers for tests.
export async function postJson(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any>, headers: res.headers };
}

export interface Env {
  apiUrl: string;
  org: string;
  app: string;
}

export async function register(env: Env, username: string, password = 'secret-pw') {
  const res = await postJson(`${env.apiUrl}/${env.org}/${env.app}/users`, {
    username,
    password,
    nickname: username,
  });
  if (res.status !== 200) throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function login(env: Env, username: string, password = 'secret-pw'): Promise<string> {
  const res = await postJson(`${env.apiUrl}/${env.org}/${env.app}/token`, {
    grant_type: 'password',
    username,
    password,
    timestamp: Date.now(),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body['access_token'] as string;
}
