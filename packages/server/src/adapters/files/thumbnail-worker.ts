// Worker thread of the Thumbnailer: decodes, downscales and re-encodes one image per message, off the
// server's event loop. Message in: {id, bytes}; out: {id, result} (ThumbnailResult) or {id, error}.
// workerData: {maxPixels}, the decode budget.
import { parentPort, workerData } from 'node:worker_threads';
import { makeThumbnail } from './image-thumbnail.js';

const maxPixels = (workerData as { maxPixels?: number } | null)?.maxPixels;

parentPort?.on('message', (job: { id: number; bytes: Uint8Array }) => {
  try {
    const result = makeThumbnail(job.bytes, maxPixels);
    parentPort!.postMessage(
      { id: job.id, result },
      result.kind === 'thumbnail' ? [result.bytes.buffer as ArrayBuffer] : [],
    );
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
