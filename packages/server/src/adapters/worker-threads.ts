// Starts a worker thread on a module next to the caller: `<name>.js` when built. From source (`npm start`
// runs the .ts files under tsx), a Node 20 worker does not inherit tsx's loader, so it registers it first.
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startSiblingWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, callerUrl);
  if (!fromSource) return new Worker(entry, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((t) => t.register()).then(() => import(${JSON.stringify(entry.href)}))`;
  return new Worker(code, { ...options, eval: true });
}
