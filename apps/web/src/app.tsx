// Top level: the login screen, or the chat for a logged-in session. A reload logs back in with the
// saved token (renewed before it expires); logging out forgets it and every cached chat.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ChatSession } from './chat/chat-session.js';
import { toAppError } from './chat/error-text.js';
import { forgetLocalData } from './chat/history-store.js';
import type { AppError } from './chat/model.js';
import {
  loadSavedLogin,
  loadSettings,
  saveLogin,
  saveSettings,
  type ServerSettings,
} from './settings/server-settings.js';
import { useTheme } from './settings/theme.js';
import { ChatView } from './ui/chat-view.js';
import { LoginView, type LoginMode } from './ui/login-view.js';
import { ThemeToggle } from './ui/theme-toggle.js';

type Screen =
  | { kind: 'login'; busy: boolean; error: AppError | undefined; user?: string }
  | { kind: 'resuming'; user: string }
  | { kind: 'chat'; session: ChatSession };

export function App() {
  const [theme, setTheme] = useTheme();
  const saved = useRef(loadSavedLogin());
  const [screen, setScreen] = useState<Screen>(() =>
    saved.current
      ? { kind: 'resuming', user: saved.current.user }
      : { kind: 'login', busy: false, error: undefined },
  );
  const sessionRef = useRef<ChatSession | undefined>(undefined);

  const start = useCallback(
    async (
      settings: ServerSettings,
      user: string,
      credentials: { pwd: string } | { accessToken: string },
    ) => {
      let session: ChatSession | undefined;
      try {
        session = new ChatSession(settings, user);
        sessionRef.current = session;
        // A renewed token replaces the saved one, so a reload logs back in without the password.
        session.onTokenRenewed = (token) => saveLogin({ ...settings, user, accessToken: token });
        const accessToken = await session.open({ user, ...credentials });
        saveLogin({ ...settings, user, accessToken });
        setScreen({ kind: 'chat', session });
      } catch (err) {
        session?.close();
        sessionRef.current = undefined;
        const context = 'pwd' in credentials ? 'Logging in' : 'Logging back in';
        if (!('pwd' in credentials)) saveLogin(undefined);
        setScreen({ kind: 'login', busy: false, error: toAppError(err, context), user });
      }
    },
    [],
  );

  // Resume the saved login once (a reload keeps you logged in).
  useEffect(() => {
    const login = saved.current;
    if (!login) return;
    saved.current = undefined;
    void start(login, login.user, { accessToken: login.accessToken });
  }, [start]);

  const submit = async (mode: LoginMode, user: string, pwd: string, settings: ServerSettings) => {
    setScreen({ kind: 'login', busy: true, error: undefined, user });
    saveSettings(settings);
    if (mode === 'register') {
      try {
        await ChatSession.register(settings, user, pwd);
      } catch (err) {
        setScreen({ kind: 'login', busy: false, error: toAppError(err, 'Creating the account'), user });
        return;
      }
    }
    await start(settings, user, { pwd });
  };

  const logout = () => {
    // Nothing of the user's chats stays in this browser (see forgetLocalData).
    sessionRef.current?.forgetLocalData();
    sessionRef.current?.close();
    sessionRef.current = undefined;
    forgetLocalData();
    saveLogin(undefined);
    setScreen({ kind: 'login', busy: false, error: undefined });
  };

  switch (screen.kind) {
    case 'resuming':
      return (
        <main className="login">
          <p className="login-card" role="status">
            Connecting as {screen.user}…
          </p>
        </main>
      );
    case 'login':
      return (
        <>
          <div className="corner">
            <ThemeToggle theme={theme} onChange={setTheme} />
          </div>
          <LoginView
            initialSettings={loadSettings()}
            initialUser={screen.user}
            busy={screen.busy}
            error={screen.error}
            onSubmit={(mode, user, pwd, settings) => void submit(mode, user, pwd, settings)}
          />
        </>
      );
    case 'chat':
      return <ChatView session={screen.session} theme={theme} onTheme={setTheme} onLogout={logout} />;
  }
}
