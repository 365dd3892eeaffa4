// `confab`: operator commands against a running Confab server, through its REST API only.
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  appClient,
  createApp,
  CliError,
  getApp,
  listApps,
  updateAppSettings,
  type AppCredentials,
  type ServerTarget,
} from './rest.js';
import { backupSqlite } from './backup.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

interface GlobalOptions {
  server: string;
  app?: string;
  clientId?: string;
  clientSecret?: string;
  adminToken?: string;
  json?: boolean;
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};

function target(o: GlobalOptions): ServerTarget {
  return { server: o.server };
}

function operatorToken(o: GlobalOptions): string {
  if (!o.adminToken) throw new CliError('an operator token is required: --admin-token or CONFAB_ADMIN_TOKEN');
  return o.adminToken;
}

/** `key=value` of `apps settings --set`: true/false, integers, and `services` as a comma list. */
function parseSetting(pair: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
  const eq = pair.indexOf('=');
  if (eq < 1) throw new InvalidArgumentError('expected key=value');
  const key = pair.slice(0, eq);
  const raw = pair.slice(eq + 1);
  let value: unknown = raw;
  if (key === 'services') value = raw === '' ? [] : raw.split(',').map((s) => s.trim());
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else if (/^-?\d+$/.test(raw)) value = Number(raw);
  return { ...previous, [key]: value };
}

function appKeyParts(appKey: string): [string, string] {
  const parts = appKey.split('#');
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw new CliError(`the app must be given as org#app: ${appKey}`);
  return [parts[0], parts[1]];
}

function credentials(o: GlobalOptions): AppCredentials {
  const parts = (o.app ?? '').split('#');
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw new CliError('the app is required as org#app: --app or CONFAB_APP');
  if (!o.clientId || !o.clientSecret)
    throw new CliError(
      'app admin credentials are required: --client-id/--client-secret or CONFAB_CLIENT_ID/CONFAB_CLIENT_SECRET',
    );
  return {
    server: o.server,
    org: parts[0],
    app: parts[1],
    clientId: o.clientId,
    clientSecret: o.clientSecret,
  };
}

