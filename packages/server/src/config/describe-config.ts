// The effective settings as `npm start -- --check` prints them: one line per variable, grouped as in
// docs/configuration.md, secrets masked (a token is only said to be set; a URL loses its password).
import { CONFIG_ROWS, SECTIONS, type ServerConfig } from './schema.js';

export function describeConfig(
  config: ServerConfig,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const rows = CONFIG_ROWS.map(({ key, group, setting }) => {
    const value = (group === 'limits' ? config.limits : config)[key as never] as unknown;
    const fromEnv = env[setting.env] !== undefined && env[setting.env] !== '';
    let shown: string;
    if (value === undefined) shown = (setting.defaultText ?? 'unset').replace(/`/g, '');
    else if (setting.secret) shown = '*** (set)';
    else {
      const note = setting.type.note?.(value as never);
      shown = `${setting.type.show(value as never)}${note ? ` (${note})` : ''}`;
    }
    return {
      section: setting.section,
      name: setting.env,
      shown,
      origin: fromEnv || value === undefined ? '' : '  (default)',
    };
  });
  const width = Math.max(...rows.map((r) => r.name.length));
  const out: string[] = [];
  for (const [section, title] of Object.entries(SECTIONS)) {
    const mine = rows.filter((r) => r.section === section);
    if (mine.length === 0) continue;
    out.push(`${title}:`, ...mine.map((r) => `  ${r.name.padEnd(width)}  ${r.shown}${r.origin}`), '');
  }
  return out.join('\n');
}
