import { startAppForge, startTokenForge } from '../../../test/support/github-mock/github-forges.ts';
import { forgeConformance } from '../forge-conformance/forge-conformance.ts';

forgeConformance('github (personal token)', (options) => startTokenForge(options));

forgeConformance('github (GitHub App installation)', (options) => startAppForge(options));
