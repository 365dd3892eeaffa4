// One WebSocket carrying msync frames: one binary message = one MSync (spec §2). Works with the DOM
// WebSocket and with `ws`, both in 'arraybuffer' mode; undecodable frames are dropped and logged.
import { msync } from '@confab/protocol';
import type { MSync } from '@confab/protocol';
import type { SdkLogger } from './log-events.js';
import { sdkErrors } from './sdk-errors.js';
import type { WebSocketConstructor, WebSocketLike } from './types.js';

/** Official socket-open timeout (x0, §8). */
export const SOCKET_OPEN_TIMEOUT_MS = 10_000;
const OPEN = 1;

export interface TransportEvents {
  frame(message: MSync): void;
  /** Fires exactly once per transport that opened, whoever closed it. */
  closed(info: { code?: number; reason?: string }): void;
}

export class SocketTransport {
  private closedFired = false;
  private events: TransportEvents | null = null;
  lastActivity = Date.now();

  private constructor(
    private readonly socket: WebSocketLike,
    private readonly log: SdkLogger,
  ) {}

  /** Opens a socket; rejects with -1 "connection timeout" or 16 when it fails to open. */
  static open(
    ctor: WebSocketConstructor,
    url: string,
    log: SdkLogger,
    timeoutMs = SOCKET_OPEN_TIMEOUT_MS,
  ): Promise<SocketTransport> {
    return new Promise((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = new ctor(url);
      } catch (cause) {
        reject(sdkErrors.disconnected(cause));
        return;
      }
      socket.binaryType = 'arraybuffer';
      const transport = new SocketTransport(socket, log);
      const timer = setTimeout(() => {
        fail(sdkErrors.connectionTimeout());
        transport.close();
      }, timeoutMs);
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      socket.onopen = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(transport);
      };
      socket.onerror = () => {}; // the close event that follows carries the outcome
      socket.onclose = (ev: { code?: number; reason?: string }) => {
        fail(sdkErrors.disconnected());
        transport.fireClosed(ev);
      };
      socket.onmessage = (ev) => transport.receive(ev.data);
    });
  }

  /** Attach listeners; a close that raced ahead of this is replayed. */
  listen(events: TransportEvents): void {
    this.events = events;
    if (this.closedFired) queueMicrotask(() => events.closed({}));
  }

  get isOpen(): boolean {
    return this.socket.readyState === OPEN && !this.closedFired;
  }

  send(bytes: Uint8Array): void {
    this.socket.send(bytes);
  }

  close(): void {
    try {
      this.socket.close();
    } catch {
      // closing a socket that is still connecting may throw in some implementations; it is gone anyway
    }
  }

  private receive(data: unknown): void {
    this.lastActivity = Date.now();
    const bytes = toBytes(data);
    if (!bytes) {
      this.log({ kind: 'frame-dropped', reason: 'not a binary frame' });
      return;
    }
    let message: MSync;
    try {
      message = msync.MSync.decode(bytes);
    } catch (error) {
      this.log({ kind: 'frame-dropped', reason: (error as Error).message });
      return;
    }
    this.events?.frame(message);
  }

  private fireClosed(ev: { code?: number; reason?: string }): void {
    if (this.closedFired) return;
    this.closedFired = true;
    const info: { code?: number; reason?: string } = {};
    if (typeof ev?.code === 'number') info.code = ev.code;
    if (ev?.reason) info.reason = String(ev.reason);
    this.log({ kind: 'socket-closed', ...info });
    this.events?.closed(info);
  }
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}
