/**
 * Exit statuses shared by every command (documented in the README).
 * 0: nothing wrong found; 1: a problem found (listed, backscatter, phishing, bounce found...);
 * 2: bad usage or input; 3: nothing could be determined (every answer an error, network down).
 */
export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNDETERMINED = 3;