export function buildProgram(io: Io): Command {
  const program = new Command('confab')
    .description(
      'Operate a running Confab server: apps, users, tokens, online users, reports and mutes (over its REST API); back up its SQLite database.',
    )
    .addOption(
      new Option('--server <url>', 'server REST base URL')
        .env('CONFAB_SERVER')
        .default('http://localhost:8080'),
    )
    .addOption(
      new Option('--app <org#app>', 'app key, for user, token and online commands').env('CONFAB_APP'),
    )
    .addOption(new Option('--client-id <id>', "the app's admin client id").env('CONFAB_CLIENT_ID'))
    .addOption(
      new Option('--client-secret <secret>', "the app's admin client secret").env('CONFAB_CLIENT_SECRET'),
    )
    .addOption(
      new Option('--admin-token <token>', 'operator token, for app commands').env('CONFAB_ADMIN_TOKEN'),
    )
    .option('--json', 'print JSON instead of text')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  const opts = (cmd: Command) => cmd.optsWithGlobals<GlobalOptions>();
  const print = (o: GlobalOptions, json: unknown, text: string[]) =>
    o.json ? io.out(JSON.stringify(json, null, 2)) : text.forEach((l) => io.out(l));

  const apps = program.command('apps').description('create and list apps (needs the operator token)');
  apps
    .command('create')
    .description(
      'create an app; prints its app key and admin client id and secret (the secret is shown once)',
    )
    .argument('<org>', 'organization name')
    .argument('<app>', 'app name')
    .option('--closed-registration', 'only the app server may register users')
    .option('--no-multi-device', 'a new login displaces the user’s other device (206)')
    .option('--device-limit <n>', 'most devices per user at once', positiveInt)
    .option('--token-ttl <seconds>', 'token lifetime', positiveInt)
    .option('--agora-app-id <hex>', 'Agora App ID: accept tokens minted with Agora’s token builder')
    .option('--agora-app-certificate <hex>', 'Agora App Certificate that signs those tokens')
    .action(async (org: string, app: string, local: Record<string, unknown>, cmd: Command) => {
      const o = opts(cmd);
      const settings = {
        ...agoraSettings(local),
        ...(local['closedRegistration'] ? { openRegistration: false } : {}),
        ...(local['multiDevice'] === false ? { multiDevice: false } : {}),
        ...(local['deviceLimit'] === undefined ? {} : { deviceLimit: local['deviceLimit'] }),
        ...(local['tokenTtl'] === undefined ? {} : { tokenTtlSeconds: local['tokenTtl'] }),
      };
      const r = await createApp(target(o), operatorToken(o), { org, name: app, settings });
      print(o, r, [
        `App key:       ${r.appKey}`,
        `Client id:     ${r.clientId}`,
        `Client secret: ${r.clientSecret}   (shown once: store it now)`,
      ]);
    });
  apps
    .command('set')
    .description('change settings of an app (e.g. its Agora App ID and certificate)')
    .argument('<org>', 'organization name')
    .argument('<app>', 'app name')
    .option('--agora-app-id <hex>', 'Agora App ID (32 hex digits; "" removes it)')
    .option('--agora-app-certificate <hex>', 'Agora App Certificate (32 hex digits)')
    .action(async (org: string, app: string, local: Record<string, unknown>, cmd: Command) => {
      const o = opts(cmd);
      const r = await updateAppSettings(target(o), operatorToken(o), org, app, agoraSettings(local));
      print(o, r, [`updated ${String(r.appKey)}`]);
    });
  apps
    .command('list')
    .description('list every app of the server')
    .action(async (_local: unknown, cmd: Command) => {
      const o = opts(cmd);
      const r = await listApps(target(o), operatorToken(o));
      print(
        o,
        r.apps,
        (r.apps as { appKey: string; clientId: string }[]).map((a) => `${a.appKey}\t${a.clientId}`),
      );
    });

  apps
    .command('settings')
    .description(
      "show an app's settings, or change some (the others keep their values; takes effect at once, no restart)",
    )
    .argument('<app>', 'app key, org#app')
    .option(
      '--set <key=value>',
      'a setting to change, repeatable: openRegistration=false, deviceLimit=2, recallWindowSeconds=120, ' +
        'attachmentTtlSeconds=604800, contactsOnly=true, services=groups,files,... (see the README)',
      parseSetting,
    )
    .option('--close-registration', 'only the app server may register users (openRegistration=false)')
    .option('--open-registration', 'anyone may register (openRegistration=true)')
    .action(async (appKey: string, local: Record<string, unknown>, cmd: Command) => {
      const o = opts(cmd);
      const [org, name] = appKeyParts(appKey);
      if (local['closeRegistration'] && local['openRegistration'])
        throw new CliError('--close-registration and --open-registration exclude each other');
      const changes: Record<string, unknown> = {
        ...(local['set'] as Record<string, unknown> | undefined),
        ...(local['closeRegistration'] ? { openRegistration: false } : {}),
        ...(local['openRegistration'] ? { openRegistration: true } : {}),
      };
      const r =
        Object.keys(changes).length === 0
          ? await getApp(target(o), operatorToken(o), org, name)
          : await updateAppSettings(target(o), operatorToken(o), org, name, changes);
      const settings = r.settings ?? {};
      print(
        o,
        settings,
        Object.entries(settings).map(([k, v]) => `${k}\t${Array.isArray(v) ? v.join(',') : String(v)}`),
      );
    });

  program
    .command('backup')
    .description(
      'copy the SQLite database of a server (running or not) to <file>: an online, consistent snapshot ' +
        '(PostgreSQL: use pg_dump, see docs/deploy.md)',
    )
    .argument('<file>', 'where to write the copy (replaced atomically if it exists)')
    .addOption(
      new Option('--data-dir <dir>', "the server's data directory").env('CONFAB_DATA_DIR').default('./data'),
    )
    .addOption(new Option('--database-url <url>').env('CONFAB_DATABASE_URL').hideHelp())
    .action(async (file: string, local: { dataDir: string; databaseUrl?: string }, cmd: Command) => {
      const o = opts(cmd);
      if (local.databaseUrl)
        throw new CliError('the server stores in PostgreSQL (CONFAB_DATABASE_URL): back it up with pg_dump');
      const r = await backupSqlite(local.dataDir, file);
      print(o, r, [`backed up ${r.pages} pages (schema ${r.schemaVersion}) to ${r.file}`]);
    });

  program
    .command('users')
    .description('manage users of an app (needs --app and its admin credentials)')
    .command('create')
    .description('register a user')
    .argument('<username>', 'user id: a-z 0-9 _ - . (at most 64)')
    .requiredOption('--password <password>', 'the password (1-64 bytes)')
    .option('--nickname <nickname>', 'display name')
    .action(async (username: string, local: { password: string; nickname?: string }, cmd: Command) => {
      const o = opts(cmd);
      const r = await appClient(credentials(o)).createUser(username, local.password, local.nickname);
      const user = r.entities?.[0];
      print(o, user, [`created ${user?.username ?? username}`]);
    });

  program
    .command('tokens')
    .description('user tokens (needs --app and its admin credentials)')
    .command('issue')
    .description("issue a user token, for the SDK's open({user, accessToken})")
    .argument('<username>', 'the user')
    .option('--ttl <seconds>', "lifetime (default: the app's token lifetime)", positiveInt)
    .action(async (username: string, local: { ttl?: number }, cmd: Command) => {
      const o = opts(cmd);
      const r = await appClient(credentials(o)).issueToken(username, local.ttl);
      print(o, { access_token: r.access_token, expires_in: r.expires_in }, [r.access_token ?? '']);
    });

  program
    .command('online')
    .description('show which users are online (all users of the app when none are named)')
    .argument('[usernames...]', 'users to check')
    .action(async (usernames: string[], _local: unknown, cmd: Command) => {
      const o = opts(cmd);
      const client = appClient(credentials(o));
      let names = usernames;
      if (names.length === 0) {
        names = [];
        let cursor: string | undefined;
        do {
          const page = await client.listUsers(100, cursor);
          names.push(...(page.entities ?? []).map((u) => u.username));
          cursor = page.cursor;
        } while (cursor);
      }
      const online: string[] = [];
      for (let i = 0; i < names.length; i += 100) {
        const r = await client.status(names.slice(i, i + 100));
        for (const entry of r.data ?? [])
          for (const [u, s] of Object.entries(entry)) if (s === 'online') online.push(u);
      }
      print(o, { online }, online);
    });

  const reports = program
    .command('reports')
    .description('review reported messages (needs --app and its admin credentials)');
  reports
    .command('list')
    .description('list reports, newest first')
    .addOption(new Option('--status <status>', 'only these').choices(['open', 'resolved', 'dismissed']))
    .option('--limit <n>', 'at most this many (up to 100)', positiveInt, 50)
    .action(async (local: { status?: string; limit: number }, cmd: Command) => {
      const o = opts(cmd);
      const rows = await appClient(credentials(o)).listReports(local.status, local.limit);
      print(
        o,
        rows,
        rows.map((r) => `${r.id}\t${r.status}\t${r.reporter}\t${r.messageId}\t${r.reportType}\t${r.reason}`),
      );
    });
  reports
    .command('resolve')
    .description('close a report: resolved (action taken) or, with --dismiss, dismissed')
    .argument('<id>', 'the report id (from reports list)', positiveInt)
    .option('--dismiss', 'dismiss it instead (nothing wrong)')
    .option('--note <text>', 'what was done', '')
    .action(async (id: number, local: { dismiss?: boolean; note: string }, cmd: Command) => {
      const o = opts(cmd);
      const status = local.dismiss ? 'dismissed' : 'resolved';
      await appClient(credentials(o)).resolveReport(id, status, local.note);
      print(o, { id, status }, [`report ${id} ${status}`]);
    });

  const seconds = (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < -1) throw new InvalidArgumentError('seconds, 0 to lift, -1 for ever');
    return n;
  };
  program
    .command('mute')
    .description('mute a user app-wide (506 on the muted kinds of message); 0 lifts, -1 is for ever')
    .argument('<username>', 'the user')
    .option('--chat <seconds>', 'one-to-one messages', seconds)
    .option('--groupchat <seconds>', 'group messages', seconds)
    .option('--chatroom <seconds>', 'chat room messages', seconds)
    .action(
      async (
        username: string,
        local: { chat?: number; groupchat?: number; chatroom?: number },
        cmd: Command,
      ) => {
        const o = opts(cmd);
        await appClient(credentials(o)).mute(username, local);
        print(o, { username, ...local }, [`muted ${username}`]);
      },
    );
  return program;
}

/** Runs the program; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function run(argv: string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
      return 0;
    if (e.code?.startsWith('commander.')) return e.exitCode ?? 2;
    io.err(`confab: ${err instanceof CliError ? err.message : String(err)}`);
    return 1;
  }
}

/** The Agora App ID and certificate options as app settings. */
function agoraSettings(local: Record<string, unknown>): Record<string, unknown> {
  return {
    ...(local['agoraAppId'] === undefined ? {} : { agoraAppId: local['agoraAppId'] }),
    ...(local['agoraAppCertificate'] === undefined
      ? {}
      : { agoraAppCertificate: local['agoraAppCertificate'] }),
  };
}
