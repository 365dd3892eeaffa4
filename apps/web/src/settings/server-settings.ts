// Where the client connects. Served by the Confab server itself, everything derives from the page's
// origin; `vite dev` can point elsewhere with VITE_CONFAB_API_URL / VITE_CONFAB_WS_URL.
export interface ServerSettings {
  appKey: string;
  /** REST base URL (the SDK's apiUrl). */
  apiUrl: string;
  /** msync WebSocket URL (the SDK's url). */
  url: string;
}

export const DEMO_APP_KEY = 'confab#demo';

export function defaultSettings(
  loc: Pick<Location, 'origin' | 'protocol' | 'host'> = location,
): ServerSettings {
  const env = import.meta.env as Record<string, string | undefined>;
  const apiUrl = env['VITE_CONFAB_API_URL'] ?? loc.origin;
  const wsBase = apiUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
  return {
    appKey: env['VITE_CONFAB_APP_KEY'] ?? DEMO_APP_KEY,
    apiUrl,
    url: env['VITE_CONFAB_WS_URL'] ?? `${wsBase}/ws`,
  };
}

/** The last login on this browser, so a reload logs back in with the token instead of the password. */
export interface SavedLogin extends ServerSettings {
  user: string;
  accessToken: string;
}

const LOGIN_KEY = 'confab.login';
const SETTINGS_KEY = 'confab.settings';

export function loadSavedLogin(): SavedLogin | undefined {
  try {
    const raw = localStorage.getItem(LOGIN_KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<SavedLogin>) : undefined;
    if (parsed?.user && parsed.accessToken && parsed.appKey && parsed.apiUrl && parsed.url)
      return parsed as SavedLogin;
  } catch {
    // Unreadable: treat as logged out.
  }
  return undefined;
}

export function saveLogin(login: SavedLogin | undefined): void {
  try {
    if (login) localStorage.setItem(LOGIN_KEY, JSON.stringify(login));
    else localStorage.removeItem(LOGIN_KEY);
  } catch {
    // Storage refused: the user logs in again after a reload.
  }
}

/** Server settings the user last typed (app key and URLs), prefilled next time. */
export function loadSettings(): ServerSettings {
  const defaults = defaultSettings();
  try {
    const raw = localStorage.getItem(SETTINGS_KEY);
    return raw ? { ...defaults, ...(JSON.parse(raw) as Partial<ServerSettings>) } : defaults;
  } catch {
    return defaults;
  }
}

export function saveSettings(settings: ServerSettings): void {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Not essential.
  }
}
