// Message reactions (agora-rest-api.md §1.4 #48–51, §3 "Reactions"): add, delete, the reactions of up to
// 20 messages, and the users of one reaction page by page. Only someone who can see a message may act on
// it (reaction-target.ts). Adds of one message are serialised by the store, so Agora's "this message is
// creating reaction" (1102) never happens here: concurrent adds all count. Each change is told to the
// message's conversation (reaction-notify.ts).
import { ConfabError, ErrorCode, restError } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { AppRecord, Storage } from '../ports/storage.js';
import {
  REACTION_SAMPLE_USERS,
  reactionJson,
  tellReactionChange,
  type ReactionNotifyDeps,
} from './reaction-notify.js';
import { reactionId, reactionTarget, requireReactions, visibleTarget } from './reaction-target.js';

export interface ReactionLimits {
  readonly reactionMaxPerMessage: number;
  readonly reactionMaxChars: number;
  readonly reactionListMaxMessages: number;
  readonly reactionDetailMaxPage: number;
}

export interface ReactionDeps extends ReactionNotifyDeps {
  storage: Pick<Storage, 'messages' | 'reactions' | 'mucs'>;
  clock: Clock;
  limits: ReactionLimits;
}

const badRequest = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);

/** 1101 twice, 50 on a new reaction past the limit. */
export async function addReaction(
  deps: ReactionDeps,
  app: AppRecord,
  user: string,
  messageId: bigint,
  rawReaction: unknown,
): Promise<void> {
  requireReactions(app);
  const reaction = reactionId(rawReaction, deps.limits.reactionMaxChars);
  const target = await reactionTarget(deps.storage, app.id, messageId, user);
  const at = deps.clock.now();
  const max = deps.limits.reactionMaxPerMessage;
  const outcome = await deps.storage.reactions.add(app.id, messageId, reaction, user, at, max);
  if (outcome === 'already')
    throw new ConfabError(ErrorCode.REACTION_ALREADY_ADDED, 'the user is already operation this message');
  if (outcome === 'limit') throw restError('MAX_LIMIT', 'reaction', 'The quantity has exceeded the limit!');
  await tellReactionChange(deps, { app, actor: user, target, reaction, op: 'create', at });
}

/** Only one's own reaction: 1103 when the user has not added it. */
export async function deleteReaction(
  deps: ReactionDeps,
  app: AppRecord,
  user: string,
  messageId: bigint,
  rawReaction: unknown,
): Promise<void> {
  requireReactions(app);
  const reaction = reactionId(rawReaction, deps.limits.reactionMaxChars);
  const target = await reactionTarget(deps.storage, app.id, messageId, user);
  if (!(await deps.storage.reactions.remove(app.id, messageId, reaction, user)))
    throw new ConfabError(ErrorCode.REACTION_OPERATION_IS_ILLEGAL, 'the user operation is illegal!');
  const at = deps.clock.now();
  await tellReactionChange(deps, { app, actor: user, target, reaction, op: 'delete', at });
}

/** A reaction as the list and detail calls answer it (`state` is "added by the caller"). */
export interface ReactionListEntry {
  reaction: string;
  count: number;
  state: boolean;
  userList: string[];
  reactionId: string;
}

/**
 * The reactions of each message the caller can see, in the order asked (messages it cannot see, or that do
 * not exist, are left out); each reaction with its first 3 users.
 */
export async function listReactions(
  deps: ReactionDeps,
  app: AppRecord,
  user: string,
  messageIds: readonly bigint[],
): Promise<{ msgId: string; reactionList: ReactionListEntry[] }[]> {
  requireReactions(app);
  const max = deps.limits.reactionListMaxMessages;
  if (messageIds.length === 0) throw badRequest('msgIdList is required');
  if (messageIds.length > max) throw badRequest(`msgIdList names at most ${max} messages`);
  const unique = [...new Set(messageIds)];
  const visible: bigint[] = [];
  for (const id of unique) {
    const t = await visibleTarget(deps.storage, app.id, id, user);
    if (typeof t === 'object' && 'message' in t) visible.push(id);
  }
  const all = await deps.storage.reactions.summaries(app.id, visible, user, REACTION_SAMPLE_USERS);
  return visible.map((id) => ({
    msgId: id.toString(),
    reactionList: all
      .filter((r) => r.messageId === id)
      .map((r) => ({ ...reactionJson(r), state: r.addedBySelf, reactionId: reactionKey(id, r.reaction) })),
  }));
}

/** An id for a message's reaction (Agora returns one; the SDK drops it). */
const reactionKey = (messageId: bigint, reaction: string) =>
  Buffer.from(`${messageId}:${reaction}`, 'utf8').toString('base64url');

export interface ReactionDetail {
  reaction: string;
  userCount: number;
  state: boolean;
  userList: string[];
  reactionId: string;
}

/**
 * The users of one reaction, `size` of them (at most the limit) from `offset`; `nextOffset` is where the
 * next page starts (none after the last).
 */
export async function reactionDetail(
  deps: ReactionDeps,
  app: AppRecord,
  user: string,
  messageId: bigint,
  rawReaction: unknown,
  page: { offset: number; size: number },
): Promise<{ detail: ReactionDetail; nextOffset: number | undefined }> {
  requireReactions(app);
  const reaction = reactionId(rawReaction, deps.limits.reactionMaxChars);
  await reactionTarget(deps.storage, app.id, messageId, user);
  const size = Math.min(page.size, deps.limits.reactionDetailMaxPage);
  const summary = (await deps.storage.reactions.summaries(app.id, [messageId], user, 0)).find(
    (r) => r.reaction === reaction,
  );
  const users = await deps.storage.reactions.users(app.id, messageId, reaction, page.offset, size + 1);
  const more = users.length > size;
  return {
    detail: {
      reaction,
      userCount: summary?.count ?? 0,
      state: summary?.addedBySelf ?? false,
      userList: users.slice(0, size),
      reactionId: reactionKey(messageId, reaction),
    },
    nextOffset: more ? page.offset + size : undefined,
  };
}
