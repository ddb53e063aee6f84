#!/usr/bin/env node
// The `custodian` command, also what `npm start` runs. It runs the build in dist/ when that is
// fresh and the TypeScript sources through tsx when not (the rule: bin/dist.js). It calls the
// CLI's main() itself: npx and npm's bin links start it through a symlink, so the CLI module
// cannot recognise from process.argv[1] that it is the program being run.
import { pathToFileURL } from 'node:url';
import { distEntry, isFresh } from './dist.js';

async function fromSource() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/app/cli.ts');
}

const cli = isFresh() ? await import(pathToFileURL(distEntry).href) : await fromSource();
await cli.main(process.argv.slice(2));
