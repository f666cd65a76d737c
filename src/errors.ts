/**
 * Errors the user can act on. `cli/` turns these into one line on stderr and a
 * non-zero exit; anything else is a programmer error and keeps its stack.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** A problem in the content of the input, with the place it was found (vfile-style). */
export interface ImportWarning {
  readonly file: string;
  readonly offset: number | null;
  readonly message: string;
}
