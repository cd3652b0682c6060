import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { include: ['test/conformance/inventory/**/*.test.ts'], testTimeout: 60000, globalSetup: ['test/engine-setup.ts'] } });
