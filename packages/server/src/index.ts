export { startServer } from './server.js';
export type { StartOptions, RunningServer, CreatedDemoApp } from './server.js';
export { loadConfig, DEFAULT_CONFIG, CONFIG_ENV } from './config.js';
export type { ServerConfig } from './config.js';
