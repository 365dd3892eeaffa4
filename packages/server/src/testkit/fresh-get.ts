// A GET on a connection of its own (no keep-alive): under CONFAB_WORKERS the primary hands each new
// connection to the next worker, so repeated calls reach every worker in turn.
import { get } from 'node:http';

export function freshGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}
