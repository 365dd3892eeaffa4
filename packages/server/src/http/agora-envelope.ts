// The success envelope of Agora's REST API: {action, application, path, uri, entities|data, timestamp, …}.
import type { AppRecord, UserRecord } from '../domain/ports/storage.js';

export function envelope(
  app: AppRecord,
  action: string,
  path: string,
  baseUrl: string,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    action,
    application: app.uuid,
    applicationName: app.name,
    organization: app.org,
    path,
    uri: `${baseUrl}/${app.org}/${app.name}${path}`,
    ...extra,
    timestamp: Date.now(),
    duration: 0,
  };
}

export const userEntity = (u: UserRecord) => ({
  uuid: u.uuid,
  type: 'user',
  created: u.createdAt,
  modified: u.modifiedAt,
  username: u.username,
  activated: u.activated,
  ...(u.nickname ? { nickname: u.nickname } : {}),
});
