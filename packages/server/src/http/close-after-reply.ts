// Refusing a request whose body is still arriving (an oversize upload) without losing the answer. The
// answer goes out at once with `Connection: close`; then, instead of Node's immediate destroy (which,
// with the client still sending, resets the connection and can discard the answer before the client
// reads it), the socket half-closes, keeps reading and dropping what the client sends, and closes when
// the client does or after `lingerMs` (a "lingering close", as nginx and Apache do).
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function closeAfterReply(request: FastifyRequest, reply: FastifyReply, lingerMs: number): void {
  void reply.header('connection', 'close');
  const socket = request.raw.socket as Socket | null;
  if (!socket || socket.destroyed) return;
  // Node's http server calls destroySoon() once a `Connection: close` answer is flushed.
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), lingerMs);
    socket.once('close', () => clearTimeout(timer));
    // A multipart parser may still be piped from the request; the rest of the body goes nowhere.
    request.raw.unpipe();
    request.raw.removeAllListeners('data');
    request.raw.resume();
  };
}
