// Every REST error leaves as the Agora JSON error body (agora-rest-api.md §2) with the status that
// makes the official SDK's HTTP mapper report the same code as the ConfabError that caused it. The body's
// shape comes from the protocol's table for the code (httpShapes, or the variant the error names).
import { ConfabError, ErrorCode, httpFailure, isConfabError, restError } from '@confab/protocol';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../domain/ports/logger.js';
import type { Metrics } from '../domain/ports/metrics.js';

/** The SDK maps this exact text to -3 (bad parameter). */
export const UNREADABLE_BODY = 'Request body not readable.Please check content type is correct!';

/**
 * An unknown route: 404, distinct from the 400 of bad parameters on a known one. A file upload (multipart)
 * gets a 400 with the same error instead: the official SDK's upload takes any other status for success.
 */
export const routeNotSupported = (method: string, path: string, multipart = false): ConfabError => {
  const message = `route not supported by this server: ${method} ${path}`;
  return multipart
    ? restError('WEBIM_UPLOADFILE_ERROR', 'routeNotSupported', message)
    : restError('WEBIM_CONNCTION_AJAX_ERROR', 'routeNotSupported', message);
};

export function toConfabError(err: unknown): ConfabError {
  if (isConfabError(err)) return err;
  const fe = err as Partial<FastifyError>;
  // Before the content-type parser errors: Fastify's body-too-large is one of them (FST_ERR_CTP_BODY_TOO_LARGE).
  if (fe.statusCode === 413)
    return restError('WEBIM_CONNCTION_AJAX_ERROR', 'bodyTooLarge', 'The request body is too large');
  if (fe.validation || fe.code?.startsWith('FST_ERR_CTP') || fe.statusCode === 400 || fe.statusCode === 415) {
    const message = fe.validation ? `illegal argument: ${fe.message ?? ''}` : UNREADABLE_BODY;
    return new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);
  }
  return restError('SERVER_UNKNOWN_ERROR', 'unhandled', 'internal server error');
}

/**
 * The client went away in the middle of its body (Node's IncomingMessage fails with "aborted"): its
 * doing, not a server failure, and nobody is left to read the answer.
 */
function clientAborted(err: unknown, request: FastifyRequest): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return (e?.code === 'ECONNRESET' && e.message === 'aborted') || request.raw.readableAborted;
}

export function errorHandler(log: Logger, metrics?: Pick<Metrics, 'error'>) {
  return (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (clientAborted(err, request)) {
      log.debug({ url: request.url }, 'request aborted by the client');
      const { status, body } = httpFailure(ErrorCode.REQUEST_PARAMETER_ERROR, {
        description: UNREADABLE_BODY,
      });
      return reply.code(status).send(body);
    }
    const error = toConfabError(err);
    metrics?.error('rest', error.type);
    if (error.type === ErrorCode.SERVER_UNKNOWN_ERROR) log.error({ err, url: request.url }, 'request failed');
    const { status, body } = httpFailure(error.type, {
      description: error.message,
      ...(error.httpVariant === undefined ? {} : { variant: error.httpVariant }),
    });
    // Rate limits (429) say when to come back, as HTTP does.
    const retryAfter = (error.data as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    return reply.code(status).send(body);
  };
}
