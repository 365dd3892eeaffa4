// Log in or create an account. The app key (demo app prefilled) and server URLs are editable.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ChatSession } from '../chat/chat-session.js';
import { describeError } from '../chat/error-text.js';
import type { AppError } from '../chat/model.js';
import type { ServerSettings } from '../settings/server-settings.js';

export type LoginMode = 'login' | 'register';

interface Props {
  initialSettings: ServerSettings;
  initialUser?: string;
  busy: boolean;
  error: AppError | undefined;
  onSubmit: (mode: LoginMode, user: string, pwd: string, settings: ServerSettings) => void;
}

export function LoginView({ initialSettings, initialUser, busy, error, onSubmit }: Props) {
  const [mode, setMode] = useState<LoginMode>('login');
  const [user, setUser] = useState(initialUser ?? '');
  const [pwd, setPwd] = useState('');
  const [settings, setSettings] = useState(initialSettings);
  const [problem, setProblem] = useState<string | undefined>();
  /** The server's user id rules (GET …/sdk/client-settings), shown when creating an account. */
  const [rules, setRules] = useState<{ pattern: string; text: string } | 'unavailable' | undefined>();
  const userRef = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => userRef.current?.focus(), []);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  // The rules come from the server the form points at (they follow the app key and URLs as typed).
  const { appKey, apiUrl, url } = settings;
  useEffect(() => {
    if (mode !== 'register') return;
    let live = true;
    const timer = setTimeout(() => {
      if (!/^[^#\s]+#[^#\s]+$/.test(appKey.trim())) return setRules('unavailable');
      ChatSession.clientSettings({ appKey: appKey.trim(), apiUrl, url }).then(
        (s) => live && setRules(s.username),
        () => live && setRules('unavailable'),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [mode, appKey, apiUrl, url]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const name = user.trim();
    if (!name || !pwd) return setProblem('Enter a user id and a password.');
    if (!/^[^#\s]+#[^#\s]+$/.test(settings.appKey.trim()))
      return setProblem('The app key looks like "org#app".');
    if (mode === 'register' && rules && rules !== 'unavailable' && !new RegExp(rules.pattern).test(name))
      return setProblem(`That user ID is not allowed. User IDs: ${rules.text}.`);
    setProblem(undefined);
    onSubmit(mode, name, pwd, { ...settings, appKey: settings.appKey.trim() });
  };

  const field = (name: keyof ServerSettings) => ({
    value: settings[name],
    onChange: (e: { target: { value: string } }) => setSettings({ ...settings, [name]: e.target.value }),
  });

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
        <h1 id={`${id}-title`} className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Confab
        </h1>
        <div className="segmented" role="group" aria-label="Choose">
          <button type="button" aria-pressed={mode === 'login'} onClick={() => setMode('login')}>
            Log in
          </button>
          <button type="button" aria-pressed={mode === 'register'} onClick={() => setMode('register')}>
            Create account
          </button>
        </div>
        <label htmlFor={`${id}-user`}>User ID</label>
        <input
          id={`${id}-user`}
          ref={userRef}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={user}
          onChange={(e) => setUser(e.target.value)}
          aria-describedby={mode === 'register' ? `${id}-rules` : undefined}
          required
        />
        {mode === 'register' && (
          <p id={`${id}-rules`} className="field-hint">
            {rules === undefined
              ? 'Loading the user ID rules…'
              : rules === 'unavailable'
                ? 'The user ID rules could not be loaded from the server.'
                : `User IDs: ${rules.text}.`}
          </p>
        )}
        <label htmlFor={`${id}-pwd`}>Password</label>
        <input
          id={`${id}-pwd`}
          type="password"
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          value={pwd}
          onChange={(e) => setPwd(e.target.value)}
          required
        />
        <label htmlFor={`${id}-appkey`}>App key</label>
        <input id={`${id}-appkey`} autoCapitalize="none" spellCheck={false} {...field('appKey')} />
        <details className="advanced">
          <summary>Server</summary>
          <label htmlFor={`${id}-api`}>REST URL</label>
          <input id={`${id}-api`} type="url" spellCheck={false} {...field('apiUrl')} />
          <label htmlFor={`${id}-ws`}>WebSocket URL</label>
          <input id={`${id}-ws`} type="url" spellCheck={false} {...field('url')} />
        </details>
        {(problem ?? error) && (
          <div
            className="form-error"
            role="alert"
            tabIndex={-1}
            ref={errorRef}
            title={problem ? undefined : error?.message}
          >
            {problem ?? (error ? `${error.context}: ${describeError(error)}` : '')}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Please wait…' : mode === 'login' ? 'Log in' : 'Create account and log in'}
        </button>
      </form>
    </main>
  );
}
