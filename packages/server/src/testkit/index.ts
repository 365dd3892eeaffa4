// @confab/server/testkit: Confab run as `npm start` runs it, for cluster and crash tests and for the
// benchmark: server processes (spawnNode) and a throw-away PostgreSQL database for them. Public, so the
// bench needs no path into this package's tests. (The in-process server is @confab/server/testing; it is
// not re-exported here, so a load generator does not load the server's modules.)
export { spawnNode, type NodeProcess } from './node-process.js';
export { createTempDatabase, type TempDatabase } from './pg-database.js';
export { freshGet } from './fresh-get.js';
