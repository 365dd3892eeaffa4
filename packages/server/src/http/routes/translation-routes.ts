// Translation (agora-rest-api.md §1.4 #52–53), the user's token or the app admin's:
// GET …/users/{me}/translate/support/language → data: [{code, name, nativeName}];
// POST …/users/{me}/translate {text, to: [codes]} → data: [{translations: [{text, to}], detectedLanguage}]
// (an array: the official SDK reads `data[0].translations` when it translates a message on send).
// Rules and refusals: domain/translation/translate.ts.
import type { FastifyInstance } from 'fastify';
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { ServerContext } from '../../context.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import type { MeParams } from './app-resolver.js';

interface TranslateBody {
  text?: unknown;
  to?: unknown;
}

export function translationRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const self = { preHandler: auth.adminOrSelf('me') };
  const translation = () => {
    if (!ctx.translation) throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!');
    return ctx.translation;
  };

  app.get<{ Params: MeParams }>('/:org/:app/users/:me/translate/support/language', self, async (request) => {
    const { appRecord: target, me } = request;
    const data = await translation().supportedLanguages(target);
    return envelope(target, 'get', `/users/${me}/translate/support/language`, baseUrl(), { data });
  });

  app.post<{ Params: MeParams; Body: TranslateBody | undefined }>(
    '/:org/:app/users/:me/translate',
    self,
    async (request) => {
      const { appRecord: target, me } = request;
      const body = request.body ?? {};
      const result = await translation().translate(target, body.text, body.to);
      return envelope(target, 'post', `/users/${me}/translate`, baseUrl(), { data: [result] });
    },
  );
}
