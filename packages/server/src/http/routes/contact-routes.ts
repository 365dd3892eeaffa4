// Contacts and friend requests (REST spec §1.2 #17–#24, §3 "Contacts"): the SDK's calls under
// /users/{me}/contacts… and the app server's (direct add, paged list under /user/{u}/contacts). Rules in
// domain/contacts/friend-requests.ts and contact-list.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { allContacts, contactPage, setContactRemark } from '../../domain/contacts/contact-list.js';
import {
  acceptContact,
  addContactDirectly,
  declineContact,
  deleteContact,
  requestContact,
} from '../../domain/contacts/friend-requests.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, present, strictPageSize } from '../params.js';
import type { MeParams } from './app-resolver.js';
import { contactActor, contactDeps, usernamesOf } from './contact-route-kit.js';

interface UserParams extends MeParams {
  user: string;
}
interface ListQuery {
  limit?: string;
  cursor?: string;
  needReturnRemark?: string;
  resource?: string;
}

/** Agora: pages of 1..50 contacts, 20 by default (the SDK's getContactsWithCursor). */
const PAGE_DEFAULT = 20;
const PAGE_MAX = 50;

export function contactRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const deps = contactDeps(ctx);
  const self = { preHandler: auth.adminOrSelf('me') };
  const admin = { preHandler: auth.admin };
  const answer = (request: FastifyRequest, path: string, extra: Record<string, unknown> = {}) =>
    envelope(request.appRecord, request.method.toLowerCase(), path, baseUrl(), {
      entities: [],
      ...extra,
    });

  // getContacts (data: ids) and getAllContacts (?needReturnRemark=true: entities with remarks).
  app.get<{ Params: MeParams; Querystring: ListQuery }>(
    '/:org/:app/users/:me/contacts/users',
    self,
    async (request) => {
      const { me } = request;
      const all = await allContacts(deps, request.appRecord.id, me);
      const remarks = present(request.query.needReturnRemark) === 'true';
      return answer(request, `/users/${me}/contacts/users`, {
        data: all.map((c) => c.username),
        count: all.length,
        ...(remarks ? { entities: all.map((c) => ({ username: c.username, remark: c.remark })) } : {}),
      });
    },
  );

  // getContactsWithCursor, and the app server's paged list (`/user/{u}/contacts`).
  for (const prefix of ['users', 'user']) {
    app.get<{ Params: MeParams; Querystring: ListQuery }>(
      `/:org/:app/${prefix}/:me/contacts`,
      self,
      async (request) => {
        const { me } = request;
        const q = request.query;
        const page = await contactPage(
          deps,
          request.appRecord.id,
          me,
          present(q.cursor),
          strictPageSize(q.limit, PAGE_DEFAULT, PAGE_MAX),
        );
        return answer(request, `/${prefix}/${me}/contacts`, {
          data: {
            contacts: page.contacts.map((c) => ({ username: c.username, remark: c.remark })),
            cursor: page.cursor,
          },
        });
      },
    );
  }

  // addContact: a request with its text.
  app.post<{ Params: MeParams; Querystring: ListQuery; Body: unknown }>(
    '/:org/:app/users/:me/contacts/apply',
    self,
    async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const users = usernamesOf(body);
      if (users.length !== 1) throw badRequest('usernames must name one user');
      const reason = body['reason'];
      if (reason !== undefined && reason !== null && typeof reason !== 'string')
        throw badRequest('reason must be a string');
      await requestContact(deps, contactActor(request), users[0]!, typeof reason === 'string' ? reason : '');
      return answer(request, `/users/${request.me}/contacts/apply`, { data: { result: 'ok' } });
    },
  );

  for (const [verb, run] of [
    ['accept', acceptContact],
    ['decline', declineContact],
  ] as const) {
    app.post<{ Params: UserParams; Querystring: ListQuery }>(
      `/:org/:app/users/:me/contacts/${verb}/users/:user`,
      self,
      async (request) => {
        await run(deps, contactActor(request), request.params.user);
        return answer(request, `/users/${request.me}/contacts/${verb}/users/${request.params.user}`, {
          data: { result: 'ok' },
        });
      },
    );
  }

  app.delete<{ Params: UserParams; Querystring: ListQuery }>(
    '/:org/:app/users/:me/contacts/users/:user',
    self,
    async (request) => {
      const { user } = request.params;
      await deleteContact(deps, contactActor(request), user);
      return answer(request, `/users/${request.me}/contacts/users/${user}`, {
        entities: [{ username: user, type: 'user' }],
      });
    },
  );

  // setContactRemark.
  app.put<{ Params: UserParams; Querystring: ListQuery; Body: unknown }>(
    '/:org/:app/users/:me/contacts/users/:user',
    self,
    async (request) => {
      const { user } = request.params;
      const remark = (request.body as Record<string, unknown> | undefined)?.['remark'];
      if (typeof remark !== 'string') throw badRequest('remark must be a string');
      await setContactRemark(deps, request.appRecord.id, request.me, user, remark);
      return answer(request, `/users/${request.me}/contacts/users/${user}`, { data: { result: 'ok' } });
    },
  );

  // The app server adds a contact without a request (both users are told).
  app.post<{ Params: UserParams }>('/:org/:app/users/:me/contacts/users/:user', admin, async (request) => {
    const { me, user } = request.params;
    await addContactDirectly(deps, request.appRecord.id, me, user);
    return answer(request, `/users/${me}/contacts/users/${user}`, {
      entities: [{ username: user, type: 'user' }],
    });
  });
}
