/**
 * How many symbols the web report and the report file show of a unit. One place, so that a report
 * file's treemap is drawn from the same detail the server sends.
 */

/**
 * Symbols per unit at most in the treemap, the rest of the unit one summed node: a browser draws a
 * few thousand rectangles fluidly, not 100,000.
 */
export const SYMBOLS_PER_UNIT = 2000;

/**
 * Symbols the unit panel lists when the server answers it, largest first: enough to see what a
 * unit holds, few enough to read.
 */
export const SYMBOLS_PER_PANEL = 50;

/**
 * Symbols per unit panel in a report file: fewer than the server's, because the file embeds the
 * panel of every unit (a thousand units of a large image) whether or not anyone opens it.
 */
export const SYMBOLS_PER_EMBEDDED_PANEL = 10;
