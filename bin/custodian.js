#!/usr/bin/env node
// The `custodian` command. Runs the TypeScript sources through tsx so there is no build step
// between a change and `npm start`; the CLI itself lives in src/app/cli.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/app/cli.ts');
