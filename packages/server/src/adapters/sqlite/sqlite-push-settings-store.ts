// Push settings on SQLite (migration 0017): silent modes, device tokens, push profiles.
import {
  silentKeyId,
  type PushDevice,
  type PushSettingsStore,
  type RemindType,
  type SilentMode,
  type SilentScope,
} from '../../domain/ports/push-settings.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

interface ModeRow {
  scope: string;
  target: string;
  remind_type: string | null;
  ignore_until: number | null;
  ignore_interval: string | null;
}

export function modeOf(r: ModeRow): SilentMode {
  const m: SilentMode = {};
  if (r.remind_type !== null) m.type = r.remind_type as RemindType;
  if (r.ignore_until !== null) m.ignoreUntil = Number(r.ignore_until);
  if (r.ignore_interval !== null) m.ignoreInterval = r.ignore_interval;
  return m;
}

export const isEmptyMode = (m: SilentMode): boolean =>
  m.type === undefined && m.ignoreUntil === undefined && m.ignoreInterval === undefined;

export function sqlitePushSettingsStore(db: SqliteDb, durable: Durability): PushSettingsStore {
  const modes = db.prepare<[number, string], ModeRow>(
    `SELECT scope, target, remind_type, ignore_until, ignore_interval FROM push_silent_modes
      WHERE app_id = ? AND username = ?`,
  );
  const upsertMode = db.prepare<
    [number, string, string, string, string | null, number | null, string | null, number]
  >(
    `INSERT INTO push_silent_modes (app_id, username, scope, target, remind_type, ignore_until, ignore_interval,
       updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (app_id, username, scope, target) DO UPDATE SET remind_type = excluded.remind_type,
       ignore_until = excluded.ignore_until, ignore_interval = excluded.ignore_interval,
       updated_at = excluded.updated_at`,
  );
  const removeMode = db.prepare<[number, string, string, string]>(
    'DELETE FROM push_silent_modes WHERE app_id = ? AND username = ? AND scope = ? AND target = ?',
  );
  const remind = db.prepare<
    [number, string, string, number],
    { scope: string; target: string; remind_type: string }
  >(
    `SELECT scope, target, remind_type FROM push_silent_modes
      WHERE app_id = ? AND username = ? AND scope <> 'all' AND remind_type IS NOT NULL
        AND (scope || ':' || target) > ?
      ORDER BY scope, target LIMIT ?`,
  );
  const upsertDevice = db.prepare<[number, string, string, string, string, number]>(
    `INSERT INTO push_devices (app_id, username, device_id, token, notifier, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (app_id, username, device_id) DO UPDATE SET token = excluded.token,
       notifier = excluded.notifier, updated_at = excluded.updated_at`,
  );
  const removeDevice = db.prepare<[number, string, string]>(
    'DELETE FROM push_devices WHERE app_id = ? AND username = ? AND device_id = ?',
  );
  const devices = db.prepare<
    [number, string],
    { device_id: string; token: string; notifier: string; updated_at: number }
  >(
    `SELECT device_id, token, notifier, updated_at FROM push_devices WHERE app_id = ? AND username = ?
      ORDER BY device_id`,
  );
  const profile = db.prepare<[number, string], { language: string; display_style: number }>(
    'SELECT language, display_style FROM push_profiles WHERE app_id = ? AND username = ?',
  );
  const upsertProfile = db.prepare<[number, string, string, number, number]>(
    `INSERT INTO push_profiles (app_id, username, language, display_style, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (app_id, username) DO UPDATE SET language = excluded.language,
       display_style = excluded.display_style, updated_at = excluded.updated_at`,
  );
  const readProfile = (appId: number, username: string) => {
    const r = profile.get(appId, username);
    return { language: r?.language ?? '', displayStyle: r?.display_style ?? 0 };
  };
  return {
    silentModes(appId, username, keys) {
      const wanted = new Set(keys.map(silentKeyId));
      const out = new Map<string, SilentMode>();
      if (wanted.size === 0) return Promise.resolve(out);
      for (const r of modes.all(appId, username)) {
        const id = silentKeyId({ scope: r.scope as SilentScope, target: r.target });
        if (wanted.has(id)) out.set(id, modeOf(r));
      }
      return Promise.resolve(out);
    },
    putSilentMode(appId, username, key, mode, now) {
      if (isEmptyMode(mode)) removeMode.run(appId, username, key.scope, key.target);
      else
        upsertMode.run(
          appId,
          username,
          key.scope,
          key.target,
          mode.type ?? null,
          mode.ignoreUntil ?? null,
          mode.ignoreInterval ?? null,
          now,
        );
      return durable.after(undefined);
    },
    remindTypes(appId, username, after, limit) {
      return Promise.resolve(
        remind.all(appId, username, after, limit).map((r) => ({
          key: { scope: r.scope as SilentScope, target: r.target },
          type: r.remind_type as RemindType,
        })),
      );
    },
    putDevice(appId, username, d: PushDevice) {
      upsertDevice.run(appId, username, d.deviceId, d.token, d.notifier, d.updatedAt);
      return durable.after(undefined);
    },
    removeDevice(appId, username, deviceId) {
      return durable.after(removeDevice.run(appId, username, deviceId).changes > 0);
    },
    devices(appId, username) {
      return Promise.resolve(
        devices.all(appId, username).map((r) => ({
          deviceId: r.device_id,
          token: r.token,
          notifier: r.notifier,
          updatedAt: Number(r.updated_at),
        })),
      );
    },
    profile(appId, username) {
      return Promise.resolve(readProfile(appId, username));
    },
    putProfile(appId, username, change, now) {
      const p = { ...readProfile(appId, username), ...change };
      upsertProfile.run(appId, username, p.language, p.displayStyle, now);
      return durable.after(undefined);
    },
  };
}
