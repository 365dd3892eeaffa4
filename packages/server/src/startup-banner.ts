// What `npm start` prints once the server listens: the URLs and app key a client needs, and the
// secrets generated on this start (shown once). With CONFAB_WORKERS > 1 the first worker builds it and
// the cluster primary prints it, once, when every worker listens.
import type { ServerConfig } from './config/schema.js';
import type { RunningServer } from './server.js';

export async function startupBanner(server: RunningServer, config: ServerConfig): Promise<string> {
  const demo = config.demoApp ? `${config.demoApp.org}#${config.demoApp.name}` : undefined;
  const lines = [
    '',
    `Confab is running.`,
    `  REST base URL (apiUrl): ${server.httpUrl}`,
    `  WebSocket URL (url):    ${server.wsUrl}`,
    `  Web client:             ${server.httpUrl}/`,
    `  Health:                 ${server.httpUrl}/healthz`,
    `  Data directory:         ${config.dataDir}`,
  ];
  if (config.workers > 1) {
    const last = config.nodeId + config.workers - 1;
    lines.push(`  Workers:                ${config.workers} processes, node ids ${config.nodeId}..${last}`);
  }
  if (demo) lines.push(`  App key (appKey):       ${demo}`);
  if (server.createdDemoApp) {
    lines.push(
      `  App admin client id:     ${server.createdDemoApp.clientId}`,
      `  App admin client secret: ${server.createdDemoApp.clientSecret}   (shown once: store it now)`,
      `  Registration is open to anyone: close it with npm exec confab -- apps settings ${demo} --close-registration`,
    );
  } else if (demo) {
    const app = await server.ctx.findApp(config.demoApp!.org, config.demoApp!.name);
    if (app) lines.push(`  App admin client id:    ${app.clientId} (secret was shown on first start)`);
  }
  if (server.createdAdminToken) {
    lines.push(
      `  Operator token (CLI):    ${server.createdAdminToken}   (shown once: store it now; or set CONFAB_ADMIN_TOKEN)`,
    );
  }
  lines.push(
    '',
    'Point the official SDK at it:',
    `  new AgoraChat.connection({ appKey: '${demo ?? 'org#app'}', isHttpDNS: false, url: '${server.wsUrl}', apiUrl: '${server.httpUrl}' })`,
    '',
  );
  return lines.join('\n');
}
