// Worker thread of the Thumbnailer: decodes, downscales and re-encodes one image per message, off the
// server's event loop. Message in: {id, bytes}; out: {id, result} (ThumbnailResult) or {id, error}.
import { parentPort } from 'node:worker_threads';
import { makeThumbnail } from './image-thumbnail.js';

parentPort?.on('message', (job: { id: number; bytes: Uint8Array }) => {
  try {
    const result = makeThumbnail(job.bytes);
    parentPort!.postMessage(
      { id: job.id, result },
      result.kind === 'thumbnail' ? [result.bytes.buffer as ArrayBuffer] : [],
    );
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
