import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

export const protoPath = new URL('../proto/msync.proto', import.meta.url);

/** The TypeScript module text that src/generated/msync-schema.ts must contain. */
export function renderSchemaModule(): string {
  const parsed = protobuf.parse(readFileSync(protoPath, 'utf8'), { keepCase: true });
  const json = JSON.stringify(parsed.root.toJSON(), null, 2);
  return [
    '// GENERATED from proto/msync.proto by `npm run gen -w @confab/protocol`. Do not edit.',
    `export const msyncSchema = ${json} as const;`,
    '',
  ].join('\n');
}
