/** Imported first by colour tests: chalk reads FORCE_COLOR once, when ink first loads it, and a test's stdout is no TTY. */
process.env['FORCE_COLOR'] = '1';
