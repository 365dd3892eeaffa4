// Every error the SDK reports, with its code, until the user dismisses it.
import { describeError } from '../chat/error-text.js';
import type { AppError } from '../chat/model.js';

export function ErrorBanner({
  errors,
  onDismiss,
}: {
  errors: readonly AppError[];
  onDismiss: (id: number) => void;
}) {
  if (errors.length === 0) return null;
  return (
    <div className="errors" role="alert">
      {errors.slice(-3).map((e) => (
        <div className="error-item" key={e.id}>
          <span title={e.message}>
            <strong>{e.context}:</strong> {describeError(e)}
          </span>
          <button
            type="button"
            className="icon"
            aria-label={`Dismiss error ${e.code ?? ''}`}
            onClick={() => onDismiss(e.id)}
          >
            ×
          </button>
        </div>
      ))}
      {errors.length > 3 && <div className="error-more">{errors.length - 3} earlier errors</div>}
    </div>
  );
}
