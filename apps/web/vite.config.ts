// Builds the SPA into dist/, which the server serves at `/`. The SDK and protocol are consumed from
// source (the workspace's `@confab/source` condition), so no package needs building first. JSX goes
// through Vite's own transform (tsconfig `jsx: react-jsx`): no React plugin, no Babel.
import { defineConfig, defaultClientConditions } from 'vite';

export default defineConfig({
  base: '/',
  resolve: { conditions: ['@confab/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 500 },
  server: { port: 5173 },
});
