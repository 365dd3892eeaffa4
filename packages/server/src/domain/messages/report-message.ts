// Reporting a message (agora-rest-api.md §1.3 #44): a member of the message's conversation files a
// category and a reason, stored for the operator to review. Recalled messages can still be reported:
// what was seen is what is reviewed.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { ConversationStore } from '../ports/conversations.js';
import type { MucStore } from '../ports/mucs.js';
import type { MessageStore } from '../ports/storage.js';
import { isChatMessage, isMemberOf, notMember } from './message-membership.js';

/** §4: a report reason is at most 512 bytes (UTF-8); the type is a short category such as "adult". */
export const MAX_REPORT_REASON_BYTES = 512;
export const MAX_REPORT_TYPE_BYTES = 128;

export interface ReportInput {
  reporter: string;
  messageId: bigint;
  reportType: unknown;
  reason: unknown;
}

export interface ReportDeps {
  messages: Pick<MessageStore, 'findById'>;
  conversations: Pick<ConversationStore, 'saveReport'>;
  mucs: Pick<MucStore, 'member'>;
  clock: Clock;
}

const badRequest = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);
const textBytes = (s: string) => new TextEncoder().encode(s).length;

/** The exact text the official SDK maps to 51 (§2). */
const targetMissing = () =>
  new ConfabError(ErrorCode.MESSAGE_NOT_FOUND, 'report failed, get message by id failed');

/** -3 for a missing or oversized type or reason, 51 for no such chat message, 603 for a non-member. */
export async function reportMessage(deps: ReportDeps, appId: number, input: ReportInput): Promise<void> {
  const { reportType, reason } = input;
  if (typeof reportType !== 'string' || reportType === '') throw badRequest('reportType is required');
  if (textBytes(reportType) > MAX_REPORT_TYPE_BYTES)
    throw badRequest(`reportType exceeds ${MAX_REPORT_TYPE_BYTES} bytes`);
  if (typeof reason !== 'string' || reason === '') throw badRequest('reportReason is required');
  if (textBytes(reason) > MAX_REPORT_REASON_BYTES)
    throw badRequest(`reportReason exceeds ${MAX_REPORT_REASON_BYTES} bytes`);
  const found = await deps.messages.findById(appId, input.messageId);
  if (!found || !isChatMessage(found.message)) throw targetMissing();
  if (!(await isMemberOf(found.message, input.reporter, deps.mucs))) throw notMember();
  await deps.conversations.saveReport({
    appId,
    reporter: input.reporter,
    messageId: found.message.id,
    reportType,
    reason,
    createdAt: deps.clock.now(),
  });
}
