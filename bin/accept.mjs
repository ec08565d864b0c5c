#!/usr/bin/env node
// The `accept` command. The harness is TypeScript run through tsx, so there is no
// build step between a checkout and a run (one less thing that can be stale).
import { register } from 'tsx/esm/api';
register();
await import('../cli/main.ts');
