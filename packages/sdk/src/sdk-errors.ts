// The errors the SDK raises on its own (client-side), with the official SDK's codes and messages, so
// apps that switch on `err.type` / compare `err.message` keep working. Wire-derived errors
// (provision, ACK, HTTP, kicks) come from the mappers in @confab/protocol instead.
import { ConfabError, ErrorCode } from '@confab/protocol';

export { ConfabError };

const make = (type: number, message: string) => (data?: unknown) => new ConfabError(type, message, data);

export const sdkErrors = {
  userNotAssigned: make(
    ErrorCode.WEBIM_CONNCTION_USER_NOT_ASSIGN_ERROR,
    'the user is empty or type is not string',
  ),
  openParamIllegal: make(ErrorCode.WEBIM_CONNCTION_OPEN_ERROR, 'the param is illegal'),
  pwdOrTokenIllegal: make(ErrorCode.WEBIM_CONNCTION_OPEN_ERROR, 'the accessToken or pwd is illegal'),
  tokenIllegal: make(ErrorCode.WEBIM_CONNCTION_OPEN_ERROR, 'the accessToken is illegal'),
  agoraTokenIllegal: make(ErrorCode.WEBIM_CONNCTION_OPEN_ERROR, 'the agoraToken is illegal'),
  loggingIn: make(ErrorCode.WEBIM_CONNCTION_OPEN_ERROR, 'Currently logging in, please wait.'),
  alreadyLoggedIn: make(ErrorCode.WEBIM_USER_ALREADY_LOGIN, 'The user has logged in.'),
  connectionTimeout: make(ErrorCode.REQUEST_TIMEOUT, 'connection timeout'),
  provisionTimeout: make(ErrorCode.REQUEST_TIMEOUT, 'provision timeout'),
  disconnected: make(ErrorCode.WEBIM_CONNCTION_DISCONNECTED, 'websocket has been disconnected'),
  reconnectionFailed: make(ErrorCode.WEBIM_CONNCTION_DISCONNECTED, 'reconnection failed'),
  notLogin: make(ErrorCode.WEBIM_CONNECTION_CLOSED, 'not login'),
  missingId: make(ErrorCode.MESSAGE_PARAMETER_ERROR, 'Missing required parameter: "id"'),
  missingTo: make(ErrorCode.MESSAGE_PARAMETER_ERROR, 'Missing required parameter: "to"'),
  sendTimeout: make(ErrorCode.MESSAGE_SEND_TIMEOUT, 'send message timeout'),
  socketDisconnected: make(ErrorCode.MESSAGE_WEBSOCKET_DISCONNECTED, 'websocket disconnected'),
  callbackError: make(ErrorCode.WEBIM_CONNCTION_CALLBACK_INNER_ERROR, 'on message error'),
  sdkRuntime: make(ErrorCode.SDK_RUNTIME_ERROR, 'send message error'),
  invalidParameter: (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message),
  requestTimeout: make(ErrorCode.REQUEST_TIMEOUT, 'request timeout'),
  requestUnknown: make(ErrorCode.REQUEST_UNKNOWN, 'request error'),
} as const;

/** Login errors after which the official SDK does not retry the socket (constant `Ec`, §8). */
export const NON_RETRYABLE_LOGIN_CODES: readonly number[] = [50, 56, 28, 204, 2, -3, 57];

/** Wraps a REST failure of POST /token as the official `open()` does (§1.4): type 1, inner message. */
export function wrapLoginRestError(inner: { type: number; message: string }): ConfabError {
  return new ConfabError(ErrorCode.WEBIM_CONNCTION_OPEN_ERROR, inner.message || 'login failed', inner);
}
