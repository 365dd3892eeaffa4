// Attachments (REST §1.1 #6–#11): upload in one request, chunked upload and download, in one scope with
// multipart parsing. Each concern has its file: chat-file-{upload,part,download}-routes.ts.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import type { RestAuth } from '../auth.js';
import { chatFileDownloadRoutes } from './chat-file-download-routes.js';
import { chatFilePartRoutes } from './chat-file-part-routes.js';
import { chatFileUploadRoutes } from './chat-file-upload-routes.js';

export function chatFileRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
) {
  return app.register(async (scope) => {
    await scope.register(multipart);
    // The SDK's chunked-upload init and complete POST no body with `Content-Type: application/json`;
    // nothing here reads a JSON body, so it is skipped rather than parsed.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', (_request, payload, done) => {
      payload.resume();
      payload.once('end', () => done(null, undefined));
      payload.once('error', (err) => done(err, undefined));
    });
    chatFileUploadRoutes(scope, ctx, auth, baseUrl);
    chatFileDownloadRoutes(scope, ctx, auth);
    chatFilePartRoutes(scope, ctx, auth, baseUrl);
  });
}
