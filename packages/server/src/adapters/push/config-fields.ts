// Reading a provider configuration (JSON stored per app) with errors that name the field.
export function str(config: Record<string, unknown>, key: string, fallback?: string): string {
  const v = config[key] ?? fallback;
  if (typeof v !== 'string' || v === '') throw new Error(`${key} must be a non-empty string`);
  return v;
}

export function optionalStr(config: Record<string, unknown>, key: string): string | undefined {
  const v = config[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new Error(`${key} must be a string`);
  return v;
}

/** An http(s) URL without a trailing slash. */
export function url(config: Record<string, unknown>, key: string, fallback: string): string {
  const v = str(config, key, fallback);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new Error(`${key} must be a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${key} must be an http(s) URL`);
  return v.replace(/\/+$/, '');
}

export const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');
