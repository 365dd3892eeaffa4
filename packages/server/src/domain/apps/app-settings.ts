// Per-app settings: defaults, reading (apps created before a setting existed get its default) and
// validation of what an operator sends when creating an app.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type {
  AppRecord,
  AppService,
  AppSettings,
  CallbackEvent,
  CallbackSettings,
  WordFilterSettings,
} from '../ports/storage.js';

export const APP_SERVICES: readonly AppService[] = [
  'groups',
  'chatrooms',
  'files',
  'history',
  'recall',
  'presence',
  'reactions',
  'threads',
  'translation',
];

/** Every setting with its value; what `appSettings()` returns. */
export type ResolvedAppSettings = Required<AppSettings>;

export const DEFAULT_APP_SETTINGS: ResolvedAppSettings = {
  openRegistration: true,
  tokenTtlSeconds: 24 * 60 * 60, // Agora's documented maximum token validity
  maxMessageBytes: 5 * 1024,
  multiDevice: true,
  // Agora's default: one user on up to 4 devices at once (a 5th login displaces the oldest).
  deviceLimit: 4,
  recallWindowSeconds: 120,
  // Agora: a message can be edited up to 7 days after it was sent, at most 10 times; 0 edits = edit off.
  editWindowSeconds: 7 * 24 * 60 * 60,
  maxEditCount: 10,
  maxAttachmentBytes: 10 * 1024 * 1024,
  attachmentTtlSeconds: 7 * 24 * 60 * 60, // Agora keeps attachments 7 days by default
  services: [...APP_SERVICES],
  contactsOnly: false,
  agoraAppId: '',
  agoraAppCertificate: '',
  wordFilter: { words: [], action: 'block' },
  callbacks: {
    url: '',
    secret: '',
    events: [],
    preSend: false,
    preSendUrl: '',
    preSendTimeoutMs: 1000,
    failOpen: true,
  },
  storageDays: 0,
};

export const CALLBACK_EVENTS: readonly CallbackEvent[] = [
  'message',
  'login',
  'logout',
  'group',
  'room',
  'contact',
];
const MAX_FILTER_WORDS = 10_000;

/** The app's settings with defaults for whatever it was created without. */
/**
 * Resolved once per settings object (an app's settings are replaced, never changed in place): the hot path
 * asks several times per message. Frozen, so a caller cannot change the shared copy by mistake.
 */
const resolved = new WeakMap<AppSettings, ResolvedAppSettings>();

export function appSettings(app: Pick<AppRecord, 'settings'>): ResolvedAppSettings {
  const own = app.settings;
  if (typeof own !== 'object' || own === null) return DEFAULT_APP_SETTINGS;
  let r = resolved.get(own);
  if (!r) {
    r = Object.freeze({ ...DEFAULT_APP_SETTINGS, ...own });
    resolved.set(own, r);
  }
  return r;
}

export const serviceEnabled = (app: Pick<AppRecord, 'settings'>, service: AppService): boolean =>
  appSettings(app).services.includes(service);

const bad = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);

function int(input: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw bad(`settings.${key} must be an integer in ${min}..${max}`);
  return v;
}

function bool(input: Record<string, unknown>, key: string): boolean | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw bad(`settings.${key} must be true or false`);
  return v;
}

/** An Agora App ID or certificate: 32 hex digits, or '' to remove it. */
function hex32(input: Record<string, unknown>, key: string): string | undefined {
  const v = input[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || (v !== '' && !/^[0-9a-fA-F]{32}$/.test(v)))
    throw bad(`settings.${key} must be 32 hexadecimal digits (or "" to remove it)`);
  return v;
}

/** The app's Agora App ID and certificate when both are set (AccessToken2 tokens are then accepted). */
export function agoraCredentials(
  app: Pick<AppRecord, 'settings'>,
): { appId: string; certificate: string } | undefined {
  const { agoraAppId, agoraAppCertificate } = appSettings(app);
  return agoraAppId && agoraAppCertificate
    ? { appId: agoraAppId, certificate: agoraAppCertificate }
    : undefined;
}

