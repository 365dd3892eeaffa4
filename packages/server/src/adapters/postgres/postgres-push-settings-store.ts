// Push settings on PostgreSQL (migration 0017): silent modes, device tokens, push profiles.
import {
  silentKeyId,
  type PushSettingsStore,
  type RemindType,
  type SilentMode,
  type SilentScope,
} from '../../domain/ports/push-settings.js';
import type { PgPool } from './postgres-database.js';

interface ModeRow {
  scope: string;
  target: string;
  remind_type: string | null;
  ignore_until: string | null;
  ignore_interval: string | null;
}

function modeOf(r: ModeRow): SilentMode {
  const m: SilentMode = {};
  if (r.remind_type !== null) m.type = r.remind_type as RemindType;
  if (r.ignore_until !== null) m.ignoreUntil = Number(r.ignore_until);
  if (r.ignore_interval !== null) m.ignoreInterval = r.ignore_interval;
  return m;
}

export function postgresPushSettingsStore(pool: PgPool): PushSettingsStore {
  const readProfile = async (appId: number, username: string) => {
    const { rows } = await pool.query<{ language: string; display_style: number }>(
      'SELECT language, display_style FROM push_profiles WHERE app_id = $1 AND username = $2',
      [appId, username],
    );
    return { language: rows[0]?.language ?? '', displayStyle: rows[0]?.display_style ?? 0 };
  };
  return {
    async silentModes(appId, username, keys) {
      const wanted = new Set(keys.map(silentKeyId));
      const out = new Map<string, SilentMode>();
      if (wanted.size === 0) return out;
      const { rows } = await pool.query<ModeRow>(
        `SELECT scope, target, remind_type, ignore_until::text AS ignore_until, ignore_interval
           FROM push_silent_modes WHERE app_id = $1 AND username = $2`,
        [appId, username],
      );
      for (const r of rows) {
        const id = silentKeyId({ scope: r.scope as SilentScope, target: r.target });
        if (wanted.has(id)) out.set(id, modeOf(r));
      }
      return out;
    },
    async putSilentMode(appId, username, key, mode, now) {
      if (mode.type === undefined && mode.ignoreUntil === undefined && mode.ignoreInterval === undefined) {
        await pool.query(
          'DELETE FROM push_silent_modes WHERE app_id = $1 AND username = $2 AND scope = $3 AND target = $4',
          [appId, username, key.scope, key.target],
        );
        return;
      }
      await pool.query(
        `INSERT INTO push_silent_modes (app_id, username, scope, target, remind_type, ignore_until,
           ignore_interval, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (app_id, username, scope, target) DO UPDATE SET remind_type = EXCLUDED.remind_type,
           ignore_until = EXCLUDED.ignore_until, ignore_interval = EXCLUDED.ignore_interval,
           updated_at = EXCLUDED.updated_at`,
        [
          appId,
          username,
          key.scope,
          key.target,
          mode.type ?? null,
          mode.ignoreUntil ?? null,
          mode.ignoreInterval ?? null,
          now,
        ],
      );
    },
    async remindTypes(appId, username, after, limit) {
      const { rows } = await pool.query<{ scope: string; target: string; remind_type: string }>(
        `SELECT scope, target, remind_type FROM push_silent_modes
          WHERE app_id = $1 AND username = $2 AND scope <> 'all' AND remind_type IS NOT NULL
            AND (scope || ':' || target) COLLATE "C" > $3
          ORDER BY scope, target LIMIT $4`,
        [appId, username, after, limit],
      );
      return rows.map((r) => ({
        key: { scope: r.scope as SilentScope, target: r.target },
        type: r.remind_type as RemindType,
      }));
    },
    async putDevice(appId, username, d) {
      await pool.query(
        `INSERT INTO push_devices (app_id, username, device_id, token, notifier, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (app_id, username, device_id) DO UPDATE SET token = EXCLUDED.token,
           notifier = EXCLUDED.notifier, updated_at = EXCLUDED.updated_at`,
        [appId, username, d.deviceId, d.token, d.notifier, d.updatedAt],
      );
    },
    async removeDevice(appId, username, deviceId) {
      const { rowCount } = await pool.query(
        'DELETE FROM push_devices WHERE app_id = $1 AND username = $2 AND device_id = $3',
        [appId, username, deviceId],
      );
      return (rowCount ?? 0) > 0;
    },
    async devices(appId, username) {
      const { rows } = await pool.query<{
        device_id: string;
        token: string;
        notifier: string;
        updated_at: string;
      }>(
        `SELECT device_id, token, notifier, updated_at::text AS updated_at FROM push_devices
          WHERE app_id = $1 AND username = $2 ORDER BY device_id`,
        [appId, username],
      );
      return rows.map((r) => ({
        deviceId: r.device_id,
        token: r.token,
        notifier: r.notifier,
        updatedAt: Number(r.updated_at),
      }));
    },
    profile(appId, username) {
      return readProfile(appId, username);
    },
    async putProfile(appId, username, change, now) {
      const p = { ...(await readProfile(appId, username)), ...change };
      await pool.query(
        `INSERT INTO push_profiles (app_id, username, language, display_style, updated_at)
           VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_id, username) DO UPDATE SET language = EXCLUDED.language,
           display_style = EXCLUDED.display_style, updated_at = EXCLUDED.updated_at`,
        [appId, username, p.language, p.displayStyle, now],
      );
    },
  };
}
