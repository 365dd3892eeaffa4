// WebSocket close codes the gateway sends, and what each tells a client about reconnecting. RFC 6455 §7.4
// reserves 1000–2999 for the protocol and leaves 4000–4999 to applications; ours split that range in two:
// - 4000–4499: this socket ended, the account did not. The client may reconnect (and resumes from its cursor).
// - 4500–4999: reconnecting would fail the same way until something changes (reserved; none sent today).
// Of the standard codes, 1000 and 1001 allow a reconnect (after a kick the STATISTIC meta sent before the
// close is what tells the SDK to stay out), 1011 allows one after a back-off, and 1002/1003 mean the
// client spoke wrongly: sending the same frames again would be refused again.

export const CloseCode = {
  /** The session ended normally: provision refused, or a kick announced by its STATISTIC meta. */
  NORMAL: 1000,
  /** The server is shutting down. */
  GOING_AWAY: 1001,
  /** A frame could not be decoded, or the first frame was not PROVISION. */
  PROTOCOL_ERROR: 1002,
  /** A text frame: msync travels in binary frames only. */
  UNSUPPORTED_DATA: 1003,
  /** The server failed while handling a frame. */
  INTERNAL_ERROR: 1011,
  /** Kicked before the session could be told why (not yet logged in, or a code without a STATISTIC). */
  KICKED: 4000,
  /** No PROVISION within the login window. */
  PROVISION_TIMEOUT: 4001,
  /** Too many unsent bytes: the consumer fell behind and is dropped rather than buffered without bound. */
  SLOW_CONSUMER: 4008,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** First code of the band whose closes are final until something changes (see the file comment). */
export const CLOSE_FINAL_FROM = 4500;

/** Whether a client may reconnect after the server closed with `code` (the bands above). */
export function mayReconnectAfterClose(code: number): boolean {
  if (code >= 4000 && code <= 4999) return code < CLOSE_FINAL_FROM;
  return code !== CloseCode.PROTOCOL_ERROR && code !== CloseCode.UNSUPPORTED_DATA;
}
