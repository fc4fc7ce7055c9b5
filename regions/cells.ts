import { DEFAULT_TLS_POLICY } from '../lib/config';
import type { DeclaredCell } from '../lib/release/declared-regions';

/** A cell's public name and the ACM certificate (in the cell's region) that serves it. */
export interface CellEndpoint {
  readonly domainName: string;
  /** Request the certificate in ACM first; this is the deployment's input, not a lookup. */
  readonly certificateArn: string;
}

/** The cell's endpoint behind TLS 1.2+; its blue/green colours (versions, weights, capacities) are release state: releases/cells.json. */
function endpointOf(endpoint: CellEndpoint): DeclaredCell['app'] {
  return { ...endpoint, sslPolicy: DEFAULT_TLS_POLICY };
}

/** Instance families offered in every Halo region; opt-in regions lag behind on newer ones. */
export interface InstanceFamilies {
  /** Memory-optimised family for SQL Server nodes, e.g. `r6i`. */
  readonly memory: string;
  /** General-purpose family for the app fleet and microservices, e.g. `m6i`. */
  readonly general: string;
}

export const CURRENT_FAMILIES: InstanceFamilies = { memory: 'r6i', general: 'm6i' };
export const OPT_IN_FAMILIES: InstanceFamilies = { memory: 'r5', general: 'm5' };

/** A production cell sized at the standard instance baseline. */
export function productionCell(id: string, channel: 'stable' | 'beta', zone: string, endpoint: CellEndpoint, families = CURRENT_FAMILIES): DeclaredCell {
  return {
    id,
    environment: 'production',
    channel,
    zone,
    sizing: {
      concurrentAgents: 1_500,
      unarchivedTickets: 7_000_000,
      instanceTypes: {
        sqlNode: `${families.memory}.4xlarge`,
        app: `${families.general}.2xlarge`,
        automations: `${families.general}.xlarge`,
        chat: `${families.general}.large`,
      },
      sqlStorage: { dataGiB: 2_000, logGiB: 500, tempdbGiB: 200, backupGiB: 1_000 },
    },
    sql: { edition: 'Enterprise', topology: 'availability-group' },
    app: endpointOf(endpoint),
  };
}

/** A UAT cell: customer test environments, smaller instances, stable channel. */
export function uatCell(zone: string, endpoint: CellEndpoint, families = CURRENT_FAMILIES): DeclaredCell {
  return {
    id: 'uat',
    environment: 'uat',
    channel: 'stable',
    zone,
    sizing: {
      concurrentAgents: 150,
      unarchivedTickets: 500_000,
      instanceTypes: {
        sqlNode: `${families.memory}.xlarge`,
        app: `${families.general}.large`,
        automations: `${families.general}.large`,
        chat: `${families.general}.large`,
      },
      sqlStorage: { dataGiB: 300, logGiB: 100, tempdbGiB: 50, backupGiB: 200 },
    },
    // UAT is outside the 99.95 % target and keeps daily backups only: one Standard node, no cluster (README).
    sql: { edition: 'Standard', topology: 'standalone' },
    app: endpointOf(endpoint),
  };
}
