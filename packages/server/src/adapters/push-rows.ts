// Row mappers shared by the SQLite and PostgreSQL push stores (migration 0023).
import type { PushJob, PushLabel, PushProviderKind, PushTemplate } from '../domain/ports/push-delivery.js';

export interface JobRow {
  id: number | bigint | string;
  app_id: number;
  username: string;
  device_id: string;
  provider: string;
  token: string;
  notification: string;
  due_at: number | string;
  attempts: number;
  last_error: string;
}

export const jobOf = (r: JobRow): PushJob => ({
  id: BigInt(r.id),
  appId: Number(r.app_id),
  username: r.username,
  deviceId: r.device_id,
  provider: r.provider as PushProviderKind,
  token: r.token,
  notification: JSON.parse(r.notification) as PushJob['notification'],
  dueAt: Number(r.due_at),
  attempts: Number(r.attempts),
  lastError: r.last_error,
});

export interface TemplateRow {
  name: string;
  title_pattern: string;
  content_pattern: string;
  created_at: number | string;
  updated_at: number | string;
}

export const templateOf = (r: TemplateRow): PushTemplate => ({
  name: r.name,
  titlePattern: r.title_pattern,
  contentPattern: r.content_pattern,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export interface LabelRow {
  name: string;
  description: string;
  created_at: number | string;
  count: number;
}

export const labelOf = (r: LabelRow): PushLabel => ({
  name: r.name,
  description: r.description,
  count: Number(r.count),
  createdAt: Number(r.created_at),
});
