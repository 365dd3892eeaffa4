// Offline push on SQLite (migration 0023): the delivery queue, provider configs, templates and labels.
import type { PushStore } from '../../domain/ports/push-delivery.js';
import { jobOf, labelOf, templateOf, type JobRow, type LabelRow, type TemplateRow } from '../push-rows.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

const JOB_COLUMNS =
  'id, app_id, username, device_id, provider, token, notification, due_at, attempts, last_error';
const LABEL_SELECT = `SELECT l.name, l.description, l.created_at,
  (SELECT COUNT(*) FROM push_label_members m WHERE m.app_id = l.app_id AND m.label = l.name) AS count
  FROM push_labels l`;

export function sqlitePushStore(db: SqliteDb, durable: Durability): PushStore {
  const insertJob = db.prepare<[number, string, string, string, string, string, number]>(
    `INSERT INTO push_jobs (app_id, username, device_id, provider, token, notification, due_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const due = db.prepare<[number, number, number], JobRow>(
    `SELECT ${JOB_COLUMNS} FROM push_jobs WHERE due_at <= ? AND lease_until <= ? ORDER BY due_at, id LIMIT ?`,
  );
  const lease = db.prepare<[number, number | bigint]>('UPDATE push_jobs SET lease_until = ? WHERE id = ?');
  const del = db.prepare<[number | bigint]>('DELETE FROM push_jobs WHERE id = ?');
  const retry = db.prepare<[number, string, number | bigint]>(
    'UPDATE push_jobs SET due_at = ?, lease_until = 0, attempts = attempts + 1, last_error = ? WHERE id = ?',
  );
  const pending = db.prepare<[number, string], JobRow>(
    `SELECT ${JOB_COLUMNS} FROM push_jobs WHERE app_id = ? AND username = ? ORDER BY id`,
  );
  const providerGet = db.prepare<[number, string], { config: string }>(
    'SELECT config FROM push_providers WHERE app_id = ? AND provider = ?',
  );
  const providerPut = db.prepare<[number, string, string, number]>(
    `INSERT INTO push_providers (app_id, provider, config, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (app_id, provider) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
  );
  const providerDel = db.prepare<[number, string]>(
    'DELETE FROM push_providers WHERE app_id = ? AND provider = ?',
  );
  const templatePut = db.prepare<[number, string, string, string, number, number]>(
    `INSERT INTO push_templates (app_id, name, title_pattern, content_pattern, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (app_id, name) DO UPDATE SET title_pattern = excluded.title_pattern,
       content_pattern = excluded.content_pattern, updated_at = excluded.updated_at`,
  );
  const templateGet = db.prepare<[number, string], TemplateRow>(
    `SELECT name, title_pattern, content_pattern, created_at, updated_at FROM push_templates
      WHERE app_id = ? AND name = ?`,
  );
  const templateDel = db.prepare<[number, string]>(
    'DELETE FROM push_templates WHERE app_id = ? AND name = ?',
  );
  const labelInsert = db.prepare<[number, string, string, number]>(
    `INSERT INTO push_labels (app_id, name, description, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (app_id, name) DO NOTHING`,
  );
  const labelGet = db.prepare<[number, string], LabelRow>(
    `${LABEL_SELECT} WHERE l.app_id = ? AND l.name = ?`,
  );
  const labelList = db.prepare<[number, string, number], LabelRow>(
    `${LABEL_SELECT} WHERE l.app_id = ? AND l.name > ? ORDER BY l.name LIMIT ?`,
  );
  const labelDel = db.prepare<[number, string]>('DELETE FROM push_labels WHERE app_id = ? AND name = ?');
  const membersDel = db.prepare<[number, string]>(
    'DELETE FROM push_label_members WHERE app_id = ? AND label = ?',
  );
  const memberAdd = db.prepare<[number, string, string, number]>(
    `INSERT INTO push_label_members (app_id, label, username, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (app_id, label, username) DO NOTHING`,
  );
  const memberDel = db.prepare<[number, string, string]>(
    'DELETE FROM push_label_members WHERE app_id = ? AND label = ? AND username = ?',
  );
  const memberList = db.prepare<[number, string, string, number], { username: string }>(
    `SELECT username FROM push_label_members WHERE app_id = ? AND label = ? AND username > ?
      ORDER BY username LIMIT ?`,
  );
  const memberIs = db.prepare<[number, string, string], { one: number }>(
    'SELECT 1 AS one FROM push_label_members WHERE app_id = ? AND label = ? AND username = ?',
  );

  const claim = db.transaction((now: number, leaseUntil: number, limit: number) => {
    const rows = due.all(now, now, limit);
    for (const r of rows) lease.run(leaseUntil, BigInt(r.id));
    return rows.map(jobOf);
  });
  const enqueue = db.transaction((jobs: readonly Parameters<PushStore['enqueue']>[0][number][]) => {
    for (const j of jobs)
      insertJob.run(
        j.appId,
        j.username,
        j.deviceId,
        j.provider,
        j.token,
        JSON.stringify(j.notification),
        j.dueAt,
      );
  });
  const dropLabel = db.transaction((appId: number, name: string) => {
    membersDel.run(appId, name);
    return labelDel.run(appId, name).changes > 0;
  });
  const addMembers = db.transaction((appId: number, name: string, users: readonly string[], now: number) => {
    for (const u of users) memberAdd.run(appId, name, u, now);
  });
  const removeMembers = db.transaction((appId: number, name: string, users: readonly string[]) => {
    for (const u of users) memberDel.run(appId, name, u);
  });

  return {
    enqueue(jobs) {
      if (jobs.length === 0) return Promise.resolve();
      enqueue(jobs);
      return durable.after(undefined);
    },
    claim(now, leaseUntil, limit) {
      return durable.after(claim(now, leaseUntil, limit));
    },
    complete(id) {
      del.run(id);
      return durable.after(undefined);
    },
    retry(id, dueAt, error) {
      retry.run(dueAt, error, id);
      return durable.after(undefined);
    },
    pending(appId, username) {
      return Promise.resolve(pending.all(appId, username).map(jobOf));
    },
    providerConfig(appId, provider) {
      const r = providerGet.get(appId, provider);
      return Promise.resolve(r ? (JSON.parse(r.config) as Record<string, unknown>) : undefined);
    },
    putProviderConfig(appId, provider, config, now) {
      if (config === undefined) providerDel.run(appId, provider);
      else providerPut.run(appId, provider, JSON.stringify(config), now);
      return durable.after(undefined);
    },
    putTemplate(appId, t) {
      templatePut.run(appId, t.name, t.titlePattern, t.contentPattern, t.createdAt, t.updatedAt);
      return durable.after(undefined);
    },
    template(appId, name) {
      const r = templateGet.get(appId, name);
      return Promise.resolve(r ? templateOf(r) : undefined);
    },
    deleteTemplate(appId, name) {
      return durable.after(templateDel.run(appId, name).changes > 0);
    },
    createLabel(appId, name, description, now) {
      return durable.after(labelInsert.run(appId, name, description, now).changes > 0);
    },
    label(appId, name) {
      const r = labelGet.get(appId, name);
      return Promise.resolve(r ? labelOf(r) : undefined);
    },
    labels(appId, after, limit) {
      return Promise.resolve(labelList.all(appId, after, limit).map(labelOf));
    },
    deleteLabel(appId, name) {
      return durable.after(dropLabel(appId, name));
    },
    addLabelMembers(appId, name, usernames, now) {
      addMembers(appId, name, usernames, now);
      return durable.after(undefined);
    },
    removeLabelMembers(appId, name, usernames) {
      removeMembers(appId, name, usernames);
      return durable.after(undefined);
    },
    labelMembers(appId, name, after, limit) {
      return Promise.resolve(memberList.all(appId, name, after, limit).map((r) => r.username));
    },
    isLabelMember(appId, name, username) {
      return Promise.resolve(memberIs.get(appId, name, username) !== undefined);
    },
  };
}
