// The environment every bench node starts with: the bench measures throughput and latency, so the
// per-address registration budget and the per-user send rate (hardening limits that a real deployment
// keeps) are lifted, and the operator token lets the bench reset the server's loop-delay histogram.
import { BENCH_OPERATOR } from './server-metrics.js';

export const BENCH_NODE_ENV: Readonly<Record<string, string>> = {
  CONFAB_LOG_LEVEL: 'error',
  CONFAB_ADMIN_TOKEN: BENCH_OPERATOR,
  // makeUsers registers every bench user by open registration from one address.
  CONFAB_REGISTER_MAX_PER_ADDRESS: '1000000000',
  // One sender of the fan-out and window rows sends thousands of messages a second.
  CONFAB_SEND_RATE_PER_SECOND: '1000000',
  CONFAB_SEND_BURST: '1000000',
  // The password login storm: many concurrent logins of few users from one address. The throttle counts
  // an attempt while its check runs, so a storm would lock users and the address without a wrong password.
  CONFAB_LOGIN_MAX_FAILURES_PER_USER: '1000000',
  CONFAB_LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
};
