// What the contact and blocklist routes share: the use cases' dependencies from the server context and
// who acts (the user of `:me`, from the `?resource=` device when it is the user's own token).
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import type { ContactActor, ContactDeps } from '../../domain/contacts/contact-deps.js';
import { badRequest, present } from '../params.js';

export const contactDeps = (ctx: ServerContext): ContactDeps => ({
  storage: ctx.storage,
  bus: ctx.bus,
  ids: ctx.ids,
  logger: ctx.logger,
  clock: ctx.clock,
  limits: ctx.limits,
  callbacks: ctx.callbacks,
});

/** The user of `:me`; the acting device only when the caller is that user (the admin has none). */
export function contactActor(request: FastifyRequest): ContactActor {
  const actor: ContactActor = { appId: request.appRecord.id, username: request.me };
  const resource = present((request.query as { resource?: unknown } | undefined)?.resource);
  if (request.token?.username === request.me && resource !== undefined) actor.resource = resource;
  return actor;
}

/** `usernames` of a body: an array of user ids, or one id (-3 otherwise). */
export function usernamesOf(body: unknown): string[] {
  const value = (body as Record<string, unknown> | undefined)?.['usernames'];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((u) => typeof u === 'string' && u !== ''))
    throw badRequest('usernames must be an array of user ids');
  return list as string[];
}
