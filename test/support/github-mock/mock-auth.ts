/**
 * Authentication as GitHub does it: personal tokens, GitHub App JWTs (RS256, signed with the app's
 * private key, verified here with its public key) for `/app/…` routes, and the installation tokens
 * those JWTs buy, which expire after an hour.
 */
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { failure, type Caller, type Handler, type MockResponse } from './handler-kit.ts';
import { withSample } from './sample.ts';

/** A GitHub App registered with the mock. */
export interface MockApp {
  appId: number;
  /** PEM (SPKI) public key of the app's private key. */
  publicKey: string;
  installationId: number;
}

/** The credentials the mock accepts, and which requests they may make. */
export class MockAuth {
  private readonly tokens = new Map<string, string>();
  private readonly apps = new Map<number, { app: MockApp; key: KeyObject }>();
  private readonly installationTokens = new Map<string, { appId: number; expiresAt: number }>();
  /** Set by `expireCredentials`: every credential is refused from then on. */
  expired = false;
  /** How many installation tokens were issued (to prove caching). */
  issuedTokens = 0;
  /** Lifetime of installation tokens; GitHub's is one hour. */
  tokenLifetimeMs = 60 * 60 * 1000;

  /** Accepts a personal token belonging to `login`. */
  addToken(token: string, login: string): void {
    this.tokens.set(token, login);
  }

  /** Accepts JWTs of this app and issues tokens for its installation. */
  addApp(app: MockApp): void {
    this.apps.set(app.appId, { app, key: createPublicKey(app.publicKey) });
  }

  /** Who sent the request, or the 401 GitHub answers. */
  authenticate(header: string | undefined, appRoute: boolean): Caller | MockResponse {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
    if (!match?.[1]) return failure(401, 'Requires authentication');
    if (this.expired) return failure(401, appRoute ? 'A JSON web token could not be decoded' : 'Bad credentials');
    return appRoute ? this.appCaller(match[1]) : this.tokenCaller(match[1]);
  }

  private tokenCaller(token: string): Caller | MockResponse {
    const login = this.tokens.get(token);
    if (login) return { kind: 'token', login };
    const installation = this.installationTokens.get(token);
    if (installation && installation.expiresAt > Date.now()) return { kind: 'installation', login: `app-${installation.appId}[bot]`, appId: installation.appId };
    return failure(401, 'Bad credentials');
  }

  private appCaller(jwt: string): Caller | MockResponse {
    const claims = decodeJwt(jwt);
    const entry = claims ? this.apps.get(Number(claims.iss)) : undefined;
    if (!claims || !entry || !verifySignature(jwt, entry.key)) return failure(401, 'A JSON web token could not be decoded');
    const now = Date.now() / 1000;
    if (claims.exp <= now || claims.iat > now + 60 || claims.exp - claims.iat > 660) return failure(401, 'The JWT is expired or was issued for longer than ten minutes');
    return { kind: 'app', login: `app-${entry.app.appId}`, appId: entry.app.appId };
  }

  /** `POST /app/installations/{installation_id}/access_tokens`. */
  readonly createInstallationToken: Handler = (request) => {
    const entry = this.apps.get(request.caller.appId ?? -1);
    if (request.caller.kind !== 'app' || !entry) return failure(401, 'A JSON web token could not be decoded');
    if (entry.app.installationId !== Number(request.pathParams['installation_id'])) return failure(404, 'Not Found');
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const expiresAt = Date.now() + this.tokenLifetimeMs;
    this.installationTokens.set(token, { appId: entry.app.appId, expiresAt });
    this.issuedTokens++;
    return { status: 201, body: withSample('installation-token', { token, expires_at: new Date(expiresAt).toISOString().replace(/\.\d+Z$/, 'Z'), permissions: { checks: 'write', pull_requests: 'write', issues: 'write', statuses: 'write' }, repository_selection: 'all' }) };
  };
}

interface Claims {
  iss: string | number;
  iat: number;
  exp: number;
}

function decodeJwt(jwt: string): Claims | undefined {
  const [header, payload] = jwt.split('.');
  try {
    const alg = (JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as { alg?: string }).alg;
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Claims;
    return alg === 'RS256' && typeof claims.iat === 'number' && typeof claims.exp === 'number' ? claims : undefined;
  } catch {
    return undefined;
  }
}

function verifySignature(jwt: string, key: KeyObject): boolean {
  const parts = jwt.split('.');
  if (parts.length !== 3) return false;
  return verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2] ?? '', 'base64url'));
}
