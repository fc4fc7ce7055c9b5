import { ConfigError, HaloConfigInput, selectRegions, validateConfig } from '../lib/config';
import { fixtureInput, regionOf as region, withCanadaCentral } from './fixtures/config';

// The fixture configuration (test/fixtures/config.ts) with Canada Central, whose AZs skip a letter. The shipped
// configuration in regions/ is checked by shipped-config.test.ts.
const base = (): HaloConfigInput => withCanadaCentral(fixtureInput());

function problemsOf(mutate: (config: HaloConfigInput) => void): string[] {
  const config = base();
  mutate(config);
  try {
    validateConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('configuration was accepted');
}

describe('a valid configuration', () => {
  const config = validateConfig(base());

  test('gives each region its Stage name (PascalCase letters of its name) and slug', () => {
    expect(config.regions.map((r) => [r.code, r.name, r.stageName, r.slug])).toEqual([
      ['eu-west-2', 'London', 'London', 'london'],
      ['eu-central-1', 'Frankfurt', 'Frankfurt', 'frankfurt'],
      ['us-east-1', 'N. Virginia', 'NVirginia', 'n-virginia'],
      ['af-south-1', 'Cape Town', 'CapeTown', 'cape-town'],
      ['ca-central-1', 'Canada Central', 'CanadaCentral', 'canada-central'],
    ]);
  });

  test('gives every region three distinct AZs of its own; Canada Central uses a, b and d', () => {
    for (const r of config.regions) {
      expect(new Set(r.availabilityZones).size).toBe(3);
      r.availabilityZones.forEach((az) => expect(az.startsWith(r.code)).toBe(true));
    }
    expect(config.regions.find((r) => r.code === 'ca-central-1')!.availabilityZones).toEqual(['ca-central-1a', 'ca-central-1b', 'ca-central-1d']);
  });

  test('keeps opt-in regions marked opt-in and, where AWS does not offer it, without Security Lake (Cape Town)', () => {
    expect(config.regions.filter((r) => r.optIn).map((r) => r.code)).toEqual(['af-south-1']);
    expect(config.regions.filter((r) => !r.services.securityLake).map((r) => r.code)).toEqual(['af-south-1']);
  });

  // What the shipped catalogue must hold in every region (a production cell, backups in the zone, ...): shipped-config.test.ts.
  test('keeps each cell in a residency zone that holds its region, and each region in the zones of its cells', () => {
    for (const r of config.regions) {
      r.cells.forEach((c) => expect(config.zones[c.zone]).toContain(r.code));
      expect(r.residencyZones).toEqual(expect.arrayContaining([...new Set(r.cells.map((c) => c.zone))]));
    }
    expect(config.regions.find((r) => r.code === 'eu-west-2')!.residencyZones).toEqual(['UK', 'EU']);
  });

  test('uses the account from context unless a region overrides it', () => {
    const input = base();
    const frankfurt = region(input, 'eu-central-1');
    frankfurt.account = '444455556666';
    // A load balancer uses certificates of its own account: the region's certificates move with it.
    frankfurt.cells.forEach((c) => {
      c.app.certificateArn = c.app.certificateArn.replace(':111122223333:', ':444455556666:');
    });
    const regions = validateConfig(input).regions;
    expect(regions.find((r) => r.code === 'eu-west-2')!.account).toBe('111122223333');
    expect(regions.find((r) => r.code === 'eu-central-1')!.account).toBe('444455556666');
  });
});

describe('bad configuration fails with one message naming region, cell, field, value and what is allowed', () => {
  const cases: [string, (c: HaloConfigInput) => void, string][] = [
    [
      'unknown region code',
      (c) => {
        region(c, 'eu-west-2').code = 'eu-west-9';
      },
      'Region London (eu-west-9): code is "eu-west-9"; allowed: one of eu-west-2, eu-central-1',
    ],
    [
      'two AZs',
      (c) => {
        region(c, 'eu-west-2').availabilityZones = ['eu-west-2a', 'eu-west-2b'];
      },
      'Region London (eu-west-2): availabilityZones is ["eu-west-2a","eu-west-2b"]; allowed: exactly three distinct zones of eu-west-2: eu-west-2a, eu-west-2b, eu-west-2c',
    ],
    [
      'a repeated AZ',
      (c) => {
        region(c, 'eu-west-2').availabilityZones = ['eu-west-2a', 'eu-west-2a', 'eu-west-2b'];
      },
      'Region London (eu-west-2): availabilityZones is ["eu-west-2a","eu-west-2a","eu-west-2b"]; allowed: exactly three distinct zones of eu-west-2',
    ],
    [
      'an AZ of another region',
      (c) => {
        region(c, 'ca-central-1').availabilityZones = ['ca-central-1a', 'ca-central-1b', 'ca-central-1c'];
      },
      'Region Canada Central (ca-central-1): availabilityZones is ["ca-central-1a","ca-central-1b","ca-central-1c"]; allowed: exactly three distinct zones of ca-central-1: ca-central-1a, ca-central-1b, ca-central-1d',
    ],
    [
      'duplicate cell id',
      (c) => {
        region(c, 'eu-west-2').cells[1].id = 'prod-stable';
      },
      'Region London (eu-west-2), cell prod-stable: id is "prod-stable"; allowed: a cell id used once in the region; "prod-stable" is already taken',
    ],
    [
      'a cell whose zone does not contain its region',
      (c) => {
        region(c, 'eu-central-1').cells[0].zone = 'UK';
      },
      'Region Frankfurt (eu-central-1), cell prod-stable: zone is "UK"; allowed: a zone that contains eu-central-1: EU',
    ],
    [
      'a cell naming an unknown zone',
      (c) => {
        region(c, 'eu-central-1').cells[0].zone = 'APAC';
      },
      'Region Frankfurt (eu-central-1), cell prod-stable: zone is "APAC"; allowed: one of UK, EU, US, ZA, CA',
    ],
    [
      'too many concurrent agents',
      (c) => {
        region(c, 'us-east-1').cells[0].sizing.concurrentAgents = 1501;
      },
      'Region N. Virginia (us-east-1), cell prod-1: sizing.concurrentAgents is 1501; allowed: at most 1500 concurrent agents (the standard instance baseline); add a cell to the region instead of growing this one',
    ],
    [
      'too many unarchived tickets',
      (c) => {
        region(c, 'eu-west-2').cells[1].sizing.unarchivedTickets = 7_000_001;
      },
      'Region London (eu-west-2), cell prod-beta: sizing.unarchivedTickets is 7000001; allowed: at most 7,000,000 unarchived tickets (the standard instance baseline); add a cell to the region instead of growing this one',
    ],
    [
      'an account that is not 12 digits',
      (c) => {
        c.account = '12345';
      },
      'Configuration: account is "12345"; allowed: a 12-digit AWS account id, e.g. "111122223333"',
    ],
    [
      'a region account that is not 12 digits',
      (c) => {
        region(c, 'us-east-1').account = '1234567890123';
      },
      'Region N. Virginia (us-east-1): account is "1234567890123"; allowed: a 12-digit AWS account id',
    ],
    [
      'a malformed maintenance window',
      (c) => {
        region(c, 'af-south-1').maintenanceWindow.window = 'Sunday 01:00-04:00';
      },
      'Region Cape Town (af-south-1): maintenanceWindow.window is "Sunday 01:00-04:00"; allowed: ddd:hh:mm-ddd:hh:mm in local time',
    ],
    [
      'a maintenance window over 24 hours',
      (c) => {
        region(c, 'af-south-1').maintenanceWindow.window = 'Sat:01:00-Sun:04:00';
      },
      'Region Cape Town (af-south-1): maintenanceWindow.window is "Sat:01:00-Sun:04:00"; allowed: ddd:hh:mm-ddd:hh:mm in local time, e.g. "Sun:01:00-Sun:04:00", longer than zero and at most 24 hours',
    ],
    [
      'an unknown time zone',
      (c) => {
        region(c, 'af-south-1').maintenanceWindow.timeZone = 'Africa/Johannesburg2';
      },
      'Region Cape Town (af-south-1): maintenanceWindow.timeZone is "Africa/Johannesburg2"; allowed: an IANA time-zone name such as "Europe/London"',
    ],
    [
      'a UTC offset for a time zone',
      (c) => {
        region(c, 'af-south-1').maintenanceWindow.timeZone = 'UTC+2';
      },
      'Region Cape Town (af-south-1): maintenanceWindow.timeZone is "UTC+2"; allowed: an IANA time-zone name',
    ],
    [
      'an opt-in region not marked opt-in',
      (c) => {
        region(c, 'af-south-1').optIn = false;
      },
      'Region Cape Town (af-south-1): optIn is false; allowed: true (af-south-1 is an opt-in region)',
    ],
    [
      'a region not marked opt-in that is not',
      (c) => {
        region(c, 'eu-west-2').optIn = true;
      },
      'Region London (eu-west-2): optIn is true; allowed: false (eu-west-2 is not an opt-in region)',
    ],
    [
      'Security Lake where it is not offered',
      (c) => {
        region(c, 'af-south-1').services.securityLake = true;
      },
      'Region Cape Town (af-south-1): services.securityLake is true; allowed: false (Security Lake is not offered in af-south-1)',
    ],
    [
      'an unknown environment',
      (c) => {
        (region(c, 'eu-west-2').cells[2] as { environment: string }).environment = 'staging';
      },
      'Region London (eu-west-2), cell uat: environment is "staging"; allowed: one of production, uat',
    ],
    [
      'a malformed instance type',
      (c) => {
        region(c, 'eu-west-2').cells[0].sizing.instanceTypes.sqlNode = 'big';
      },
      'Region London (eu-west-2), cell prod-stable: sizing.instanceTypes.sqlNode is "big"; allowed: an EC2 instance type such as "r6i.2xlarge"',
    ],
    [
      'two regions with one CIDR',
      (c) => {
        region(c, 'eu-central-1').network.cidr = '10.10.0.0/16';
      },
      'Region Frankfurt (eu-central-1): network.cidr is "10.10.0.0/16"; allowed: a block that shares no address with another region\'s (London (eu-west-2) has 10.10.0.0/16), so regions can be peered or routed later',
    ],
    [
      'a retention CloudWatch Logs does not offer',
      (c) => {
        region(c, 'eu-west-2').network.flowLogRetentionDays = 100;
      },
      'Region London (eu-west-2): network.flowLogRetentionDays is 100; allowed: one of 365, 400, 545, 731',
    ],
    [
      "flow logs kept less than PCI's 12 months",
      (c) => {
        region(c, 'eu-west-2').network.flowLogRetentionDays = 180;
      },
      'Region London (eu-west-2): network.flowLogRetentionDays is 180; allowed: one of 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (CloudWatch Logs retention periods of at least 365 days: PCI DSS 10.5.1 keeps audit logs 12 months)',
    ],
    [
      'a log-backup interval longer than the RPO',
      (c) => {
        c.backupPolicies.production.logBackup!.intervalHours = 2;
      },
      'Backup policy production: logBackup.intervalHours is 2; allowed: at most rpoHours (1)',
    ],
    [
      'log backups kept less than promised',
      (c) => {
        c.backupPolicies.production.logBackup!.retentionDays = 2;
      },
      'Backup policy production: logBackup.retentionDays is 2; allowed: at least 3 days',
    ],
    [
      'production without log backups',
      (c) => {
        delete c.backupPolicies.production.logBackup;
      },
      'Backup policy production: logBackup is missing; allowed: transaction-log backups every 1 hour kept 3 days',
    ],
    [
      'daily backups kept less than promised',
      (c) => {
        c.backupPolicies.production.daily.retentionDays = 7;
      },
      'Backup policy production: daily.retentionDays is 7; allowed: at least 14 days (the published retention of production daily backups)',
    ],
    [
      'UAT daily backups kept less than promised',
      (c) => {
        c.backupPolicies.uat.daily.retentionDays = 10;
      },
      'Backup policy uat: daily.retentionDays is 10; allowed: at least 14 days',
    ],
    [
      'monthly backups kept less than 90 days',
      (c) => {
        c.backupPolicies.production.monthly!.retentionDays = 60;
      },
      'Backup policy production: monthly.retentionDays is 60; allowed: at least 90 days',
    ],
    [
      'an RTO past the promise',
      (c) => {
        c.backupPolicies.production.rtoHours = 8;
      },
      'Backup policy production: rtoHours is 8; allowed: at most 4 (the published recovery time objective)',
    ],
    [
      'a UK-only London cell copying to Frankfurt',
      (c) => {
        region(c, 'eu-west-2').cells[0].backupCopyRegion = 'eu-central-1';
      },
      'Region London (eu-west-2), cell prod-stable: backupCopyRegion is "eu-central-1"; allowed: another region of the cell\'s residency zone UK: none, so no copy',
    ],
    [
      'a Cape Town cell copying to London',
      (c) => {
        region(c, 'af-south-1').cells[0].backupCopyRegion = 'eu-west-2';
      },
      'Region Cape Town (af-south-1), cell prod-stable: backupCopyRegion is "eu-west-2"; allowed: another region of the cell\'s residency zone ZA: none, so no copy',
    ],
    [
      'an EU cell copying out of the EU',
      (c) => {
        region(c, 'eu-central-1').cells[0].backupCopyRegion = 'us-east-1';
      },
      'Region Frankfurt (eu-central-1), cell prod-stable: backupCopyRegion is "us-east-1"; allowed: another region of the cell\'s residency zone EU: eu-west-2',
    ],
    [
      'a cell copying to its own region',
      (c) => {
        region(c, 'eu-central-1').cells[0].backupCopyRegion = 'eu-central-1';
      },
      'Region Frankfurt (eu-central-1), cell prod-stable: backupCopyRegion is "eu-central-1"; allowed: another region of the cell\'s residency zone EU: eu-west-2',
    ],
    [
      'blue/green weights that do not sum to 100',
      (c) => {
        region(c, 'eu-west-2').cells[0].app.blue.weight = 90;
      },
      'Region London (eu-west-2), cell prod-stable: app.blue.weight + green.weight is 90; allowed: whole percentages that sum to 100',
    ],
    [
      'a fractional weight',
      (c) => {
        region(c, 'eu-west-2').cells[0].app.blue.weight = 99.5;
      },
      'Region London (eu-west-2), cell prod-stable: app.blue.weight is 99.5; allowed: a whole percentage, 0 to 100',
    ],
    [
      'a colour taking traffic without a version',
      (c) => {
        const app = region(c, 'eu-west-2').cells[0].app;
        app.blue.weight = 90;
        app.green.weight = 10;
        app.green.minCapacity = 3;
      },
      'Region London (eu-west-2), cell prod-stable: app.green.version is missing; allowed: a release version such as "2.132.8": this colour takes traffic',
    ],
    [
      'a colour taking traffic with less than one instance per AZ',
      (c) => {
        const app = region(c, 'eu-west-2').cells[0].app;
        app.blue.weight = 90;
        app.green = { version: '2.133.0', weight: 10, minCapacity: 1 };
      },
      'Region London (eu-west-2), cell prod-stable: app.green.minCapacity is 1; allowed: at least 3 (one instance per AZ): this colour takes traffic',
    ],
    [
      'a TLS policy that accepts TLS 1.0',
      (c) => {
        (region(c, 'eu-west-2').cells[0].app as { sslPolicy: string }).sslPolicy = 'ELBSecurityPolicy-TLS13-1-0-2021-06';
      },
      'Region London (eu-west-2), cell prod-stable: app.sslPolicy is "ELBSecurityPolicy-TLS13-1-0-2021-06"; allowed: a TLS 1.2+ policy: ELBSecurityPolicy-TLS13-1-2-2021-06',
    ],
    [
      'a certificate of another region',
      (c) => {
        region(c, 'eu-west-2').cells[0].app.certificateArn = 'arn:aws:acm:us-east-1:111122223333:certificate/4f42749e-f8dd-5a19-a650-c7f15599cc01';
      },
      'Region London (eu-west-2), cell prod-stable: app.certificateArn is "arn:aws:acm:us-east-1:111122223333:certificate/4f42749e-f8dd-5a19-a650-c7f15599cc01"; allowed: a certificate in eu-west-2',
    ],
  ];

  test('an idle colour may scale to zero and have no version', () => {
    const config = base();
    expect(region(config, 'eu-west-2').cells[0].app.green).toEqual({ weight: 0, minCapacity: 0 });
    expect(() => validateConfig(config)).not.toThrow();
  });

  test("an environment-wide copy region is checked against every cell's zone, and allowed where the zone holds it", () => {
    const problems = problemsOf((c) => {
      c.backupPolicies.uat.copyRegion = 'eu-west-2';
    });
    // Frankfurt's UAT cell (EU zone) may copy to London; every other UAT cell may not.
    expect(problems.map((p) => p.split(':')[0])).toEqual(['Region London (eu-west-2), cell uat', 'Region Canada Central (ca-central-1), cell uat']);
    expect(problems[0]).toBe(
      'Region London (eu-west-2), cell uat: backupCopyRegion is "eu-west-2"; allowed: another region of the cell\'s residency zone UK: none, so no copy (from backupPolicies.uat.copyRegion)',
    );
  });

  test('a copy region must be a region of this configuration, whose vault receives the copies', () => {
    const problems = problemsOf((c) => {
      c.regions = c.regions.filter((r) => r.code !== 'eu-west-2');
    });
    expect(problems).toEqual([
      'Region Frankfurt (eu-central-1), cell prod-stable: backupCopyRegion is "eu-west-2"; allowed: a region of this configuration, whose backup vault receives the copies',
    ]);
  });

  test.each(cases)('%s', (_name, mutate, expected) => {
    const problems = problemsOf(mutate);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
  });

  test('the thrown message lists every problem, one per line', () => {
    const config = base();
    region(config, 'eu-west-2').code = 'eu-west-9';
    region(config, 'us-east-1').cells[0].sizing.concurrentAgents = 5000;
    expect(() => validateConfig(config)).toThrow(
      /Invalid Halo configuration \(2 problems\):\n- Region London \(eu-west-9\).*\n- Region N\. Virginia \(us-east-1\), cell prod-1: sizing\.concurrentAgents is 5000/,
    );
  });
});

describe('region selection (-c regions=...)', () => {
  const config = validateConfig(base());

  test('accepts slugs, Stage names, names and codes in any case', () => {
    expect(selectRegions(config, 'london,Frankfurt').map((r) => r.code)).toEqual(['eu-west-2', 'eu-central-1']);
    expect(selectRegions(config, 'N. Virginia,cape town').map((r) => r.code)).toEqual(['us-east-1', 'af-south-1']);
    expect(selectRegions(config, 'NVirginia, af-south-1').map((r) => r.code)).toEqual(['us-east-1', 'af-south-1']);
    expect(selectRegions(config, undefined)).toEqual(config.regions);
    expect(config.regions).toHaveLength(5);
  });

  test('rejects an unknown region and lists the allowed ones', () => {
    expect(() => selectRegions(config, 'london,paris')).toThrow(
      /context regions is "london,paris"; allowed: a comma-separated list of london \(eu-west-2\), .*; unknown: paris/,
    );
  });
});

describe('security services run by the organization', () => {
  const managed = { administratorAccountId: '555566667777', guardDuty: true, securityHub: true, config: true };

  test('are accepted when declared whole: delegated administrator of another account, Security Hub only with AWS Config', () => {
    const input = base();
    region(input, 'eu-west-2').services.organizationManaged = managed;
    region(input, 'eu-central-1').services.organizationManaged = { ...managed, securityHub: false, config: false };
    const regions = validateConfig(input).regions;
    expect(regions[0].services.organizationManaged).toEqual(managed);
    expect(regions[2].services.organizationManaged).toBeUndefined();
  });

  test('refuse a half-declared setting, naming region, field, value and what is allowed', () => {
    expect(
      problemsOf((c) => {
        region(c, 'eu-west-2').services.organizationManaged = { ...managed, guardDuty: false, securityHub: false, config: false };
      }),
    ).toEqual([
      'Region London (eu-west-2): services.organizationManaged is {"administratorAccountId":"555566667777","guardDuty":false,"securityHub":false,"config":false}; allowed: at least one of guardDuty, securityHub, config set to true (or no organizationManaged at all: the stack runs all three)',
    ]);
    expect(
      problemsOf((c) => {
        region(c, 'eu-west-2').services.organizationManaged = { ...managed, config: false };
      }),
    ).toEqual([
      "Region London (eu-west-2): services.organizationManaged.config is false; allowed: true when securityHub is: Security Hub's controls read AWS Config, so an organization that runs Security Hub runs AWS Config too",
    ]);
    expect(
      problemsOf((c) => {
        region(c, 'eu-west-2').services.organizationManaged = { ...managed, administratorAccountId: '111122223333' };
      }),
    ).toEqual([
      'Region London (eu-west-2): services.organizationManaged.administratorAccountId is "111122223333"; allowed: the organization\'s delegated administrator account, not the account the region deploys to',
    ]);
    expect(
      problemsOf((c) => {
        (region(c, 'eu-west-2').services as Record<string, unknown>).organizationManaged = { guardDuty: true, securityHub: false, config: false };
      }),
    ).toEqual([
      'Region London (eu-west-2): services.organizationManaged.administratorAccountId is missing; allowed: a 12-digit AWS account id, e.g. "111122223333"',
    ]);
  });
});

describe('Identity Center permission sets', () => {
  test('are named by a permission set name', () => {
    expect(
      problemsOf((c) => {
        c.security.identityCenterPermissionSets.operator = 'Halo Operator';
      }),
    ).toEqual([
      'Configuration: security.identityCenterPermissionSets.operator is "Halo Operator"; allowed: a permission set name: letters, digits and +=,.@_- up to 32 characters',
    ]);
  });
});

describe("a cell's SQL Server edition and topology", () => {
  const cell = (c: HaloConfigInput, id: string) => region(c, 'eu-west-2').cells.find((x) => x.id === id)!;

  test('ship as Enterprise availability groups in production and one Standard node in UAT', () => {
    const regions = validateConfig(base()).regions;
    for (const r of regions) {
      for (const c of r.cells)
        expect([c.id, c.sql]).toEqual([
          c.id,
          c.environment === 'production' ? { edition: 'Enterprise', topology: 'availability-group' } : { edition: 'Standard', topology: 'standalone' },
        ]);
    }
  });

  test('refuse a pair SQL Server cannot run, and a production cell on one node', () => {
    expect(
      problemsOf((c) => {
        cell(c, 'prod-beta').sql = { edition: 'Standard', topology: 'availability-group' };
      }),
    ).toEqual([
      'Region London (eu-west-2), cell prod-beta: sql.edition is "Standard"; allowed: Enterprise with topology availability-group: Standard edition supports only Basic availability groups (one database, no readable secondary), and a cell holds one database per tenant and routes reporting to the secondary; or topology standalone',
    ]);
    expect(
      problemsOf((c) => {
        cell(c, 'prod-stable').sql = { edition: 'Enterprise', topology: 'standalone' };
      }),
    ).toEqual([
      'Region London (eu-west-2), cell prod-stable: sql.topology is "standalone"; allowed: availability-group in production: the 99.95 % availability target needs a second node in another AZ to fail over to',
    ]);
    expect(
      problemsOf((c) => {
        (cell(c, 'uat').sql as Record<string, unknown>).edition = 'Developer';
      }),
    ).toEqual(['Region London (eu-west-2), cell uat: sql.edition is "Developer"; allowed: one of Enterprise, Standard']);
  });

  test('allow UAT to run Enterprise alone, but not as an availability group: UAT is promised no log backups', () => {
    const input = base();
    cell(input, 'uat').sql = { edition: 'Enterprise', topology: 'standalone' };
    expect(validateConfig(input).regions[0].cells.find((c) => c.id === 'uat')!.sql.edition).toBe('Enterprise');
    expect(
      problemsOf((c) => {
        cell(c, 'uat').sql = { edition: 'Enterprise', topology: 'availability-group' };
      }),
    ).toEqual([
      'Region London (eu-west-2), cell uat: sql.topology is "availability-group"; allowed: standalone: an availability group\'s databases use the full recovery model, whose log only log backups truncate, and the backup policy for uat takes none (the published UAT promise is daily backups only)',
    ]);
    // Giving UAT the log backups an availability group needs breaks the published UAT promise instead.
    expect(
      problemsOf((c) => {
        c.backupPolicies.uat.logBackup = { intervalHours: 1, retentionDays: 3 };
        cell(c, 'uat').sql = { edition: 'Enterprise', topology: 'availability-group' };
      }),
    ).toEqual([
      'Backup policy uat: logBackup is {"intervalHours":1,"retentionDays":3}; allowed: none: the published UAT promise is daily backups only ("UAT environments only have the daily backups taken")',
    ]);
  });

  test("ask for the backup staging volume's size", () => {
    expect(
      problemsOf((c) => {
        delete (cell(c, 'uat').sizing.sqlStorage as Record<string, unknown>).backupGiB;
      }),
    ).toEqual(['Region London (eu-west-2), cell uat: sizing.sqlStorage.backupGiB is missing; allowed: a gp3 volume size in GiB, 1 to 16384']);
  });
});
