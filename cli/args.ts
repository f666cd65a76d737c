/**
 * Shared argument handling for sub-commands, over node:util parseArgs.
 * Unknown flags and missing values become UserErrors (one line, exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../src/errors.js';
import { safeJson } from '../src/display.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(command: string, argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UserError(`${command}: ${msg} (try: threadlab ${command} --help)`, 2);
  }
}

/** --db, else $THREADLAB_DB, else the XDG data directory. */
export function dbPath(flag: string | undefined): string {
  if (flag !== undefined && flag !== '') return flag;
  const env = process.env['THREADLAB_DB'];
  if (env !== undefined && env !== '') return env;
  const dataHome = process.env['XDG_DATA_HOME'] || path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'threadlab', 'threadlab.db');
}

export function printJson(value: unknown): void {
  process.stdout.write(safeJson(value) + '\n');
}
