// onReactionChange (spec msync §4.9): a NOTIFY meta `{"type":"reaction","data":[{from,to,channel_type,
// messageId,reactions,ts}]}` stored in the message's own conversation log (the 1:1 pair's or the group's
// `g:<id>`), so both sides of a one-to-one message or every member of its group get it online at once or at
// their next login, in order, once; the acting user's other devices too. `reactions` is the message's
// reaction list after the change (a reaction that lost its last user with count 0), the changed one with
// `op: [{operator, reactionType: "create" | "delete"}]`. The entry is no chat message (NOTIFY_ENTRY), so
// history, unread counts and conversation lists skip it.
import { Domain, msync, NameSpace, toU64, type Jid, type Meta } from '@confab/protocol';
import { directConversation } from '../conversations/direct-conversation.js';
import { groupTarget, publishGroupEntry } from '../messages/group-fanout.js';
import type { MessageIdGenerator } from '../messages/message-id.js';
import { queueHints } from '../messages/queue-hints.js';
import type { Bus } from '../ports/bus.js';
import type { Logger } from '../ports/logger.js';
import type { ReactionSummary } from '../ports/reactions.js';
import type { AppRecord, NewMessage, Storage } from '../ports/storage.js';
import type { ReactionTarget } from './reaction-target.js';

/** chat_type of a stored NOTIFY meta: past every MessageBody type (100 + Meta.NameSpace NOTIFY). */
export const NOTIFY_ENTRY = 100 + NameSpace.NOTIFY;

/** Users a reaction shows in lists and change events (agora-rest-api.md §4: "the first 3 users"). */
export const REACTION_SAMPLE_USERS = 3;

export interface ReactionNotifyDeps {
  storage: Pick<Storage, 'messages' | 'reactions'>;
  bus: Bus;
  ids: MessageIdGenerator;
  logger: Logger;
}

export interface ReactionChange {
  app: AppRecord;
  actor: string;
  target: ReactionTarget;
  reaction: string;
  op: 'create' | 'delete';
  at: number;
}

/** A reaction as events and lists carry it (the SDK renames `state` to `isAddedBySelf` in lists). */
export const reactionJson = (r: Pick<ReactionSummary, 'reaction' | 'count' | 'users'>) => ({
  reaction: r.reaction,
  count: r.count,
  userList: r.users,
});

const jid = (appKey: string, name: string, domain: string): Jid => ({ appKey, name, domain });

/** Stores the change event (durable when this resolves), then wakes the devices that drain the log. */
export async function tellReactionChange(deps: ReactionNotifyDeps, c: ReactionChange): Promise<void> {
  const m = c.target.message;
  const { groupId } = c.target;
  const to = c.target.peerOf(c.actor);
  const now = await deps.storage.reactions.summaries(c.app.id, [m.id], c.actor, REACTION_SAMPLE_USERS);
  const reactions: Record<string, unknown>[] = now.map((r) => reactionJson(r));
  const op = [{ operator: c.actor, reactionType: c.op }];
  const changed = reactions.find((r) => r['reaction'] === c.reaction);
  if (changed) changed['op'] = op;
  else reactions.push({ reaction: c.reaction, count: 0, userList: [], op });
  const payload = {
    type: 'reaction',
    data: [
      {
        from: c.actor,
        to,
        channel_type: groupId === undefined ? 'chat' : 'groupchat',
        messageId: m.id.toString(),
        reactions,
        ts: c.at,
      },
    ],
  };
  const appKey = `${c.app.org}#${c.app.name}`;
  const id = deps.ids.next();
  const meta: Meta = {
    id: toU64(id),
    from: jid(appKey, c.actor, Domain.USER),
    to: jid(appKey, to, groupId === undefined ? Domain.USER : Domain.CONFERENCE),
    timestamp: toU64(c.at),
    ns: NameSpace.NOTIFY,
    payload: new TextEncoder().encode(JSON.stringify(payload)),
  };
  const entry: NewMessage = {
    id,
    appId: c.app.id,
    sender: c.actor,
    // The REST call names no device: every device of the actor is told.
    senderResource: '',
    clientMsgId: `e${id}`,
    recipient: groupId === undefined ? to : m.recipient,
    chatType: NOTIFY_ENTRY,
    createdAt: c.at,
    meta: msync.Meta.encode(meta),
  };
  const target = groupId === undefined ? directConversation(c.actor, to) : groupTarget(groupId);
  const stored = (await deps.storage.messages.append(entry, target)).message;
  const onError = (err: unknown) => deps.logger.warn({ err }, 'bus publish failed (reaction change)');
  if (groupId !== undefined) {
    await publishGroupEntry(
      deps.bus,
      { appId: c.app.id, groupId, seq: stored.seq, entry: stored.meta },
      onError,
    );
    return;
  }
  const origin = { username: c.actor, resource: '' };
  for (const hint of queueHints(c.app.id, target, origin, stored.seq.toString(), stored.meta)) {
    delete hint.exceptResource;
    await deps.bus.publish(hint).catch(onError);
  }
}
