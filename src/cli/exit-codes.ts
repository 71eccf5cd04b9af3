/**
 * Exit statuses shared by every command (the README's "Exit codes" table; each help ends with
 * the same "Exit status:" line, built by grammar.ts from these meanings).
 * 0: nothing wrong found; 1: a problem found (listed, backscatter, phishing, bounce found...);
 * 2: bad usage or input; 3: nothing could be determined (every answer an error, network down);
 * 70: internal error (EX_SOFTWARE of sysexits.h).
 */
export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNDETERMINED = 3;
export const EXIT_INTERNAL = 70;
