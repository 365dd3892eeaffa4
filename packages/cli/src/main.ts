// Entry point of the `confab` command (bin/confab.js runs it with tsx).
import { run } from './program.js';

const code = await run(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
