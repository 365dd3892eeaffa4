// Connection state, announced politely to screen readers, with "Reconnect now" whenever the connection
// is down (the client keeps trying by itself; the button skips the wait between attempts).
import type { ConnectionState } from '../chat/model.js';

const labels: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Offline · reconnecting…',
  disconnected: 'Disconnected',
};

export function ConnectionBadge({
  state,
  syncing,
  onReconnect,
}: {
  state: ConnectionState;
  syncing: boolean;
  onReconnect?: () => void;
}) {
  const down = state === 'reconnecting' || state === 'disconnected';
  return (
    <span className="conn-wrap">
      <span className={`conn conn-${state}`} role="status" aria-live="polite" data-state={state}>
        <span className="conn-dot" aria-hidden="true" />
        {labels[state]}
        {syncing && state === 'connected' ? ' · syncing' : ''}
      </span>
      {down && onReconnect && (
        <button type="button" className="link reconnect" onClick={onReconnect}>
          Reconnect now
        </button>
      )}
    </span>
  );
}