/** Checks an operator-supplied settings object; unknown keys are refused. */
export function parseAppSettings(input: unknown): Partial<AppSettings> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw bad('settings must be an object');
  const o = input as Record<string, unknown>;
  const known = new Set(Object.keys(DEFAULT_APP_SETTINGS));
  for (const k of Object.keys(o)) if (!known.has(k)) throw bad(`unknown setting ${k}`);
  const out: Partial<AppSettings> = {};
  const set = <K extends keyof AppSettings>(k: K, v: AppSettings[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('openRegistration', bool(o, 'openRegistration'));
  set('multiDevice', bool(o, 'multiDevice'));
  set('contactsOnly', bool(o, 'contactsOnly'));
  set('tokenTtlSeconds', int(o, 'tokenTtlSeconds', 1, 10 * 365 * 86400));
  set('maxMessageBytes', int(o, 'maxMessageBytes', 1, 1024 * 1024));
  set('deviceLimit', int(o, 'deviceLimit', 1, 100));
  set('recallWindowSeconds', int(o, 'recallWindowSeconds', 0, 7 * 86400));
  set('editWindowSeconds', int(o, 'editWindowSeconds', 0, 365 * 86400));
  set('maxEditCount', int(o, 'maxEditCount', 0, 1000));
  set('maxAttachmentBytes', int(o, 'maxAttachmentBytes', 1, 1024 * 1024 * 1024));
  set('attachmentTtlSeconds', int(o, 'attachmentTtlSeconds', 1, 10 * 365 * 86400));
  set('agoraAppId', hex32(o, 'agoraAppId'));
  set('agoraAppCertificate', hex32(o, 'agoraAppCertificate'));
  set('storageDays', int(o, 'storageDays', 0, 100 * 365));
  if (o['wordFilter'] !== undefined) out.wordFilter = parseWordFilter(o['wordFilter']);
  if (o['callbacks'] !== undefined) out.callbacks = parseCallbacks(o['callbacks']);
  if (o['services'] !== undefined) {
    const s = o['services'];
    if (!Array.isArray(s) || !s.every((x) => APP_SERVICES.includes(x as AppService)))
      throw bad(`settings.services must list some of ${APP_SERVICES.join(', ')}`);
    out.services = [...new Set(s as AppService[])];
  }
  return out;
}

function parseWordFilter(v: unknown): WordFilterSettings {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw bad('settings.wordFilter must be an object');
  const { words, action = 'block', ...rest } = v as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw bad(`unknown wordFilter setting ${Object.keys(rest)[0]}`);
  if (
    !Array.isArray(words) ||
    words.length > MAX_FILTER_WORDS ||
    !words.every((w) => typeof w === 'string' && w.trim() !== '' && w.length <= 100)
  )
    throw bad(
      `settings.wordFilter.words must list up to ${MAX_FILTER_WORDS} non-empty words of up to 100 characters`,
    );
  if (action !== 'block' && action !== 'replace')
    throw bad('settings.wordFilter.action must be block or replace');
  return { words: [...new Set(words as string[])], action };
}

function parseCallbacks(v: unknown): CallbackSettings {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw bad('settings.callbacks must be an object');
  const o = v as Record<string, unknown>;
  const d = DEFAULT_APP_SETTINGS.callbacks;
  const known = new Set(Object.keys(d));
  for (const k of Object.keys(o)) if (!known.has(k)) throw bad(`unknown callbacks setting ${k}`);
  const url = o['url'] ?? d.url;
  if (typeof url !== 'string' || (url !== '' && !/^https?:\/\/\S+$/.test(url)))
    throw bad('settings.callbacks.url must be an http(s) URL');
  const preSendUrl = o['preSendUrl'] ?? d.preSendUrl;
  if (typeof preSendUrl !== 'string' || (preSendUrl !== '' && !/^https?:\/\/\S+$/.test(preSendUrl)))
    throw bad('settings.callbacks.preSendUrl must be an http(s) URL');
  const secret = o['secret'] ?? d.secret;
  if (typeof secret !== 'string' || secret.length > 256)
    throw bad('settings.callbacks.secret must be a string');
  const events = o['events'] ?? d.events;
  if (!Array.isArray(events) || !events.every((e) => CALLBACK_EVENTS.includes(e as CallbackEvent)))
    throw bad(`settings.callbacks.events must list some of ${CALLBACK_EVENTS.join(', ')}`);
  const preSend = bool(o, 'preSend') ?? d.preSend;
  const failOpen = bool(o, 'failOpen') ?? d.failOpen;
  const preSendTimeoutMs = int(o, 'preSendTimeoutMs', 10, 30_000) ?? d.preSendTimeoutMs;
  if (events.length > 0 && url === '') throw bad('settings.callbacks.url is required');
  if (preSend && url === '' && preSendUrl === '')
    throw bad('settings.callbacks.url or preSendUrl is required');
  return {
    url,
    secret,
    events: [...new Set(events as CallbackEvent[])],
    preSend,
    preSendUrl,
    preSendTimeoutMs,
    failOpen,
  };
}
