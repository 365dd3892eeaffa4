import type { ThemeChoice } from '../settings/theme.js';

const next: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const label: Record<ThemeChoice, string> = {
  system: 'System theme',
  light: 'Light theme',
  dark: 'Dark theme',
};
const icon: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

export function ThemeToggle({ theme, onChange }: { theme: ThemeChoice; onChange: (t: ThemeChoice) => void }) {
  return (
    <button
      type="button"
      className="icon"
      title={`${label[theme]} (switch to ${label[next[theme]].toLowerCase()})`}
      aria-label={`${label[theme]}: switch to ${label[next[theme]].toLowerCase()}`}
      onClick={() => onChange(next[theme])}
    >
      <span aria-hidden="true">{icon[theme]}</span>
    </button>
  );
}
