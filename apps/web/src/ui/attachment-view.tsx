// Attachments are fetched with the session's token (the server checks it), then shown from a blob URL.
import { useEffect, useState } from 'react';
import { describeError, toAppError } from '../chat/error-text.js';
import type { AttachmentMessage } from '../chat/model.js';

export type Download = (message: AttachmentMessage) => Promise<Blob>;

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function useBlobUrl(message: AttachmentMessage, download: Download, enabled: boolean) {
  const [state, setState] = useState<{ url?: string; error?: string }>({});
  useEffect(() => {
    if (!enabled || !message.url) return;
    let url: string | undefined;
    let live = true;
    download(message).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        if (live) setState({ url });
        else URL.revokeObjectURL(url);
      },
      (err: unknown) => live && setState({ error: describeError(toAppError(err, 'Download')) }),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [message, download, enabled]);
  return state;
}

export function ImageAttachment({ message, download }: { message: AttachmentMessage; download: Download }) {
  const { url, error } = useBlobUrl(message, download, true);
  if (!message.url)
    return (
      <p className="text muted">
        {message.state === 'failed' ? message.filename : `Uploading ${message.filename}…`}
      </p>
    );
  if (error) return <p className="text muted">Image not available. {error}</p>;
  const ratio = message.width && message.height ? `${message.width} / ${message.height}` : undefined;
  return url ? (
    <img className="image" src={url} alt={`Image from ${message.from}`} style={{ aspectRatio: ratio }} />
  ) : (
    <span className="image loading" style={{ aspectRatio: ratio ?? '4 / 3' }} aria-label="Loading image" />
  );
}

export function FileAttachment({ message, download }: { message: AttachmentMessage; download: Download }) {
  const [error, setError] = useState<string | undefined>();
  const save = () => {
    download(message).then(
      (blob) => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = message.filename;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
      (err: unknown) => setError(describeError(toAppError(err, 'Download'))),
    );
  };
  return (
    <div className="file">
      <span className="file-icon" aria-hidden="true">
        ⎙
      </span>
      <span className="file-name">
        {message.filename} <span className="muted">({formatSize(message.size)})</span>
      </span>
      {message.url ? (
        <button type="button" className="link" onClick={save}>
          Download<span className="visually-hidden"> {message.filename}</span>
        </button>
      ) : (
        <span className="muted">{message.state === 'failed' ? 'Not sent' : 'Uploading…'}</span>
      )}
      {error && <span className="field-problem">{error}</span>}
    </div>
  );
}
