/** `text` as a regular expression that matches it literally (for patterns built from data). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
