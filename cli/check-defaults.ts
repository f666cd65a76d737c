/**
 * The bound `sim check` searches by default, shared with the TUI so that the
 * TUI's verdict is never greener than what the CLI says (it used depth 5 while
 * the CLI at depth 6 refuted area-flag).
 */
export const CHECK_DEPTH = 6;
