// `new connection(options)`: the public client with the official SDK's API. It owns what outlives a
// socket (handlers, pending sends, de-duplication, token timers) and the login/reconnect lifecycle;
// each logged-in socket is a Session.
import { ConfabError, ErrorCode, frames } from '@confab/protocol';
import type { Meta } from '@confab/protocol';
import { fetchTokenExpiry, selfIdsOnOtherPlatform } from './account-calls.js';
import type { AccountContext, RenewTokenResult } from './account-calls.js';
import * as conversations from './conversation-calls.js';
import { EventHub } from './event-hub.js';
import {
  deleteAllMessagesAndConversations,
  fetchHistoryMessages,
  getHistoryMessages,
  removeHistoryMessages,
} from './history-calls.js';
import type { FetchHistoryMessagesParams, HistoryCache } from './history-calls.js';
import { parseCombineFile } from './combine-file.js';
import { decodeChatMeta } from './message-decoder.js';
import * as reportAndPin from './report-and-pin-calls.js';
import type { GetHistoryMessagesParams, RemoveHistoryMessagesParams } from './history-calls.js';
import { safeLogger } from './log-events.js';
import type { SdkLogger } from './log-events.js';
import { loginOnce } from './login-attempt.js';
import type { LoggedIn } from './login-attempt.js';
import { buildSendMeta, getUniqueId } from './message-factory.js';
import { translateBeforeSend, wantsTranslation } from './translation-calls.js';
import type { RecallRequest } from './message-factory.js';
import { downloadFile, needsUpload, uploadFile, withUploadedFile } from './attachment-upload.js';
import type { UploadedFile } from './attachment-upload.js';
import { normalizeChatType } from './message-factory.js';
import { checkOpenParameters } from './open-params.js';
import { PendingSends } from './pending-sends.js';
import { PROTOCOL_CLIENT_VERSION, deviceInfo } from './provision.js';
import type { DeviceInfo } from './provision.js';
import { RecentIds } from './recent-ids.js';
import { ReconnectPolicy } from './reconnect-policy.js';
import { RestClient } from './rest-client.js';
import { sdkErrors } from './sdk-errors.js';
import {
  deviceOptions,
  isRetryableLoginError,
  loginWithRetries,
  resolveWebSocket,
  sessionToken,
} from './login-flow.js';
import { Session } from './session.js';
import { MucCalls } from './room-socket-calls.js';
import { SyncQueue } from './sync-queue.js';
import { TokenExpiry } from './token-expiry.js';
import type {
  ConnectionParameters,
  EventHandlerType,
  ListenParameters,
  LoginResult,
  MessageBody,
  OpenParameters,
  RegisterUserParameters,
  RegisterUserResult,
  ReceivedMessage,
  SendMsgResult,
} from './types.js';

/** The handler id that listen() registers under (one set of legacy callbacks at a time). */
const LISTEN_HANDLER_ID = '__listen__';

export class Connection {
  readonly appKey: string;
  readonly orgName: string;
  readonly appName: string;
  readonly url: string;
  readonly apiUrl: string;
  readonly heartBeatWait: number;
  readonly autoReconnectNumMax: number;
  readonly deviceId: string;
  readonly version = PROTOCOL_CLIENT_VERSION;
  /** The session token after a successful open(). */
  token = '';
  /** The logged-in user ('' before open). */
  user = '';
  /** The device resource the server accepted. */
  clientResource = '';

  private readonly options: ConnectionParameters;
  /** Room JOIN / LEAVE calls waiting for their ACK (room-calls.ts). */
  readonly mucCalls = new MucCalls(() => this.forceReconnect());
  private readonly log: SdkLogger;
  private readonly hub: EventHub;
  private readonly pending: PendingSends;
  private readonly syncQueue = new SyncQueue(() => ({ user: this.user, resource: this.clientResource }));
  private readonly recentIds = new RecentIds();
  private readonly tokenExpiry: TokenExpiry;
  private readonly policy: ReconnectPolicy;
  private readonly rest: RestClient;
  private device: DeviceInfo | undefined;
  private session: Session | null = null;
  /** Mirrors the official `logOut`: true before login, after close(), a kick or a lost reconnect. */
  private loggedOut = true;
  private logging = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The reconnect attempt the timer waits for (reconnectNow runs it at once). */
  private reconnectDue: { attempt: number; generation: number } | undefined;
  private disconnectedReason: ConfabError | undefined;
  private loginInfoCustomExt: string | undefined;
  /** fetchHistoryMessages' per-queue read-ahead (the official `mr_cache`). */
  private readonly historyCache = new Map<string, HistoryCache>();
  /** Bumped by close(): async login work started before it must not resurrect the connection. */
  private generation = 0;

