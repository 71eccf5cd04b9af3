/** Adapts the check catalog (src/check) to the zone lookup attribution uses for delisting facts. */
import type { CatalogEntry } from '../check/catalog-types.js';
/** Catalog facts for one DNSBL zone: its display name, delisting URL and policy sentence. */
export interface ZoneFacts {
  name: string;
  delist: string | null;
  policy: string | null;
}

export type CatalogLookup = (zone: string) => ZoneFacts | null;

export function lookupFromCatalog(entries: readonly CatalogEntry[]): CatalogLookup {
  const byZone = new Map<string, CatalogEntry>();
  for (const entry of entries) byZone.set(entry.zone.toLowerCase(), entry);
  return (zone) => {
    const entry = byZone.get(zone.toLowerCase());
    if (!entry) return null;
    return { name: entry.name, delist: entry.delist ?? null, policy: entry.policy?.text ?? null };
  };
}
