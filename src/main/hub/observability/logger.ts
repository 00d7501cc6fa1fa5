import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'backroom-hub' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'pin', 'token', 'secretKey', '*.secretKey'],
  };
  return destination ? pino(options, destination) : pino(options);
}
