// Offline push (issue 20): after a one-to-one or group message is acknowledged to its sender, each receiver
// with NO online device (cluster-wide session directory) and not silenced (silent mode, quiet hours, the AT
// rule for mentions) gets a notification queued for each of its bound devices whose notifier the app has a
// provider for. Queuing happens off the message path (the gateway calls `notify` after the ACK, without
// awaiting it); the worker (push-worker.ts) delivers. Message ext fields honoured (Agora's offline push
// extension): em_ignore_notification (no push), em_force_notification (push despite do-not-disturb),
// em_push_template {name, title_args, content_args}, em_at_list (mentions: usernames or "ALL").
import { restMessageJson } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { NewPushJob, PushNotification, PushProviderKind, PushTemplate } from '../ports/push-delivery.js';
import type { PushDevice } from '../ports/push-settings.js';
import type { SessionDirectory } from '../ports/session-directory.js';
import type { AppRecord, Storage } from '../ports/storage.js';
import { isUserSilencedNow } from './silence-lookup.js';

export const PROVIDER_KINDS: readonly PushProviderKind[] = ['webpush', 'fcm', 'apns'];

/** What a committed message asks of offline push (SendResult.push). */
export interface PushIntent {
  app: AppRecord;
  from: string;
  /** A 1:1 peer or a group. */
  to: { scope: 'user' | 'group'; id: string };
  /** The stored Meta. */
  meta: Uint8Array;
}

export interface OfflinePushDeps {
  storage: Storage;
  sessions: Pick<SessionDirectory, 'list'>;
  clock: Clock;
  logger: Logger;
  /** Called once jobs are queued (wakes the local worker). */
  onQueued?: () => void;
}

/** Groups larger than this get no offline push (Agora: "above 3,000 offline push is unavailable"). */
export const MAX_PUSH_GROUP = 3000;

const PLACEHOLDERS: Record<string, string> = {
  img: '[Image]',
  video: '[Video]',
  audio: '[Voice]',
  file: '[File]',
  loc: '[Location]',
  combine: '[Chat history]',
};

interface Parsed {
  text: string;
  ext: Record<string, unknown>;
  msgId: string;
}

function parse(meta: Uint8Array): Parsed {
  const json = restMessageJson(meta);
  const payload = JSON.parse(json.payload) as {
    ext?: Record<string, unknown>;
    bodies?: Record<string, unknown>[];
  };
  const b = payload.bodies?.[0] ?? {};
  const kind = typeof b['type'] === 'string' ? b['type'] : 'txt';
  const msg = typeof b['msg'] === 'string' ? b['msg'] : '';
  const text = kind === 'txt' ? msg : (PLACEHOLDERS[kind] ?? '[Message]');
  return { text, ext: payload.ext ?? {}, msgId: json.id ?? '' };
}

