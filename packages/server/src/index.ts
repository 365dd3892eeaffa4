export { startServer } from './server.js';
export type { StartOptions, RunningServer, CreatedDemoApp } from './server.js';
export { loadConfig } from './config/load-config.js';
export { DEFAULT_CONFIG, CONFIG_ENV } from './config/schema.js';
export type { ServerConfig, Limits } from './config/schema.js';
