/**
 * What the forge steps need from the composition root: a way to connect to a forge with the
 * credentials a step can see. The steps decide which forge and repository; the connector (built in
 * src/app/forges.ts) decides how to authenticate.
 */
import type { Forge } from '../../engine/ports/forge.ts';

/** The forges autodevops talks to. */
export type ForgeKind = 'github' | 'gitlab';

/** Looks a credential or setting up by its variable name (`GITHUB_TOKEN`…) in the run's secrets, then the step's environment. */
export type CredentialLookup = (name: string) => string | undefined;

/** A forge client and the credentials to push with. */
export interface ForgeConnection {
  kind: ForgeKind;
  forge: Forge;
  /** The token git sends when pushing over https (a GitHub App's installation token, or the access token). */
  pushToken: string;
  /** Every credential text in use, to mask in the run's logs. */
  secrets: string[];
}

/** A forge's web root (`https://github.com`, `https://gitlab.example.com/gitlab`), to recognise its remotes. */
export interface ForgeRoot {
  kind: ForgeKind;
  url: string;
}

/** Connects the forge steps to forges. */
export interface ForgeConnector {
  /** The web roots of the configured forges. */
  roots(lookup: CredentialLookup): ForgeRoot[];
  /**
   * A setting of the installation (`AUTODEVOPS_URL`…): the autodevops process's environment first,
   * since a step's environment always carries GitHub's defaults for GITHUB_* URLs; then `lookup`.
   */
  setting(name: string, lookup: CredentialLookup): string | undefined;
  /** Connects to a forge; throws ADO_FORGE_AUTH naming the variables to set when credentials are missing. */
  connect(kind: ForgeKind, lookup: CredentialLookup): Promise<ForgeConnection>;
}
