// Edit (`modifyMessage`, msync spec §4.7): an EDIT body naming the message, the ACK's NOTIFY meta with
// the `edit_msg` JSON (→ modifiedInfo), and received EDITs (→ onModifiedMessage).
import { MessageType, NameSpace, u64ToString } from '@confab/protocol';
import type { CommSyncDL, MessageBody as WireMessageBody } from '@confab/protocol';

/** easemob.pb.MessageBody.EditScope */
export const EditScope = { BODY: 1, BODY_AND_EXT: 2 } as const;

export interface ModifiedInfo {
  operationTime: number;
  operatorId: string;
  operationCount: number;
}

interface EditMsg {
  count?: number;
  operator?: string;
  edit_time?: number;
  sender?: string;
  send_time?: number;
  chat_type?: string;
}

const CHAT_TYPES: Record<string, 'singleChat' | 'groupChat' | 'chatRoom'> = {
  'chat:user': 'singleChat',
  'chat:group': 'groupChat',
  'chat:room': 'chatRoom',
};

/** Marks an outgoing body as the edit of `editMessageId` (scope: body, or body and ext when ext is set). */
export function asEdit(body: WireMessageBody, editMessageId: string, hasExt: boolean): void {
  body.type = MessageType.EDIT;
  body.editMessageId = editMessageId;
  body.editScope = hasExt ? EditScope.BODY_AND_EXT : EditScope.BODY;
}

function editMsgOf(text: string | undefined): EditMsg | undefined {
  if (!text) return undefined;
  try {
    return (JSON.parse(text) as { edit_msg?: EditMsg }).edit_msg;
  } catch {
    return undefined;
  }
}

const infoOf = (e: EditMsg): ModifiedInfo => ({
  operationTime: e.edit_time ?? 0,
  operatorId: e.operator ?? '',
  operationCount: e.count ?? 0,
});

/** The `edit_msg` of an edit ACK (metas[0], ns NOTIFY), if any. */
export function modifiedInfoFromAck(dl: CommSyncDL): ModifiedInfo | undefined {
  const first = dl.metas?.[0];
  if (!first || first.ns !== NameSpace.NOTIFY || !first.payload) return undefined;
  const e = editMsgOf(new TextDecoder().decode(first.payload));
  return e && infoOf(e);
}

/** What a received EDIT changes in the message it names: id, original sender and time, modifiedInfo. */
export function editedFields(body: WireMessageBody): Record<string, unknown> {
  const e = editMsgOf(body.meta) ?? {};
  const out: Record<string, unknown> = {
    id: body.editMessageId === undefined ? '' : u64ToString(body.editMessageId),
    modifiedInfo: infoOf(e),
  };
  if (e.sender) out['from'] = e.sender;
  if (e.send_time !== undefined) out['time'] = Number(e.send_time);
  const chatType = CHAT_TYPES[e.chat_type ?? ''];
  if (chatType) out['chatType'] = chatType;
  return out;
}
