// What the server counts for operators (GET /metrics). Every call is on a hot path or next to one: an
// implementation only increments or observes pre-made series (no allocation per message).

export interface Metrics {
  /** A WebSocket was accepted. */
  connectionOpened(): void;
  /** A PROVISION (login on the socket) succeeded or was refused. */
  login(ok: boolean): void;
  /** A message a client sent (CHAT namespace), accepted or not. */
  messageIn(): void;
  /** `n` messages written to devices (pushes, sync batches, room pushes). */
  messagesOut(n: number): void;
  /** A device was told about new entries: an unsolicited push or a NOTICE. */
  delivery(kind: 'push' | 'notice'): void;
  /** Seconds from a client's message to its ACK (or refusal). */
  ackLatency(seconds: number): void;
  /** Entries committed together by the store's group commit. */
  commitBatch(size: number): void;
  /** An error answered to a client, by edge and SDK code. */
  error(edge: 'rest' | 'ws', code: number): void;
  /** The Prometheus text exposition (and its content type). */
  render(): Promise<{ contentType: string; body: string }>;
  /** Stops background collectors (event-loop delay). */
  close(): void;
}

export const noMetrics: Metrics = {
  connectionOpened() {},
  login() {},
  messageIn() {},
  messagesOut() {},
  delivery() {},
  ackLatency() {},
  commitBatch() {},
  error() {},
  render: () => Promise.resolve({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '' }),
  close() {},
};
