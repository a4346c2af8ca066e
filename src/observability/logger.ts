/**
 * Structured JSON logs with pino. Pretty output (pino-pretty) only when asked for, and only if that
 * optional package can be loaded; JSON otherwise. Everything logged comes from engine events, which
 * hold masked text only.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

/** Where and how to log. */
export interface LoggerOptions {
  /** A stream, or a file descriptor (default 2, stderr). */
  destination?: DestinationStream | number;
  pretty?: boolean;
  level?: string;
}

/** A pino logger; `pretty` falls back to JSON when pino-pretty is not installed. */
export async function createLogger(options: LoggerOptions = {}): Promise<Logger> {
  const level = options.level ?? 'info';
  const dest = options.destination ?? 2;
  const stream = typeof dest === 'number' ? pino.destination({ dest, sync: true }) : dest;
  const pretty = options.pretty ? await prettyStream(stream) : undefined;
  return pino({ level, base: { service: 'autodevops' }, timestamp: pino.stdTimeFunctions.isoTime }, pretty ?? stream);
}

/** pino-pretty as a stream in this thread (no worker transport: it would not survive bundling). */
async function prettyStream(destination: DestinationStream): Promise<DestinationStream | undefined> {
  // A computed name keeps the bundler from requiring the optional package at build time.
  const name = ['pino', 'pretty'].join('-');
  try {
    const mod = (await import(name)) as { default: (o: object) => DestinationStream };
    return mod.default({ destination, sync: true, colorize: true });
  } catch {
    return undefined;
  }
}