  constructor(options: ConnectionParameters) {
    this.options = { ...options };
    const appKey = options.appKey ?? '';
    const parts = appKey.split('#');
    if (parts.length !== 2) throw sdkErrors.invalidParameter(`Invalid appKey: ${appKey}`);
    this.appKey = appKey;
    this.orgName = parts[0]!;
    this.appName = parts[1]!;
    this.url = options.url ?? '';
    this.apiUrl = options.apiUrl ?? '';
    this.heartBeatWait = options.heartBeatWait ?? 30_000;
    this.autoReconnectNumMax = options.autoReconnectNumMax ?? 5;
    this.deviceId = options.deviceId ?? 'webim';
    this.log = safeLogger(options.log);
    this.hub = new EventHub(this.log);
    this.pending = new PendingSends(this.log, () => this.forceReconnect());
    this.policy = new ReconnectPolicy(this.autoReconnectNumMax);
    this.tokenExpiry = new TokenExpiry({
      willExpire: () => this.hub.dispatch('onTokenWillExpire'),
      expired: () => {
        this.hub.dispatch('onTokenExpired');
        this.close();
      },
    });
    this.rest = new RestClient({
      apiUrl: this.apiUrl,
      orgName: this.orgName,
      appName: this.appName,
      fetch: options.fetch,
    });
  }

  addEventHandler(id: string, handlers: EventHandlerType): void {
    this.hub.add(id, handlers);
  }

  removeEventHandler(id: string): void {
    this.hub.remove(id);
  }

  /** Alias of addEventHandler, kept for apps written against early Confab seeds. */
  addEventListener(id: string, handlers: EventHandlerType): void {
    this.addEventHandler(id, handlers);
  }

  /**
   * Official (deprecated) listen({onOpened, onTextMessage, onError, …}): the legacy callbacks, kept as one
   * handler set that a later listen() replaces. onOpened/onClosed map to onConnected/onDisconnected and
   * onPictureMessage to onImageMessage.
   */
  listen(parameters: ListenParameters): void {
    const { onOpened, onClosed, onPictureMessage, ...rest } = parameters ?? {};
    const handlers: EventHandlerType = { ...(rest as EventHandlerType) };
    if (onOpened) handlers.onConnected = () => onOpened();
    if (onClosed) handlers.onDisconnected = () => onClosed();
    if (onPictureMessage) handlers.onImageMessage = onPictureMessage;
    this.hub.add(LISTEN_HANDLER_ID, handlers);
  }

  /**
   * Official onShow(): an app coming back to the foreground asks whether the socket still answers. The
   * official SDK pings (UNREAD) and reconnects when no answer comes; this SDK already runs that check on its
   * heartbeat, so onShow only starts it early.
   */
  onShow(): void {
    if (!this.loggedOut && this.session) this.session.probe();
  }

  removeEventListener(id: string): void {
    this.hub.remove(id);
  }

  getUniqueId(): string {
    return getUniqueId();
  }

  setLoginInfoCustomExt(ext: string): void {
    if (ext && typeof ext !== 'string') throw sdkErrors.invalidParameter('ext must be a string');
    if (ext && ext.length > 1024) throw sdkErrors.invalidParameter('ext length must be less than 1024');
    this.loginInfoCustomExt = ext;
  }

  isOpened(): boolean {
    return !this.loggedOut && !!this.session?.isOpen;
  }

