/**
 * The runtime's own log lines (the handlers log through Powertools in their workers). Plain text on
 * purpose: a developer reads these in a terminal, while handler logs stay JSON as in CloudWatch.
 */
const levels = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 } as const;
type Level = keyof typeof levels;

let threshold: number = levels.INFO;

export function setLogLevel(level: string): void {
  threshold = levels[level.toUpperCase() as Level] ?? levels.INFO;
}

const write = (level: Level, message: string, detail?: unknown): void => {
  if (levels[level] < threshold) return;
  const line = `[local] ${new Date().toISOString().slice(11, 23)} ${level.padEnd(5)} ${message}`;
  const stream = levels[level] >= levels.WARN ? process.stderr : process.stdout;
  stream.write(detail === undefined ? `${line}\n` : `${line} ${describe(detail)}\n`);
};

const describe = (detail: unknown): string => {
  if (detail instanceof Error) return detail.stack ?? detail.message;
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
};

export const log = {
  debug: (message: string, detail?: unknown) => write('DEBUG', message, detail),
  info: (message: string, detail?: unknown) => write('INFO', message, detail),
  warn: (message: string, detail?: unknown) => write('WARN', message, detail),
  error: (message: string, detail?: unknown) => write('ERROR', message, detail),
};
