// The msync WebSocket endpoint, sharing the HTTP server's port. `/ws` is Confab's path; `/websocket`
// is the path Agora's DNS hands out, accepted so copied configurations work too.
import type { IncomingMessage, Server } from 'node:http';
import { CloseCode } from '@confab/protocol';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerContext } from '../context.js';
import { queueName } from '../domain/messages/queue-ids.js';
import { SendRateLimiter } from '../domain/sessions/send-rate.js';
import { leaveRoom } from '../domain/rooms/join-room.js';
import { roomDeps } from '../domain/rooms/room-deps.js';
import { RoomOfflineLeaves } from './room-offline.js';
import { Session } from './session.js';
import { SessionRegistry } from './session-registry.js';

export const WS_PATHS = new Set(['/ws', '/websocket']);

export interface Gateway {
  readonly registry: SessionRegistry;
  close(): Promise<void>;
}

export function attachGateway(server: Server, ctx: ServerContext): Gateway {
  // Group events wake this node's sessions of the group's members, read once per group (group-sessions.ts).
  const registry = new SessionRegistry(ctx.bus, {
    groupMembers: (appId, queue) => ctx.storage.mucs.memberNames(appId, queueName(queue)),
    onGroupError: (err, queue) => ctx.logger.warn({ err, queue }, 'group members not read: events dropped'),
  });
  // A room member whose devices all went away leaves after the grace time, unless it is online again
  // somewhere in the cluster (room-offline.ts); the owner and allow-listed members stay.
  const rooms = roomDeps(ctx);
  registry.roomOffline = new RoomOfflineLeaves({
    graceMs: ctx.limits.roomOfflineLeaveMs,
    expire: (appId, roomId, username) =>
      void (async () => {
        if ((await ctx.sessions.list(appId, username)).length > 0) return;
        const state = await ctx.storage.mucLists.speakerState(appId, roomId, username, ctx.clock.now());
        if (state.allowListed) return;
        await leaveRoom(rooms, { appId, username }, roomId);
      })().catch((err: unknown) => ctx.logger.warn({ err, roomId }, 'offline room leave failed')),
  });
  // The recent room history (getHistoryMessages with chatRoom) is every room message seen on the bus.
  const stopRecent = ctx.bus.subscribe((event) => ctx.recentRoomMessages.onEvent(event));
  const sendRate = new SendRateLimiter(ctx.limits.sendRatePerSecond, ctx.limits.sendBurst);
  const wss = new WebSocketServer({ noServer: true, maxPayload: ctx.limits.maxFrameBytes });
  const alive = new WeakMap<WebSocket, boolean>();
  let nextConnId = 1;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (!WS_PATHS.has(path)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      const connId = String(nextConnId++);
      ctx.metrics.connectionOpened();
      new Session(ctx, registry, ws, socket, connId, ctx.logger.child({ conn: connId }), sendRate);
    });
  };
  server.on('upgrade', onUpgrade);

  // A peer that has not answered the previous ping is dropped; the client's own heartbeat is the UNREAD frame.
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, ctx.limits.pingIntervalMs);
  pinger.unref();

  return {
    registry,
    close() {
      clearInterval(pinger);
      stopRecent();
      server.off('upgrade', onUpgrade);
      registry.close();
      for (const ws of wss.clients) ws.close(CloseCode.GOING_AWAY, 'server shutting down');
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
