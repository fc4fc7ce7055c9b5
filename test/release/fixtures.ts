import type { ReleaseCalendar } from '../../lib/release/calendar';
import type { ChannelHistory } from '../../lib/release/channels';
import type { PlanCellConfig, PlanInputs, PlanRegion } from '../../lib/release/plan';
import type { CellReleaseState, ReleaseState } from '../../lib/release/state';

/** The planner tests' clock: Saturday 28 November 2026, 16:00 UTC. */
export const NOW = new Date('2026-11-28T16:00:00Z');

export const OFFICE: ReleaseCalendar = {
  workingDays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'],
  workingHours: '08:00-18:00',
  holidays: ['2026-12-25', '2027-01-01'],
};
export const BAHRAIN_WEEK: ReleaseCalendar = {
  workingDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu'],
  workingHours: '07:00-17:00',
  holidays: ['2026-12-16', '2027-01-01'],
};

const uat: PlanCellConfig = { id: 'uat', environment: 'uat', channel: 'stable' };
const prodStable: PlanCellConfig = { id: 'prod-stable', environment: 'production', channel: 'stable' };
const prodBeta: PlanCellConfig = { id: 'prod-beta', environment: 'production', channel: 'beta' };

function region(name: string, code: string, timeZone: string, zones: string[], cells: PlanCellConfig[], drillWindow = 'Sun:01:00-Sun:04:00'): PlanRegion {
  const slug = name.toLowerCase().replace(/\./g, '').replace(/\s+/g, '-');
  return { name, code, slug, stageName: name.replace(/[^A-Za-z]/g, ''), timeZone, drillWindow, residencyZones: zones, cells };
}

export const LONDON = region('London', 'eu-west-2', 'Europe/London', ['UK', 'EU'], [prodStable, prodBeta, uat]);
export const FRANKFURT = region('Frankfurt', 'eu-central-1', 'Europe/Berlin', ['EU'], [prodStable, uat]);
export const N_VIRGINIA = region('N. Virginia', 'us-east-1', 'America/New_York', ['US'], [prodStable, prodBeta, uat]);
export const SYDNEY = region('Sydney', 'ap-southeast-2', 'Australia/Sydney', ['AU'], [prodStable, uat]);
export const BAHRAIN = region('Bahrain', 'me-south-1', 'Asia/Bahrain', ['ME'], [prodStable, uat], 'Fri:01:00-Fri:04:00');

export const CHANNELS: ChannelHistory = {
  beta: { releases: [{ version: '2.133.2', released: '2026-11-16' }] },
  stable: {
    releases: [
      { version: '2.131.10', released: '2026-07-06' },
      { version: '2.132.8', released: '2026-10-05' },
    ],
    candidates: [
      { version: '2.132.8', announced: '2026-09-07', stableFrom: '2026-10-05' },
      { version: '2.133.2', announced: '2026-12-07', stableFrom: '2027-01-04' },
    ],
  },
};

/** A cell with blue live on `version` and green idle, as regions/cells.ts makes them. */
export function onVersion(version: string): CellReleaseState {
  return { blue: { version, weight: 100, minCapacity: 3 }, green: { weight: 0, minCapacity: 0 } };
}

/** The release state of some regions: stable cells on 2.132.8, beta cells on 2.133.2. */
export function stateOf(regions: readonly PlanRegion[], overrides: Record<string, CellReleaseState> = {}): ReleaseState {
  const cells: Record<string, CellReleaseState> = {};
  for (const r of regions) for (const c of r.cells) cells[`${r.slug}/${c.id}`] = onVersion(c.channel === 'beta' ? '2.133.2' : '2.132.8');
  return { cells: { ...cells, ...overrides } };
}

/** Planner inputs over some regions, each on its usual calendar. */
export function inputsOf(regions: readonly PlanRegion[], changes: Partial<PlanInputs> = {}): PlanInputs {
  const calendars = Object.fromEntries(regions.map((r) => [r.name, r.name === 'Bahrain' ? BAHRAIN_WEEK : OFFICE]));
  return { regions, calendars, state: stateOf(regions), channels: CHANNELS, ...changes };
}

export const FIVE_REGIONS = [LONDON, FRANKFURT, N_VIRGINIA, SYDNEY, BAHRAIN];
