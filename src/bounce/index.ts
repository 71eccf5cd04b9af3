/** Bounce analysis: the library face (one options type, one DEFAULTS, typed results). */
export { analyzeBounce } from './analyze.js';
export { isRfc3463Status } from './codes.js';
/** DEFAULTS under the package root's name (src/index.ts exports every capability's defaults side by side). */
export { type BounceOptions, DEFAULTS, DEFAULTS as BOUNCE_DEFAULTS } from './defaults.js';
export { blockedIps, renderText } from './render.js';
export type * from './types.js';
