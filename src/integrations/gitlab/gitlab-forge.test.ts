import { startGitLabForge } from '../../../test/support/gitlab-mock/gitlab-forges.ts';
import { forgeConformance } from '../forge-conformance/forge-conformance.ts';

forgeConformance('gitlab (access token)', (options) => startGitLabForge(options));
