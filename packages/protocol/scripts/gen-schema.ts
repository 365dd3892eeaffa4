// Regenerates src/generated/msync-schema.ts (a JSON descriptor) from proto/msync.proto.
// The runtime loads the descriptor with protobufjs/light, so browsers never ship the .proto parser.
// A test fails when the two drift apart.
import { writeFileSync } from 'node:fs';
import { renderSchemaModule } from './render-schema.js';

const target = new URL('../src/generated/msync-schema.ts', import.meta.url);
writeFileSync(target, renderSchemaModule());
console.log('wrote', target.pathname);