  /** Official renewToken: the server confirms the new token's expiry; later reconnects use the new token. */
  async renewToken(token: string): Promise<RenewTokenResult> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the official SDK rejects {status:false}
    if (!this.isOpened()) return Promise.reject({ status: false });
    const result = await fetchTokenExpiry(this.accountContext(), token);
    this.token = token;
    this.tokenExpiry.arm(result.expire);
    return result;
  }

  /** Official getSelfIdsOnOtherPlatform: {type: 0, data: ["user/resource", …]} of the user's other devices. */
  getSelfIdsOnOtherPlatform(): Promise<{ type: 0; data: string[] }> {
    if (this.loggedOut) return Promise.reject(sdkErrors.notLogin());
    return selfIdsOnOtherPlatform(this.accountContext());
  }

  /** Official getHistoryMessages: {cursor, messages, isLast} from the server's history. */
  getHistoryMessages(params: GetHistoryMessagesParams) {
    if (this.loggedOut) return Promise.reject(sdkErrors.notLogin());
    return getHistoryMessages(this.accountContext(), params);
  }

  /** Official removeHistoryMessages: one-way delete by messageIds or beforeTimeStamp. */
  removeHistoryMessages(params: RemoveHistoryMessagesParams): Promise<void> {
    if (this.loggedOut) return Promise.reject(sdkErrors.notLogin());
    return removeHistoryMessages(this.accountContext(), params);
  }

  /** Official (deprecated) fetchHistoryMessages({queue, start, count, isGroup}): messages, oldest first. */
  fetchHistoryMessages(params: FetchHistoryMessagesParams): Promise<ReceivedMessage[]> {
    return this.loggedIn(() => fetchHistoryMessages(this.accountContext(), this.historyCache, params));
  }

  /** Official deleteAllMessagesAndConversations(): every conversation and message of the user, one-way. */
  deleteAllMessagesAndConversations(): Promise<void> {
    return this.loggedIn(() => deleteAllMessagesAndConversations(this.accountContext()));
  }

  /** Official (legacy) getSessionList(): the raw `{data: {channel_infos}}` of the conversation list. */
  getSessionList(params?: { success?: (res: unknown) => void; error?: (error: unknown) => void }) {
    return this.withCallbacks(params, () => conversations.getSessionList(this.accountContext()));
  }

  /** Official getConversationlist({pageNum, pageSize}): the legacy list, each row with `lastMessage`. */
  getConversationlist(params?: {
    pageNum?: number;
    pageSize?: number;
    success?: (res: unknown) => void;
    error?: (error: unknown) => void;
  }) {
    return this.withCallbacks(params, () => conversations.getConversationlist(this.accountContext(), params));
  }

  /** Official (deprecated) deleteSession: the same call as deleteConversation. */
  deleteSession(params: Parameters<typeof conversations.deleteConversation>[1]) {
    return this.deleteConversation(params);
  }

  /** Official getServerConversations: {type: 0, data: {conversations, cursor}}. */
  getServerConversations(params?: { pageSize?: number; cursor?: string }) {
    return this.loggedIn(() => conversations.getServerConversations(this.accountContext(), params));
  }

  getServerPinnedConversations(params?: { pageSize?: number; cursor?: string }) {
    return this.loggedIn(() => conversations.getServerConversations(this.accountContext(), params, true));
  }

  getServerConversationsByFilter(params: Parameters<typeof conversations.getServerConversationsByFilter>[1]) {
    return this.loggedIn(() => conversations.getServerConversationsByFilter(this.accountContext(), params));
  }

  pinConversation(params: Parameters<typeof conversations.pinConversation>[1]) {
    return this.loggedIn(() => conversations.pinConversation(this.accountContext(), params));
  }

  addConversationMark(params: Parameters<typeof conversations.markConversations>[1]) {
    return this.loggedIn(() => conversations.markConversations(this.accountContext(), params, true));
  }

  removeConversationMark(params: Parameters<typeof conversations.markConversations>[1]) {
    return this.loggedIn(() => conversations.markConversations(this.accountContext(), params, false));
  }

  deleteConversation(params: Parameters<typeof conversations.deleteConversation>[1]) {
    return this.loggedIn(() => conversations.deleteConversation(this.accountContext(), params));
  }

  /** Official reportMessage({reportType, reportReason, messageId}). */
  reportMessage(params: reportAndPin.ReportMessageParams): Promise<void> {
    return this.loggedIn(() => reportAndPin.reportMessage(this.accountContext(), params));
  }

  /** Official pinMessage / unpinMessage({conversationId, conversationType, messageId}). */
  pinMessage(params: reportAndPin.MessagePinParams): Promise<void> {
    return this.loggedIn(() => reportAndPin.setMessagePinned(this.accountContext(), params, true));
  }

  unpinMessage(params: reportAndPin.MessagePinParams): Promise<void> {
    return this.loggedIn(() => reportAndPin.setMessagePinned(this.accountContext(), params, false));
  }

  /** Official getServerPinnedMessages: {type: 0, data: {list: [{message, pinTime, operatorId}], cursor}}. */
  getServerPinnedMessages(params: reportAndPin.GetServerPinnedMessagesParams) {
    return this.loggedIn(() => reportAndPin.getServerPinnedMessages(this.accountContext(), params));
  }

  private loggedIn<T>(call: () => Promise<T>): Promise<T> {
    if (this.loggedOut) return Promise.reject(sdkErrors.notLogin());
    return call();
  }

  /**
   * A logged-in call that also reports to the official `success`/`error` callbacks.
   * @internal Also used by the method files that extend Connection (group-list-methods.ts).
   */
  withCallbacks<T>(
    params: { success?: (res: T) => void; error?: (error: unknown) => void } | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    return this.loggedIn(call).then(
      (res) => {
        params?.success?.(res);
        return res;
      },
      (error: unknown) => {
        params?.error?.(error);
        throw error;
      },
    );
  }

  /** @internal What the REST call files need of this connection (also group-list-methods.ts). */
  accountContext(): AccountContext {
    const { apiUrl, orgName, appName, user, token, clientResource: resource } = this;
    return { apiUrl, orgName, appName, user, token, resource, fetch: this.options.fetch };
  }

  async registerUser(params: RegisterUserParameters): Promise<RegisterUserResult> {
    if (!params?.username || !params?.password) throw sdkErrors.invalidParameter('Invalid parameter');
    try {
      const body = await this.rest.registerUser({
        username: params.username,
        password: params.password,
        nickname: params.nickname || '',
      });
      const result = { ...body, type: 0 } as RegisterUserResult;
      params.success?.(result);
      return result;
    } catch (error) {
      params.error?.(error as ConfabError);
      throw error;
    }
  }

  async open(params: OpenParameters): Promise<LoginResult> {
    if (this.logging) throw sdkErrors.loggingIn();
    if (!this.loggedOut) throw sdkErrors.alreadyLoggedIn();
    const generation = this.generation;
    this.logging = true;
    try {
      const checked = checkOpenParameters(params);
      if (!checked.ok) throw checked.error;
      const { token, result } = await sessionToken(this.rest, checked.credentials);
      this.token = token;
      this.user = checked.credentials.user;
      this.device ??= deviceInfo(deviceOptions(this.options, this.deviceId));
      const cancelled = () => generation !== this.generation;
      this.onLoggedIn(await loginWithRetries((attempt) => this.loginSocket(attempt), cancelled));
      params.success?.(result);
      return result;
    } catch (error) {
      this.logging = false;
      this.hub.dispatch('onError', error as ConfabError);
      params?.error?.(error as ConfabError);
      throw error;
    }
  }

  close(): void {
    this.generation += 1;
    this.loggedOut = true;
    this.logging = false;
    this.disconnectedReason = undefined;
    clearTimeout(this.reconnectTimer);
    this.tokenExpiry.stop();
    this.pending.rejectAll(sdkErrors.socketDisconnected(), sdkErrors.notLogin());
    this.session?.close(); // its close event fires onDisconnected
  }

  send(message: MessageBody): Promise<SendMsgResult> {
    // msgConfig.languages: translated first, as the official SDK does (translation-calls.ts).
    if (!this.loggedOut && wantsTranslation(message))
      return translateBeforeSend(this.accountContext(), message).then((m) => this.sendNow(m));
    if (!this.loggedOut && message && needsUpload(message))
      return withUploadedFile(this.files(), this.token, message).then((m) => this.sendNow(m));
    return this.sendNow(message);
  }

  /** Official recallMessage({mid, to, chatType, ext}): resolves {localMsgId, serverMsgId}. */
  recallMessage(params: {
    mid: string;
    to: string;
    chatType?: string;
    ext?: string;
  }): Promise<SendMsgResult> {
    const recall: RecallRequest = {
      ...{ id: getUniqueId(), type: 'recall', to: params.to, ackId: params.mid },
      chatType: normalizeChatType(params.chatType),
      ...(params.ext ? { metaExt: params.ext } : {}),
    };
    return this.sendNow(recall as unknown as MessageBody);
  }

  /** Official modifyMessage({messageId, modifiedMessage}): resolves with modifiedInfo (and the text message). */
  modifyMessage(params: { messageId: string; modifiedMessage: MessageBody }): Promise<SendMsgResult> {
    if (!params?.messageId)
      return Promise.reject(sdkErrors.invalidParameter('Invalid parameter: "messageId"'));
    return this.sendNow({
      ...params.modifiedMessage,
      editMessageId: params.messageId,
    } as unknown as MessageBody);
  }

  /** utils.uploadFile equivalent: POST /chatfiles with this session's token. */
  uploadFile(file: { data: Blob; filename?: string }): Promise<UploadedFile> {
    return uploadFile(this.files(), this.token, file);
  }

  /** utils.download equivalent: the attachment's bytes (222/223/200 on failure). */
  downloadFile(url: string, secret?: string): Promise<Uint8Array> {
    return downloadFile(this.files(), this.token, url, secret);
  }

  /**
   * Official downloadAndParseCombineMessage({url, secret}): the messages inside a combined message's file.
   * A failed download rejects with 200, a bad file with 203, as the official SDK does.
   */
  async downloadAndParseCombineMessage(options: {
    url: string;
    secret?: string;
  }): Promise<ReceivedMessage[]> {
    let bytes: Uint8Array;
    try {
      bytes = await downloadFile(this.files(), this.token, options.url, options.secret);
    } catch (cause) {
      throw new ConfabError(ErrorCode.WEBIM_DOWNLOADFILE_ERROR, 'Download failed, please try again', {
        cause,
      });
    }
    const self = { user: this.user, resource: this.clientResource, apiUrl: this.apiUrl, token: this.token };
    const messages: ReceivedMessage[] = [];
    for (const meta of parseCombineFile(bytes)) {
      const decoded = decodeChatMeta(meta, self);
      if (decoded.kind === 'message') messages.push(decoded.message);
    }
    return messages;
  }

  private files() {
    const { apiUrl, orgName, appName } = this;
    const f =
      this.options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
    return { apiUrl, orgName, appName, fetch: f };
  }

  /** Writes a meta of a non-message call; false when the socket is down. */
  writeMeta(meta: Meta): boolean {
    return !this.loggedOut && !!this.session?.write(frames.syncUL({ meta }));
  }

  private sendNow(message: MessageBody): Promise<SendMsgResult> {
    return new Promise<SendMsgResult>((resolve, reject) => {
      if (this.loggedOut) return reject(sdkErrors.notLogin());
      if (!message?.id || typeof message.id !== 'string') return reject(sdkErrors.missingId());
      if (!message.to || typeof message.to !== 'string') return reject(sdkErrors.missingTo());
      const meta = buildSendMeta(message, { user: this.user, appKey: this.appKey });
      const entry = { message, meta, resolve, reject };
      if (this.session?.write(frames.syncUL({ meta }))) this.pending.track(message.id, entry);
      // Socket down while logged in: keep it for the next login, like the official unMSyncSendMsgMap.
      else this.pending.enqueue(message, meta, resolve, reject);
    });
  }

  private async loginSocket(attempt: number): Promise<LoggedIn> {
    const { WebSocket, customOSPlatform } = this.options;
    return loginOnce({
      ...{ url: this.url, log: this.log, attempt, appKey: this.appKey, user: this.user, token: this.token },
      WebSocket: resolveWebSocket(WebSocket),
      device: this.device!,
      ...(customOSPlatform === undefined ? {} : { customOSPlatform }),
      ...(this.loginInfoCustomExt ? { loginInfoCustomExt: this.loginInfoCustomExt } : {}),
    });
  }

  // What the official `ne()` does after a good provision: state, onConnected, queued sends, UNREAD.
  private onLoggedIn(loggedIn: LoggedIn): void {
    this.clientResource = loggedIn.resource;
    this.loggedOut = false;
    this.logging = false;
    this.disconnectedReason = undefined;
    this.policy.reset();
    this.syncQueue.reset();
    if (loggedIn.expiresAt !== undefined) this.tokenExpiry.arm(loggedIn.expiresAt);
    const { hub, pending, syncQueue, recentIds, tokenExpiry, log } = this;
    const session = new Session(loggedIn.transport, {
      ...{ hub, pending, syncQueue, recentIds, tokenExpiry, log, heartbeatCheckMs: this.heartBeatWait },
      self: { user: this.user, resource: this.clientResource, apiUrl: this.apiUrl, token: this.token },
      metaAck: (dl) => this.mucCalls.settle(dl),
      onKick: (error) => this.onKick(session, error),
      onClosed: (closed) => this.onSocketClosed(closed),
    });
    this.session = session;
    this.hub.dispatch('onConnected');
    this.pending.flushQueued((meta) => session.write(frames.syncUL({ meta })));
    session.start();
  }

  private onKick(session: Session, error: ConfabError): void {
    this.log({ kind: 'kicked', type: error.type });
    this.loggedOut = true;
    this.disconnectedReason = error;
    this.tokenExpiry.stop();
    this.hub.dispatch('onError', error);
    this.pending.rejectAll(sdkErrors.socketDisconnected(), sdkErrors.notLogin());
    session.close(); // the official client waits for the server's close; we do not stay half-dead
  }

  private onSocketClosed(session: Session): void {
    if (session !== this.session) return;
    this.session = null;
    this.pending.rejectOnWire();
    if (this.loggedOut) {
      this.hub.dispatch('onDisconnected', this.disconnectedReason);
      return;
    }
    this.scheduleReconnect();
  }

  /** A message ACK timed out: the official client assumes a dead socket and reconnects. */
  private forceReconnect(): void {
    if (!this.loggedOut && this.session) this.session.close();
  }

  private scheduleReconnect(): void {
    const next = this.policy.next();
    if (!next) {
      this.log({ kind: 'reconnect-exhausted', attempts: this.policy.used });
      this.giveUp(sdkErrors.reconnectionFailed(), sdkErrors.disconnected());
      return;
    }
    this.log({ kind: 'reconnect-scheduled', ...next });
    this.hub.dispatch('onReconnecting');
    this.hub.dispatch('onError', sdkErrors.disconnected());
    const due = { attempt: next.attempt, generation: this.generation };
    this.reconnectDue = due;
    this.reconnectTimer = setTimeout(() => this.attemptReconnect(due), next.delayMs);
  }

  private attemptReconnect(due: { attempt: number; generation: number }): void {
    if (this.reconnectDue === due) this.reconnectDue = undefined;
    const { generation } = due;
    this.loginSocket(due.attempt).then(
      (loggedIn) => {
        if (generation !== this.generation) loggedIn.transport.close();
        else this.onLoggedIn(loggedIn);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        if (isRetryableLoginError(error)) this.scheduleReconnect();
        else this.giveUp(error as ConfabError, error as ConfabError);
      },
    );
  }

  /**
   * Confab extension: while waiting between reconnect attempts, tries now instead (a "Reconnect now"
   * button, or the browser's `online` event). False when no attempt was waiting (connected, an attempt
   * already under way, or logged out).
   */
  reconnectNow(): boolean {
    const due = this.reconnectDue;
    if (!due || this.loggedOut || due.generation !== this.generation) return false;
    clearTimeout(this.reconnectTimer);
    this.attemptReconnect(due);
    return true;
  }

  /** The connection is lost for good: like a logout, with `reason` reported on onDisconnected. */
  private giveUp(reason: ConfabError, onErrorEvent: ConfabError): void {
    this.loggedOut = true;
    this.tokenExpiry.stop();
    this.pending.rejectAll(sdkErrors.socketDisconnected(), reason);
    this.hub.dispatch('onError', onErrorEvent);
    this.hub.dispatch('onDisconnected', reason);
  }
}
