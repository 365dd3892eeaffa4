// Node entry of @confab/sdk (package.json `exports` "node" condition): the same API, with `ws` as
// the default WebSocket because Node 20 has no global one. The browser core never imports this file.
import WebSocket from 'ws';
import {
  ConfabError,
  ErrorCode,
  Connection as CoreConnection,
  createMessage,
  getUniqueId,
  message,
  reconnectDelayMs,
  userExists,
  getClientSettings,
  getConversationState,
  requestFreshToken,
} from './index.js';
import type { ConnectionParameters, WebSocketConstructor } from './index.js';

export class Connection extends CoreConnection {
  constructor(options: ConnectionParameters) {
    super({ ...options, WebSocket: options.WebSocket ?? (WebSocket as unknown as WebSocketConstructor) });
  }
}

/** Lower-case alias, as in `new AgoraChat.connection(...)`. */
export const connection = Connection;

export {
  ConfabError,
  ErrorCode,
  createMessage,
  getClientSettings,
  getConversationState,
  getUniqueId,
  message,
  reconnectDelayMs,
  requestFreshToken,
  userExists,
};
// Every type of the browser entry, unchanged.
export type * from './index.js';

const AgoraChat = { connection: Connection, message, statusCode: ErrorCode, utils: { getUniqueId } } as const;
export default AgoraChat;
