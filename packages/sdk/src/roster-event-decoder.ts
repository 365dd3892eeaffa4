// A ROSTER meta (payload RosterBody) as the official SDK hands it to the app (spec msync §4.9): ADD →
// onContactInvited (subscribe), REMOVE → onContactDeleted, ACCEPT → onContactAdded, DECLINE and
// REMOTE_DECLINE → onContactRefuse (unsubscribed), REMOTE_ACCEPT → onContactAgreed (subscribed), with
// `{type, to: to[0].name, from: from.name, status: reason}`. BAN and ALLOW give nothing.
import { RosterOperation as Op, msync, type Meta } from '@confab/protocol';
import type { ContactMsgBody } from './types.js';

export type ContactEventName =
  'onContactInvited' | 'onContactDeleted' | 'onContactAdded' | 'onContactRefuse' | 'onContactAgreed';

const TABLE: Partial<Record<number, [ContactEventName, ContactMsgBody['type']]>> = {
  [Op.ADD]: ['onContactInvited', 'subscribe'],
  [Op.REMOVE]: ['onContactDeleted', 'unsubscribed'],
  [Op.ACCEPT]: ['onContactAdded', 'subscribed'],
  [Op.DECLINE]: ['onContactRefuse', 'unsubscribed'],
  [Op.REMOTE_ACCEPT]: ['onContactAgreed', 'subscribed'],
  [Op.REMOTE_DECLINE]: ['onContactRefuse', 'unsubscribed'],
};

export function decodeRosterMeta(
  meta: Meta,
): { event: ContactEventName; payload: ContactMsgBody } | undefined {
  const body = msync.RosterBody.decode(meta.payload ?? new Uint8Array());
  const row = TABLE[body.operation ?? -1];
  if (!row) return undefined;
  return {
    event: row[0],
    payload: {
      type: row[1],
      to: body.to?.[0]?.name ?? '',
      from: body.from?.name ?? '',
      status: body.reason ?? '',
    },
  };
}
