/** The configuration as the monitor uses it: groups by name, each group's zones, the catalog by zone. */
import type { CatalogEntry } from '../check/index.js';
import { selectZones } from '../check/index.js';
import { MxError } from '../core/errors.js';
import { DEFAULT_GROUP } from './config.js';
import type { GroupConfig, MonitorOptions } from './types.js';

export interface World {
  groups: readonly GroupConfig[];
  catalogByZone: ReadonlyMap<string, CatalogEntry>;
  hasGroup(name: string): boolean;
  groupByName(name: string): GroupConfig;
  /** A target's group, or the default group when its group left the configuration. */
  groupOf(name: string): GroupConfig;
  zonesOf(group: GroupConfig): CatalogEntry[];
}

export function createWorld(options: Pick<MonitorOptions, 'config' | 'catalog'>): World {
  const groups = options.config.groups;
  const byName = new Map(groups.map((g) => [g.name, g]));
  const fallback = byName.get(DEFAULT_GROUP) ?? groups[0];
  if (!fallback) throw new MxError('config', 'the configuration has no group');
  const zones = new Map<string, CatalogEntry[]>();
  for (const g of groups) {
    try {
      zones.set(g.name, selectZones(options.catalog, g.zones ?? undefined, { includeDead: false }));
    } catch (error) {
      throw new MxError(
        'config',
        `group ${g.name}: ${(error as Error).message.replace(/^--zones: /, 'zones: ')}`,
        {
          cause: error,
        },
      );
    }
  }
  return {
    groups,
    catalogByZone: new Map(options.catalog.map((e) => [e.zone, e])),
    hasGroup: (name) => byName.has(name),
    groupByName: (name) => byName.get(name) ?? fallback,
    groupOf: (name) => byName.get(name) ?? fallback,
    zonesOf: (g) => zones.get(g.name) ?? [],
  };
}
