// The JSON message of REST bodies (conversation `meta`, pinned `message`, REST spec §1.3) as an app message,
// following the official module 565 `h`: the first body gives the kind and its fields.
export interface JsonMessage {
  id?: string;
  timestamp?: number;
  to?: string;
  payload?: string | Record<string, unknown>;
}

type Body = Record<string, unknown> & { type?: string; size?: { width?: number; height?: number } };

const CHAT_TYPES: Record<string, string> = {
  chat: 'singleChat',
  groupchat: 'groupChat',
  chatroom: 'chatRoom',
};

export function messageFromJson(json: JsonMessage): Record<string, unknown> | undefined {
  const payload = (typeof json.payload === 'string' ? JSON.parse(json.payload) : json.payload) as
    | (Record<string, unknown> & { bodies?: Body[]; meta?: { edit_msg?: Record<string, unknown> } })
    | undefined;
  if (!payload) return undefined;
  const body: Body = payload.bodies?.[0] ?? {};
  const common: Record<string, unknown> = {
    id: json.id,
    type: body.type ?? 'txt',
    chatType: CHAT_TYPES[typeof payload['type'] === 'string' ? payload['type'] : 'chat'] ?? 'singleChat',
    from: payload['from'],
    to: payload['to'] ?? json.to ?? '',
    time: json.timestamp,
    ext: payload['ext'] ?? {},
  };
  const edit = payload.meta?.edit_msg;
  if (edit)
    common['modifiedInfo'] = {
      operationTime: edit['edit_time'],
      operatorId: edit['operator'],
      operationCount: edit['count'],
    };
  switch (body.type) {
    case 'txt':
      return { ...common, msg: body['msg'] ?? '' };
    case 'custom': {
      const exts = Array.isArray(body['customExts']) ? (body['customExts'] as Record<string, unknown>[]) : [];
      return { ...common, customEvent: body['customEvent'] ?? '', customExts: Object.assign({}, ...exts) };
    }
    case 'img':
      return {
        ...common,
        url: body['url'],
        secret: body['secret'],
        width: body.size?.width ?? 0,
        height: body.size?.height ?? 0,
      };
    default: {
      const { type: _type, ...fields } = body;
      return { ...fields, ...common };
    }
  }
}
