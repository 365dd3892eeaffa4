// Reads the configuration from an environment (only the composition root passes the real one): every
// row of the schema, its default when the variable is unset or empty. Every invalid value is reported
// at once, each line naming its variable, so one `--check` shows all there is to fix.
import { CONFIG_ROWS, CROSS_CHECKS, DEFAULT_CONFIG, type ServerConfig } from './schema.js';

export type Environment = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Environment, cwd: string): ServerConfig {
  const settings: Record<string, unknown> = {};
  const limits: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const { key, group, setting } of CONFIG_ROWS) {
    const raw = env[setting.env];
    let value: unknown = setting.default;
    if (raw !== undefined && raw !== '') {
      try {
        value = setting.type.parse(raw);
      } catch (err) {
        problems.push(`${setting.env} ${(err as Error).message}`);
        continue;
      }
    }
    if (value !== undefined && setting.type.resolve) value = setting.type.resolve(value as never, cwd);
    (group === 'limits' ? limits : settings)[key] = value;
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const config = { ...DEFAULT_CONFIG, ...settings, limits } as ServerConfig;
  const broken = CROSS_CHECKS.map((check) => check(config)).filter((p) => p !== undefined);
  if (broken.length > 0) throw new Error(broken.join('\n'));
  return config;
}
