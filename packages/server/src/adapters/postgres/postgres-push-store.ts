// Offline push on PostgreSQL (migration 0023): the delivery queue (claimed with FOR UPDATE SKIP LOCKED, so
// workers on several nodes never take the same job), provider configs, templates and labels.
import type { PushStore } from '../../domain/ports/push-delivery.js';
import { jobOf, labelOf, templateOf, type JobRow, type LabelRow, type TemplateRow } from '../push-rows.js';
import type { PgPool } from './postgres-database.js';

const JOB_COLUMNS = `id::text AS id, app_id, username, device_id, provider, token, notification,
  due_at::text AS due_at, attempts, last_error`;
const LABEL_SELECT = `SELECT l.name, l.description, l.created_at::text AS created_at,
  (SELECT COUNT(*) FROM push_label_members m WHERE m.app_id = l.app_id AND m.label = l.name)::int AS count
  FROM push_labels l`;

type Row = Record<string, unknown>;

export function postgresPushStore(pool: PgPool): PushStore {
  const jobs = (rows: Row[]) => rows.map((r) => jobOf(r as unknown as JobRow));
  return {
    async enqueue(list) {
      if (list.length === 0) return;
      const values: unknown[] = [];
      const tuples = list.map((j, i) => {
        values.push(
          j.appId,
          j.username,
          j.deviceId,
          j.provider,
          j.token,
          JSON.stringify(j.notification),
          j.dueAt,
        );
        const b = i * 7;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
      });
      await pool.query(
        `INSERT INTO push_jobs (app_id, username, device_id, provider, token, notification, due_at)
         VALUES ${tuples.join(', ')}`,
        values,
      );
    },
    async claim(now, leaseUntil, limit) {
      const { rows } = await pool.query<Row>(
        `UPDATE push_jobs SET lease_until = $2 WHERE id IN (
           SELECT id FROM push_jobs WHERE due_at <= $1 AND lease_until <= $1 ORDER BY due_at, id LIMIT $3
           FOR UPDATE SKIP LOCKED)
         RETURNING ${JOB_COLUMNS}`,
        [now, leaseUntil, limit],
      );
      return jobs(rows).sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
    },
    async complete(id) {
      await pool.query('DELETE FROM push_jobs WHERE id = $1', [id.toString()]);
    },
    async retry(id, dueAt, error) {
      await pool.query(
        `UPDATE push_jobs SET due_at = $1, lease_until = 0, attempts = attempts + 1, last_error = $2
          WHERE id = $3`,
        [dueAt, error, id.toString()],
      );
    },
    async pending(appId, username) {
      const { rows } = await pool.query<Row>(
        `SELECT ${JOB_COLUMNS} FROM push_jobs WHERE app_id = $1 AND username = $2 ORDER BY id`,
        [appId, username],
      );
      return jobs(rows);
    },
    async providerConfig(appId, provider) {
      const { rows } = await pool.query<{ config: string }>(
        'SELECT config FROM push_providers WHERE app_id = $1 AND provider = $2',
        [appId, provider],
      );
      return rows[0] ? (JSON.parse(rows[0].config) as Record<string, unknown>) : undefined;
    },
    async putProviderConfig(appId, provider, config, now) {
      if (config === undefined) {
        await pool.query('DELETE FROM push_providers WHERE app_id = $1 AND provider = $2', [appId, provider]);
        return;
      }
      await pool.query(
        `INSERT INTO push_providers (app_id, provider, config, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (app_id, provider) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
        [appId, provider, JSON.stringify(config), now],
      );
    },
    async putTemplate(appId, t) {
      await pool.query(
        `INSERT INTO push_templates (app_id, name, title_pattern, content_pattern, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (app_id, name) DO UPDATE SET title_pattern = excluded.title_pattern,
           content_pattern = excluded.content_pattern, updated_at = excluded.updated_at`,
        [appId, t.name, t.titlePattern, t.contentPattern, t.createdAt, t.updatedAt],
      );
    },
    async template(appId, name) {
      const { rows } = await pool.query<Row>(
        `SELECT name, title_pattern, content_pattern, created_at::text AS created_at,
                updated_at::text AS updated_at
           FROM push_templates WHERE app_id = $1 AND name = $2`,
        [appId, name],
      );
      return rows[0] ? templateOf(rows[0] as unknown as TemplateRow) : undefined;
    },
    async deleteTemplate(appId, name) {
      const r = await pool.query('DELETE FROM push_templates WHERE app_id = $1 AND name = $2', [appId, name]);
      return (r.rowCount ?? 0) > 0;
    },
    async createLabel(appId, name, description, now) {
      const r = await pool.query(
        `INSERT INTO push_labels (app_id, name, description, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (app_id, name) DO NOTHING`,
        [appId, name, description, now],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async label(appId, name) {
      const { rows } = await pool.query<Row>(`${LABEL_SELECT} WHERE l.app_id = $1 AND l.name = $2`, [
        appId,
        name,
      ]);
      return rows[0] ? labelOf(rows[0] as unknown as LabelRow) : undefined;
    },
    async labels(appId, after, limit) {
      const { rows } = await pool.query<Row>(
        `${LABEL_SELECT} WHERE l.app_id = $1 AND l.name > $2 ORDER BY l.name LIMIT $3`,
        [appId, after, limit],
      );
      return rows.map((r) => labelOf(r as unknown as LabelRow));
    },
    async deleteLabel(appId, name) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('DELETE FROM push_label_members WHERE app_id = $1 AND label = $2', [appId, name]);
        const r = await client.query('DELETE FROM push_labels WHERE app_id = $1 AND name = $2', [
          appId,
          name,
        ]);
        await client.query('COMMIT');
        return (r.rowCount ?? 0) > 0;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    async addLabelMembers(appId, name, usernames, now) {
      if (usernames.length === 0) return;
      await pool.query(
        `INSERT INTO push_label_members (app_id, label, username, created_at)
         SELECT $1, $2, u, $4 FROM unnest($3::text[]) AS u
         ON CONFLICT (app_id, label, username) DO NOTHING`,
        [appId, name, usernames, now],
      );
    },
    async removeLabelMembers(appId, name, usernames) {
      await pool.query(
        'DELETE FROM push_label_members WHERE app_id = $1 AND label = $2 AND username = ANY($3::text[])',
        [appId, name, usernames],
      );
    },
    async labelMembers(appId, name, after, limit) {
      const { rows } = await pool.query<{ username: string }>(
        `SELECT username FROM push_label_members WHERE app_id = $1 AND label = $2 AND username > $3
          ORDER BY username LIMIT $4`,
        [appId, name, after, limit],
      );
      return rows.map((r) => r.username);
    },
    async isLabelMember(appId, name, username) {
      const { rows } = await pool.query(
        'SELECT 1 FROM push_label_members WHERE app_id = $1 AND label = $2 AND username = $3',
        [appId, name, username],
      );
      return rows.length > 0;
    },
  };
}
