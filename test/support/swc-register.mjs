// Lets plain `node` run the TypeScript sources: `node --import ./test/support/swc-register.mjs some-file.ts`.
import { register } from 'node:module';

register('./swc-hooks.mjs', import.meta.url);
