import pino, { type Logger, type LoggerOptions } from 'pino';
import { readableDestination } from './readable-log.js';

export type { Logger };

/**
 * The hub's logger. Without a `destination` it writes to stdout: readable lines when stdout is a terminal (a person
 * started the hub), JSON lines otherwise (a service manager, a pipe, the desktop shell's log file), one object each.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'backroom-hub' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'pin', 'token', 'secretKey', '*.secretKey'],
  };
  if (destination) return pino(options, destination);
  return process.stdout.isTTY ? pino(options, readableDestination(process.stdout)) : pino(options);
}
