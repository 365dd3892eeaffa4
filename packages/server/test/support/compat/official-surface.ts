// The public surface the matrix covers: every method the agora-chat 1.4.0 typings declare on `Connection`,
// read from the installed `Agora-chat.d.ts` (so a new SDK version changes the list, not this file).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Method names declared in `class Connection { … }` (not `private`, not the constructor), sorted. */
export function declaredConnectionMethods(): string[] {
  const dts = readFileSync(require.resolve('agora-chat/Agora-chat.d.ts'), 'utf8');
  const start = dts.indexOf('\tclass Connection {');
  if (start < 0) throw new Error('agora-chat d.ts: no class Connection');
  // The class body ends at the first line that closes it at the namespace's member indentation.
  const end = dts.indexOf('\n\t}\n', start);
  const body = dts.slice(start, end);
  const names = new Set<string>();
  // Members sit at two tabs; a method is a name followed by "(" or "<" (properties have ":" or "?:").
  for (const m of body.matchAll(/^\t\t([A-Za-z_$][\w$]*)\s*[(<]/gm))
    if (m[1] !== 'constructor') names.add(m[1]!);
  return [...names].sort();
}

/** Function-valued names on an object and its prototype chain, up to (not including) `stopAt`. */
export function runtimeFunctions(target: object, stopAt: object | null): string[] {
  const names = new Set<string>();
  for (
    let o: object | null = target;
    o !== null && o !== stopAt;
    o = Object.getPrototypeOf(o) as object | null
  ) {
    for (const key of Object.getOwnPropertyNames(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (d && typeof d.value === 'function' && key !== 'constructor') names.add(key);
    }
  }
  return [...names].sort();
}
