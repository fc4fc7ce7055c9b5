import { readFileSync } from 'fs';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { renderDisasterRecoveryRunbook } from '../lib/backup/runbook';
import { cellPostures } from '../lib/compliance/cell-posture';
import { SECURITY_LAKE_UNAVAILABLE, validateConfig } from '../lib/config';
import { RESIDENCY_ZONES, residencyZonesOf } from '../regions';
import { shippedConfiguration } from '../stacks/halo-app';
import { cdkJsonContext, scratchDir } from './helpers';

/**
 * The configuration that ships (regions/, with cdk.json's account), which `npx cdk synth` builds. Every other test
 * builds the fixture configuration (test/fixtures/config.ts), so adding a region or a cell as the README says changes
 * no test but these, and these hold for any catalogue that does what the README promises. "Complete" means:
 * - validation accepts it (lib/config/validate.ts: AZs of the region, opt-in flags, Security Lake only where offered,
 *   cells in a residency zone that holds their region, backup policies at the published promise, copies only to
 *   another region of the zone that the catalogue holds, one CIDR and one code per region, SQL Server layouts);
 * - every region has a production cell (the 99.95 % service, its availability group and its drills);
 * - every region runs Security Lake unless AWS does not offer it there (then the gap is recorded);
 * - every cell's backups (the vault of its region and any copy) stay in its residency zone and meet the published
 *   RPO, RTO and retention of its environment;
 * - no two regions share a Stage name or slug (`cdk deploy '<Stage>/*'`, stack names);
 * - docs/disaster-recovery.md is what the configuration renders (`npm run docs`).
 */
describe('the shipped configuration (regions/)', () => {
  const input = shippedConfiguration(new App({ context: cdkJsonContext(), outdir: scratchDir('halo-shipped-') }));
  const config = validateConfig(input);

  test('is valid', () => {
    expect(config.regions.length).toBeGreaterThan(0);
    expect(config.regions.map((r) => r.code)).toEqual(input.regions.map((r) => r.code));
  });

  test.each(config.regions.map((r) => [r.name, r] as const))('%s has a production cell, in an availability group', (_name, region) => {
    const production = region.cells.filter((c) => c.environment === 'production');
    expect(production.length).toBeGreaterThan(0);
    production.forEach((c) => expect([c.id, c.sql.topology]).toEqual([c.id, 'availability-group']));
  });

  test.each(config.regions.map((r) => [r.name, r] as const))('%s runs Security Lake unless AWS does not offer it there', (_name, region) => {
    expect(region.services.securityLake).toBe(!SECURITY_LAKE_UNAVAILABLE.includes(region.code));
  });

  test("keeps every cell's backups in its residency zone, at its environment's published RPO, RTO and retention", () => {
    const postures = cellPostures(config.regions);
    expect(postures).toHaveLength(config.regions.flatMap((r) => r.cells).length);
    for (const p of postures) {
      expect([p.stage, p.cell, p.backupsInZone, p.rpo.met, p.rto.met, p.dailyRetention.met, p.monthlyRetention.met, p.logRetention.met]).toEqual([
        p.stage,
        p.cell,
        true,
        true,
        true,
        true,
        true,
        true,
      ]);
      // Copies go to another region of the zone, whose vault the catalogue deploys.
      p.backupCopies.forEach((copy) => expect([p.cell, copy !== p.region, config.regions.some((r) => r.code === copy)]).toEqual([p.cell, true, true]));
    }
  });

  test('gives every region its own Stage name and slug', () => {
    for (const key of ['stageName', 'slug'] as const) {
      const names = config.regions.map((r) => r[key]);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  test('keeps the residency zones of the seed documents (a new region may join one)', () => {
    const seed: Record<string, string[]> = {
      UK: ['eu-west-2'],
      EU: ['eu-west-2', 'eu-central-1'],
      US: ['us-east-1'],
      CA: ['ca-central-1'],
      ZA: ['af-south-1'],
      AU: ['ap-southeast-2'],
      ME: ['me-south-1'],
    };
    for (const [zone, regions] of Object.entries(seed)) expect([zone, RESIDENCY_ZONES[zone]]).toEqual([zone, expect.arrayContaining(regions)]);
    // The UK zone is the UK's only region: UK customers' data never leaves it.
    expect(RESIDENCY_ZONES.UK).toEqual(['eu-west-2']);
    expect(residencyZonesOf('eu-west-2')).toEqual(expect.arrayContaining(['UK', 'EU']));
    // Every region of the catalogue is in a zone.
    config.regions.forEach((r) => expect([r.code, residencyZonesOf(r.code).length > 0]).toEqual([r.code, true]));
  });

  test('is what docs/disaster-recovery.md describes (run `npm run docs` after changing regions/)', () => {
    expect(readFileSync(join(__dirname, '..', 'docs', 'disaster-recovery.md'), 'utf8')).toBe(renderDisasterRecoveryRunbook(config));
  });
});
