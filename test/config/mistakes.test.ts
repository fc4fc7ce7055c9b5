import { validateConfig } from '../../lib/config';
import { regionOf as region } from '../fixtures/config';
import { base, problemsOf } from './problems-of';

// Each class of mistake of issue 16 point 7: refused with one line naming region, cell, field, value and what is allowed.
const cases: [string, Parameters<typeof problemsOf>[0], string][] = [
  [
    'a CIDR with host bits set',
    (c) => {
      region(c, 'eu-west-2').network.cidr = '10.10.5.0/16';
    },
    'Region London (eu-west-2): network.cidr is "10.10.5.0/16"; allowed: a block whose host bits are zero: "10.10.5.0/16" has host bits set, so the VPC would be built on 10.10.0.0/16 while rules use "10.10.5.0/16"; write "10.10.0.0/16"',
  ],
  [
    "a CIDR inside another region's",
    (c) => {
      region(c, 'eu-central-1').network.cidr = '10.10.128.0/17';
    },
    'Region Frankfurt (eu-central-1): network.cidr is "10.10.128.0/17"; allowed: a block that shares no address with another region\'s (London (eu-west-2) has 10.10.0.0/16)',
  ],
  [
    'a CIDR the subnets do not fit in',
    (c) => {
      region(c, 'eu-west-2').network.cidr = '10.10.0.0/20';
    },
    'Region London (eu-west-2): network.cidr is "10.10.0.0/20"; allowed: a /16 or /17 block',
  ],
  [
    'a public CIDR',
    (c) => {
      region(c, 'eu-west-2').network.cidr = '8.8.0.0/16';
    },
    'Region London (eu-west-2): network.cidr is "8.8.0.0/16"; allowed: an IPv4 CIDR block /16 or /17 in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16',
  ],
  [
    'a three-part CIDR',
    (c) => {
      region(c, 'eu-west-2').network.cidr = '10.10.0/16';
    },
    'Region London (eu-west-2): network.cidr is "10.10.0/16"; allowed: an IPv4 CIDR block',
  ],
  [
    'an instance type that does not exist',
    (c) => {
      region(c, 'eu-west-2').cells[0].sizing.instanceTypes.sqlNode = 'r6i.5xlarge';
    },
    'Region London (eu-west-2), cell prod-stable: sizing.instanceTypes.sqlNode is "r6i.5xlarge"; allowed: an EC2 instance type such as "r6i.2xlarge" (the _InstanceType enum of @aws-sdk/client-ec2 3.1169.0, taken 2026-11-28); did you mean',
  ],
  [
    'a misspelt instance type',
    (c) => {
      region(c, 'eu-west-2').cells[0].sizing.instanceTypes.app = 'm6i.2xlarg';
    },
    'sizing.instanceTypes.app is "m6i.2xlarg"; allowed: an EC2 instance type such as "r6i.2xlarge" (the _InstanceType enum of @aws-sdk/client-ec2 3.1169.0, taken 2026-11-28); did you mean "m6i.2xlarge"?',
  ],
  [
    'an instance family the region does not offer',
    (c) => {
      region(c, 'af-south-1').cells[0].sizing.instanceTypes.sqlNode = 'r7i.4xlarge';
    },
    'Region Cape Town (af-south-1), cell prod-stable: sizing.instanceTypes.sqlNode is "r7i.4xlarge"; allowed: a family af-south-1 offers (EC2 DescribeInstanceTypeOfferings as recorded by getmoto/moto at commit 0af643a5 (read 2026-11-28), af-south-1 recorded 2026-08-01): r7i is not offered there; offered alike: ',
  ],
  [
    'a data volume too small for its 6,000 IOPS',
    (c) => {
      region(c, 'eu-west-2').cells[2].sizing.sqlStorage.dataGiB = 10;
    },
    'Region London (eu-west-2), cell uat: sizing.sqlStorage.dataGiB is 10; allowed: at least 12 GiB: the volume is provisioned with 6000 IOPS and gp3 allows at most 500 IOPS per GiB',
  ],
  [
    "a log volume too small for gp3's 3,000 IOPS",
    (c) => {
      region(c, 'eu-west-2').cells[2].sizing.sqlStorage.logGiB = 5;
    },
    'Region London (eu-west-2), cell uat: sizing.sqlStorage.logGiB is 5; allowed: at least 6 GiB: the volume is provisioned with 3000 IOPS',
  ],
  [
    'a certificate of another account',
    (c) => {
      region(c, 'eu-west-2').cells[0].app.certificateArn = 'arn:aws:acm:eu-west-2:999988887777:certificate/4f42749e-f8dd-5a19-a650-c7f15599cc01';
    },
    'Region London (eu-west-2), cell prod-stable: app.certificateArn is "arn:aws:acm:eu-west-2:999988887777:certificate/4f42749e-f8dd-5a19-a650-c7f15599cc01"; allowed: a certificate of account 111122223333, which the region deploys to',
  ],
  [
    "daily backups kept past AWS Backup's limit",
    (c) => {
      c.backupPolicies.production.daily.retentionDays = 40_000;
    },
    "Backup policy production: daily.retentionDays is 40000; allowed: a whole number of days, 1 to 36500 (AWS Backup's longest retention)",
  ],
  [
    'log backups kept past what Object Lock holds',
    (c) => {
      c.backupPolicies.production.logBackup!.retentionDays = 36_500;
    },
    'Backup policy production: logBackup.retentionDays is 36500; allowed: a whole number of days, 1 to 36498',
  ],
  [
    "CloudTrail locked past Object Lock's limit",
    (c) => {
      c.security.trailObjectLockDays = 50_000;
    },
    'Configuration: security.trailObjectLockDays is 50000; allowed: a whole number of days, 365 (PCI DSS 10.5.1 keeps audit logs 12 months) to 36500',
  ],
  [
    "CloudTrail locked less than PCI's 12 months",
    (c) => {
      c.security.trailObjectLockDays = 90;
    },
    'Configuration: security.trailObjectLockDays is 90; allowed: a whole number of days, 365',
  ],
  [
    'Security Lake moving to STANDARD_IA before S3 allows',
    (c) => {
      c.security.securityLake.transitionDays = 7;
    },
    'Configuration: security.securityLake.transitionDays is 7; allowed: a whole number of days, 30 (S3 keeps objects 30 days in Standard before STANDARD_IA)',
  ],
  [
    'a colour kept at more instances than a cell needs',
    (c) => {
      region(c, 'eu-west-2').cells[0].app.blue.minCapacity = 500;
    },
    'Region London (eu-west-2), cell prod-stable: app.blue.minCapacity is 500; allowed: a whole number of instances, 0 to 10',
  ],
  [
    'two regions with one name',
    (c) => {
      region(c, 'ca-central-1').name = 'London';
    },
    'Region London (ca-central-1): name is "London"; allowed: a name no other region has; London (eu-west-2) has it',
  ],
  [
    'two names with one Stage name and slug',
    (c) => {
      region(c, 'ca-central-1').name = 'N Virginia';
    },
    'Region N Virginia (ca-central-1): name is "N Virginia"; allowed: a name whose slug "n-virginia" (stack names halo-<slug>-…) no other region has; N. Virginia (us-east-1) has it',
  ],
  [
    'two names with one Stage name in another case',
    (c) => {
      region(c, 'ca-central-1').name = 'Capetown';
    },
    'Region Capetown (ca-central-1): name is "Capetown"; allowed: a name whose Stage name "Capetown" no other region has (Stage names are matched in any case); Cape Town (af-south-1) has it',
  ],
  [
    'two regions with one code',
    (c) => {
      // Canada Central made a second London in every other respect, so that only the repeated code is wrong.
      const second = region(c, 'ca-central-1');
      Object.assign(second, { code: 'eu-west-2', availabilityZones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'] });
      second.cells[0].zone = 'UK';
      second.cells[0].app.certificateArn = second.cells[0].app.certificateArn.replace('ca-central-1', 'eu-west-2');
    },
    'Region Canada Central (eu-west-2): code is "eu-west-2"; allowed: a region code used by no other region file; London (eu-west-2) has it',
  ],
  [
    'a Security Hub standard twice',
    (c) => {
      region(c, 'eu-west-2').services.securityHubStandards = ['pci-dss-4.0.1', 'nist-800-53-r5', 'pci-dss-4.0.1'];
    },
    'Region London (eu-west-2): services.securityHubStandards is ["pci-dss-4.0.1","nist-800-53-r5","pci-dss-4.0.1"]; allowed: each standard once; pci-dss-4.0.1 is repeated',
  ],
  [
    'UAT given monthly backups',
    (c) => {
      c.backupPolicies.uat.monthly = { retentionDays: 90 };
    },
    'Backup policy uat: monthly is {"retentionDays":90}; allowed: none: the published UAT promise is daily backups only ("UAT environments only have the daily backups taken")',
  ],
  [
    'UAT promising an RPO daily backups cannot meet',
    (c) => {
      c.backupPolicies.uat.rpoHours = 4;
    },
    'Backup policy uat: rpoHours is 4; allowed: at least 24: with daily backups only, a restore can lose up to a day of data',
  ],
  [
    'no alert recipient',
    (c) => {
      c.security.alertEmails = [];
    },
    'Configuration: security.alertEmails is []; allowed: a list of at least one email address',
  ],
  [
    'an alert recipient twice',
    (c) => {
      c.security.alertEmails = ['ops@halo.example', 'OPS@halo.example'];
    },
    'Configuration: security.alertEmails is ["ops@halo.example","OPS@halo.example"]; allowed: each address once',
  ],
  [
    'an impossible calendar date',
    (c) => {
      c.security.accessExpiry = '2026-02-30T00:00:00Z';
    },
    'Configuration: security.accessExpiry is "2026-02-30T00:00:00Z"; allowed: an ISO 8601 UTC timestamp of a real calendar date, such as "2026-12-20T00:00:00Z"',
  ],
  [
    'hour 24',
    (c) => {
      c.security.accessExpiry = '2026-12-20T24:00:00Z';
    },
    'Configuration: security.accessExpiry is "2026-12-20T24:00:00Z"; allowed: an ISO 8601 UTC timestamp of a real calendar date',
  ],
  [
    'an impossible calendar date with milliseconds',
    (c) => {
      c.security.accessExpiry = '2026-02-30T00:00:00.000Z';
    },
    'Configuration: security.accessExpiry is "2026-02-30T00:00:00.000Z"; allowed: an ISO 8601 UTC timestamp of a real calendar date',
  ],
  [
    'a timestamp with milliseconds and an offset, not UTC',
    (c) => {
      c.security.accessExpiry = '2026-12-20T00:00:00.000+01:00';
    },
    'Configuration: security.accessExpiry is "2026-12-20T00:00:00.000+01:00"; allowed: an ISO 8601 UTC timestamp of a real calendar date',
  ],
  [
    'a decimal point with no digits',
    (c) => {
      c.security.accessExpiry = '2026-12-20T00:00:00.Z';
    },
    'Configuration: security.accessExpiry is "2026-12-20T00:00:00.Z"; allowed: an ISO 8601 UTC timestamp of a real calendar date',
  ],
  [
    'a time zone in lower case',
    (c) => {
      region(c, 'eu-west-2').maintenanceWindow.timeZone = 'europe/london';
    },
    'Region London (eu-west-2): maintenanceWindow.timeZone is "europe/london"; allowed: an IANA time-zone name such as "Europe/London", "America/New_York", "UTC", "GMT" or "Etc/GMT+3" (not an offset like "UTC+2"); did you mean "Europe/London"?',
  ],
  [
    'an alias in the wrong case',
    (c) => {
      region(c, 'eu-west-2').maintenanceWindow.timeZone = 'gmt';
    },
    'Region London (eu-west-2): maintenanceWindow.timeZone is "gmt"; allowed: an IANA time-zone name such as "Europe/London"',
  ],
  [
    'an Etc zone in the wrong case',
    (c) => {
      region(c, 'eu-west-2').maintenanceWindow.timeZone = 'etc/gmt+3';
    },
    '(not an offset like "UTC+2"); did you mean "Etc/GMT+3"?',
  ],
  [
    'a link in the wrong case',
    (c) => {
      region(c, 'eu-west-2').maintenanceWindow.timeZone = 'us/eastern';
    },
    '(not an offset like "UTC+2"); did you mean "US/Eastern"?',
  ],
  [
    'a name with a trailing space',
    (c) => {
      region(c, 'eu-west-2').name = 'London ';
    },
    'Region London  (eu-west-2): name is "London "; allowed: a display name without leading, trailing or doubled spaces',
  ],
  [
    'a name with a doubled space',
    (c) => {
      region(c, 'af-south-1').name = 'Cape  Town';
    },
    'Region Cape  Town (af-south-1): name is "Cape  Town"; allowed: a display name without leading, trailing or doubled spaces',
  ],
  [
    'an external id with a space',
    (c) => {
      c.security.siem.externalId = 'halo siem';
    },
    'Configuration: security.siem.externalId is "halo siem"; allowed: an STS external id: 2 to 1224 letters, digits and +=,.@:/_- (no spaces)',
  ],
  [
    'a residency zone that puts a US region in the EU',
    (c) => {
      c.zones = { ...c.zones, EU: ['eu-west-2', 'eu-central-1', 'us-east-1'] };
    },
    'Configuration: zones.EU is ["eu-west-2","eu-central-1","us-east-1"]; allowed: regions in Europe (the EU/EEA and countries with an EU adequacy decision); us-east-1 is in US, North America',
  ],
  [
    'a UK zone holding Frankfurt',
    (c) => {
      c.zones = { ...c.zones, UK: ['eu-west-2', 'eu-central-1'] };
    },
    'Configuration: zones.UK is ["eu-west-2","eu-central-1"]; allowed: regions in the United Kingdom; eu-central-1 is in DE, Europe',
  ],
  [
    'a zone of its own naming that spans continents',
    (c) => {
      c.zones = { ...c.zones, EMEA: ['eu-west-2', 'af-south-1'] };
    },
    'Configuration: zones.EMEA is ["eu-west-2","af-south-1"]; allowed: regions of one geography (a residency zone keeps data in one place); it spans eu-west-2 (GB, Europe), af-south-1 (ZA, Africa)',
  ],
  [
    'a zone name with a space',
    (c) => {
      c.zones = { ...c.zones, 'EU ': ['eu-west-2'] };
    },
    'Configuration: zones is "EU "; allowed: zone names of letters, digits and dashes, starting with a letter, up to 32 characters; "EU " is not one',
  ],
  [
    'a mistyped key',
    (c) => {
      const network = region(c, 'eu-west-2').network as Record<string, unknown>;
      network.cidrr = '10.10.0.0/16';
    },
    'Region London (eu-west-2): unknown key "cidrr" in network — did you mean "cidr"?; allowed keys: cidr, flowLogRetentionDays',
  ],
  [
    'a missing object',
    (c) => {
      delete (region(c, 'eu-west-2') as Partial<(typeof c.regions)[0]>).network;
    },
    'Region London (eu-west-2): network is missing; allowed: an object {cidr, flowLogRetentionDays}',
  ],
  [
    'a list where an object belongs',
    (c) => {
      (region(c, 'eu-west-2').cells[0] as Record<string, unknown>).sql = ['Enterprise'];
    },
    'Region London (eu-west-2), cell prod-stable: sql is ["Enterprise"]; allowed: an object {edition, topology}',
  ],
  [
    'a Standard directory in a region with production cells (changing it later would replace the directory)',
    (c) => {
      region(c, 'eu-west-2').directory.edition = 'Standard';
    },
    'Region London (eu-west-2): directory.edition is "Standard"; allowed: Enterprise: the region has 2 production cell(s), which run on an Enterprise directory (about 500,000 objects where Standard holds 30,000); changing the edition replaces the directory, so every SQL node would have to join a new domain: plan it as a migration',
  ],
  [
    'a directory edition AWS does not have',
    (c) => {
      (region(c, 'eu-west-2').directory as { edition: string }).edition = 'Premium';
    },
    'Region London (eu-west-2): directory.edition is "Premium"; allowed: one of Enterprise, Standard (Enterprise where the region has production cells)',
  ],
  [
    'a mistyped top-level key',
    (c) => {
      (c as Record<string, unknown>).zone = c.zones;
    },
    'Configuration: unknown key "zone" — did you mean "zones"?; allowed keys: account, breakGlassRoleName, security, zones, backupPolicies, regions',
  ],
];

describe('every class of mistake is refused in one line', () => {
  test.each(cases)('%s', (_name, mutate, expected) => {
    const problems = problemsOf(mutate);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
    expect(problems[0]).not.toMatch(/\n|Invalid input|expected \w+, received/);
  });
});

describe('what is right is accepted', () => {
  // Links too ("GMT" and "US/Eastern" resolve to "UTC" and "America/New_York"), and both names of a renamed zone.
  test.each(['GMT', 'UTC', 'Etc/GMT+3', 'Europe/London', 'America/Argentina/Buenos_Aires', 'US/Eastern', 'Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv'])(
    'the IANA time zone %s',
    (zone) => {
      const input = base();
      region(input, 'eu-west-2').maintenanceWindow.timeZone = zone;
      expect(validateConfig(input).regions[0].maintenanceWindow.timeZone).toBe(zone);
    },
  );

  test('a refused time zone names examples, and an offset is not a zone name', () => {
    expect(
      problemsOf((c) => {
        region(c, 'eu-west-2').maintenanceWindow.timeZone = '+02:00';
      }),
    ).toEqual([
      'Region London (eu-west-2): maintenanceWindow.timeZone is "+02:00"; allowed: an IANA time-zone name such as "Europe/London", "America/New_York", "UTC", "GMT" or "Etc/GMT+3" (not an offset like "UTC+2")',
    ]);
  });

  test('a lower-case time zone says how IANA spells it, and "gmt" is told "GMT"', () => {
    expect(
      problemsOf((c) => {
        region(c, 'eu-west-2').maintenanceWindow.timeZone = 'gmt';
      })[0],
    ).toMatch(/; did you mean "GMT"\?$/);
  });

  // What Date.prototype.toISOString() writes: the same instant with milliseconds, as ISO 8601 allows.
  test.each(['2026-12-20T00:00:00.000Z', new Date(Date.UTC(2026, 11, 20)).toISOString(), '2026-12-20T23:59:59.5Z', '2028-02-29T12:00:00.123456Z'])(
    'the timestamp %s',
    (expiry) => {
      const input = base();
      input.security.accessExpiry = expiry;
      expect(validateConfig(input).security.accessExpiry).toBe(expiry);
    },
  );

  test("a leap day and a /17 block in another region's /16 neighbour", () => {
    const input = base();
    input.security.accessExpiry = '2028-02-29T00:00:00Z';
    region(input, 'ca-central-1').network.cidr = '10.11.128.0/17';
    expect(validateConfig(input).security.accessExpiry).toBe('2028-02-29T00:00:00Z');
  });
});

describe('all problems of a region are reported in one run', () => {
  test('a region with a wrong cell, network, window and certificate gets every line at once', () => {
    const problems = problemsOf((c) => {
      const london = region(c, 'eu-west-2');
      london.network.cidr = '10.10.1.0/16';
      london.maintenanceWindow.window = 'Sun:01:00-Sun:01:00';
      london.cells[0].app.blue.weight = 99.5;
      london.cells[0].app.certificateArn = 'arn:aws:acm:eu-west-2:999988887777:certificate/4f42749e-f8dd-5a19-a650-c7f15599cc01';
      london.cells[1].sizing.instanceTypes.chat = 'm6i.huge';
      london.cells[2].sizing.sqlStorage.dataGiB = 4;
      (london.cells[2] as Record<string, unknown>).enviroment = 'uat';
    });
    expect(problems.map((p) => p.replace(/ is .*/, ''))).toEqual([
      'Region London (eu-west-2), cell prod-stable: app.blue.weight',
      'Region London (eu-west-2), cell uat: unknown key "enviroment" — did you mean "environment"?; allowed keys: id, environment, channel, zone, sizing, sql, backupCopyRegion, app',
      'Region London (eu-west-2): maintenanceWindow.window',
      'Region London (eu-west-2): network.cidr',
      'Region London (eu-west-2), cell prod-stable: app.certificateArn',
      'Region London (eu-west-2), cell prod-beta: sizing.instanceTypes.chat',
      'Region London (eu-west-2), cell uat: sizing.sqlStorage.dataGiB',
    ]);
  });
});
