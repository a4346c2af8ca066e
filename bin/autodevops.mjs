#!/usr/bin/env node
// The published entry point: the CLI is bundled into dist/ (see docs/adr/0001-bundling.md).
import { main } from '../dist/cli.mjs';

process.exitCode = await main(process.argv.slice(2));