/** Pattern with `{0}`, `{1}`… from args, and `{$fromNickname}` / `{$msg}`. */
export function fillPattern(pattern: string, args: readonly unknown[], vars: Record<string, string>): string {
  return pattern
    .replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])))
    .replace(/\{\$(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

function mentioned(ext: Record<string, unknown>, username: string): boolean {
  const at = ext['em_at_list'];
  if (at === 'ALL' || at === 'all') return true;
  return Array.isArray(at) && at.includes(username);
}

/** Which provider delivers to a device: its notifier names a kind, or a configured provider lists it. */
export function providerFor(
  device: PushDevice,
  configs: ReadonlyMap<PushProviderKind, Record<string, unknown>>,
): PushProviderKind | undefined {
  const kind = device.notifier as PushProviderKind;
  if (configs.has(kind)) return kind;
  for (const [k, c] of configs) {
    const names = c['notifierNames'];
    if (Array.isArray(names) && names.includes(device.notifier)) return k;
  }
  return undefined;
}

const NOTHING_QUEUED = Promise.resolve();

/** How long an app's provider configs are reused (another node's change is seen within this). */
export const CONFIG_CACHE_MS = 5000;

export class OfflinePush {
  private readonly cache = new Map<
    number,
    { at: number; configs: Map<PushProviderKind, Record<string, unknown>> }
  >();

  constructor(private readonly deps: OfflinePushDeps) {}

  /** Drops the cached provider configs of an app (this node changed them). */
  forgetConfigs(appId: number): void {
    this.cache.delete(appId);
  }

  /** Never throws (errors are logged): the caller does not await it. */
  notify(intent: PushIntent): Promise<void> {
    // The common case, an app known to have no provider: nothing to queue, and no async calls per message.
    if (this.keptConfigs(intent.app.id)?.size === 0) return NOTHING_QUEUED;
    return this.queue(intent);
  }

  private async queue(intent: PushIntent): Promise<void> {
    try {
      const n = await this.jobsFor(intent);
      if (n > 0) this.deps.onQueued?.();
    } catch (err) {
      this.deps.logger.warn({ err }, 'offline push: queuing failed');
    }
  }

  private async receivers(intent: PushIntent): Promise<string[]> {
    if (intent.to.scope === 'user') return [intent.to.id];
    const { mucs } = this.deps.storage;
    const group = await mucs.get(intent.app.id, intent.to.id);
    if (!group || group.maxUsers > MAX_PUSH_GROUP) return [];
    const out: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await mucs.members(intent.app.id, intent.to.id, offset, 500);
      for (const m of page) if (m.username !== intent.from) out.push(m.username);
      if (page.length < 500) return out;
    }
  }

  /** Queues the jobs; returns how many. */
  async jobsFor(intent: PushIntent): Promise<number> {
    const { storage, clock } = this.deps;
    const appId = intent.app.id;
    // An app without providers costs one cached lookup per message: no decoding, session, member or
    // device reads (the message is decoded only when a notification may go out).
    const configs = await this.configs(appId);
    if (configs.size === 0) return 0;
    const msg = parse(intent.meta);
    if (msg.ext['em_ignore_notification'] === true) return 0;
    const force = msg.ext['em_force_notification'] === true;
    let notification: ((username: string) => Promise<PushNotification>) | undefined;
    const jobs: NewPushJob[] = [];
    for (const username of await this.receivers(intent)) {
      if ((await this.deps.sessions.list(appId, username)).length > 0) continue;
      const devices = await storage.pushSettings.devices(appId, username);
      if (devices.length === 0) continue;
      const conversation = {
        scope: intent.to.scope,
        target: intent.to.scope === 'user' ? intent.from : intent.to.id,
      };
      if (
        !force &&
        (await isUserSilencedNow(this.deps, intent.app, username, conversation, mentioned(msg.ext, username)))
      )
        continue;
      notification ??= await this.renderer(intent, msg);
      let shown: PushNotification | undefined;
      for (const d of devices) {
        const provider = providerFor(d, configs);
        if (!provider) continue;
        shown ??= await notification(username);
        jobs.push({
          appId,
          username,
          deviceId: d.deviceId,
          provider,
          token: d.token,
          notification: shown,
          dueAt: clock.now(),
        });
      }
    }
    await storage.push.enqueue(jobs);
    return jobs.length;
  }

  /** The app's provider configs if read less than CONFIG_CACHE_MS ago. */
  private keptConfigs(appId: number): Map<PushProviderKind, Record<string, unknown>> | undefined {
    const hit = this.cache.get(appId);
    return hit && this.deps.clock.now() - hit.at < CONFIG_CACHE_MS ? hit.configs : undefined;
  }

  private async configs(appId: number): Promise<Map<PushProviderKind, Record<string, unknown>>> {
    const kept = this.keptConfigs(appId);
    if (kept) return kept;
    const now = this.deps.clock.now();
    const configs = new Map<PushProviderKind, Record<string, unknown>>();
    for (const kind of PROVIDER_KINDS) {
      const c = await this.deps.storage.push.providerConfig(appId, kind);
      if (c) configs.set(kind, c);
    }
    this.cache.set(appId, { at: now, configs });
    return configs;
  }

  /** What each receiver sees: its display style (0: no content), the message's template or the app's "default". */
  private async renderer(
    intent: PushIntent,
    msg: Parsed,
  ): Promise<(username: string) => Promise<PushNotification>> {
    const { storage } = this.deps;
    const sender = await storage.users.find(intent.app.id, intent.from);
    const fromNickname = sender?.nickname || intent.from;
    const asked = msg.ext['em_push_template'] as
      { name?: unknown; title_args?: unknown; content_args?: unknown } | undefined;
    const name = typeof asked?.name === 'string' ? asked.name : 'default';
    const template: PushTemplate | undefined = await storage.push.template(intent.app.id, name);
    const data: Record<string, string> = {
      conversationId: intent.to.scope === 'user' ? intent.from : intent.to.id,
      chatType: intent.to.scope === 'user' ? 'singleChat' : 'groupChat',
      from: intent.from,
      msgId: msg.msgId,
    };
    const vars = { fromNickname, msg: msg.text };
    return async (username) => {
      if (template) {
        const titleArgs = Array.isArray(asked?.title_args) ? asked.title_args : [];
        const contentArgs = Array.isArray(asked?.content_args) ? asked.content_args : [];
        return {
          title: fillPattern(template.titlePattern, titleArgs, vars),
          body: fillPattern(template.contentPattern, contentArgs, vars),
          data,
        };
      }
      const { displayStyle } = await storage.pushSettings.profile(intent.app.id, username);
      return displayStyle === 1
        ? { title: fromNickname, body: msg.text, data }
        : { title: 'New message', body: 'You have a new message', data };
    };
  }
}
