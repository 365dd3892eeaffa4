// Every REST error leaves as the Agora JSON error body (agora-rest-api.md §2) with the status that
// makes the official SDK's HTTP mapper report the same code as the ConfabError that caused it.
import { ConfabError, ErrorCode, httpFailure, isConfabError } from '@confab/protocol';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../domain/ports/logger.js';

/** The SDK maps this exact text to -3 (bad parameter). */
export const UNREADABLE_BODY = 'Request body not readable.Please check content type is correct!';

export function toConfabError(err: unknown): ConfabError {
  if (isConfabError(err)) return err;
  const fe = err as Partial<FastifyError>;
  if (fe.validation || fe.code?.startsWith('FST_ERR_CTP') || fe.statusCode === 400 || fe.statusCode === 415) {
    const message = fe.validation ? `illegal argument: ${fe.message ?? ''}` : UNREADABLE_BODY;
    return new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message, { error: 'illegal_argument' });
  }
  if (fe.statusCode === 413) {
    return new ConfabError(ErrorCode.MAX_LIMIT, 'The request has reached the maximum limit', {
      error: 'too_large',
    });
  }
  return new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'internal server error', {
    error: 'internal_error',
  });
}

export function errorHandler(log: Logger) {
  return (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const error = toConfabError(err);
    if (error.type === ErrorCode.SERVER_UNKNOWN_ERROR) log.error({ err, url: request.url }, 'request failed');
    const { status, body } = httpFailure(error.type, {
      description: error.message,
      ...(typeof (error.data as { error?: unknown } | undefined)?.error === 'string'
        ? { error: (error.data as { error: string }).error }
        : {}),
    });
    // Rate limits (429) say when to come back, as HTTP does.
    const retryAfter = (error.data as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    return reply.code(status).send(body);
  };
}
