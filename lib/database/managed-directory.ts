import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ds from 'aws-cdk-lib/aws-directoryservice';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeAll } from '../compliance/acknowledge';

/** Properties of {@link ManagedDirectory}. */
export interface ManagedDirectoryProps {
  /** The VPC whose DHCP options will point at the directory's DNS servers. */
  readonly vpc: ec2.IVpc;
  /** Two isolated subnets in different AZs for the domain controllers. */
  readonly subnets: readonly ec2.ISubnet[];
  /** Fully qualified domain name, e.g. `london.halo.internal`. */
  readonly domainName: string;
  /** NetBIOS name, at most 15 characters, e.g. `HALOLONDON`. */
  readonly netbiosName: string;
  /** Enterprise for regions with production cells (about 500,000 objects, Standard 30,000); changing it replaces the directory. */
  readonly edition: 'Enterprise' | 'Standard';
  /** Key that encrypts the admin password secret (the region's data key). */
  readonly secretKey: kms.IKey;
}

/**
 * AWS Managed Microsoft AD for the region's SQL Server clusters and FSx witnesses: its admin
 * password generated into Secrets Manager, and the VPC resolving names through its DNS servers.
 */
export class ManagedDirectory extends Construct {
  /** The directory's id, e.g. for FSx `ActiveDirectoryId`. */
  public readonly directoryId: string;
  /** The domain's DNS name. */
  public readonly domainName: string;
  /** The domain's NetBIOS name. */
  public readonly netbiosName: string;
  /** IP addresses of the domain controllers (DNS servers). */
  public readonly dnsIpAddresses: string[];
  /** `{ "username": "Admin", "password": ... }` of the directory's Admin account. */
  public readonly adminSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ManagedDirectoryProps) {
    super(scope, id);
    if (props.subnets.length !== 2 || props.subnets[0].availabilityZone === props.subnets[1].availabilityZone) {
      throw new Error(`ManagedDirectory ${this.node.path}: needs exactly two subnets in different AZs`);
    }
    if (!/^[A-Z0-9-]{1,15}$/.test(props.netbiosName)) {
      throw new Error(`ManagedDirectory ${this.node.path}: netbiosName "${props.netbiosName}" must be 1 to 15 upper-case letters, digits or dashes`);
    }
    this.adminSecret = new secretsmanager.Secret(this, 'AdminSecret', {
      description: `Admin of the ${props.domainName} managed directory`,
      encryptionKey: props.secretKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'Admin', domain: props.domainName }),
        generateStringKey: 'password',
        passwordLength: 32,
        // Managed AD rejects these in the admin password.
        excludeCharacters: '"\'`\\/@:;{}[]()<>|&^%$#!?~*=+,.',
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeAll(this.adminSecret, ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled', 'NIST.800.53.R5-SecretsManagerRotationEnabled'], {
      reason:
        'Managed AD changes its Admin password only through ds:ResetUserPassword; no AWS-provided rotation function does that, and the password is needed only to form clusters.',
      compensatingControl:
        "Only the cells' SQL node roles may read the secret (IAM), every read is in CloudTrail, and the password is reset in the quarterly access review.",
    });
    const directory = new ds.CfnMicrosoftAD(this, 'Directory', {
      name: props.domainName,
      shortName: props.netbiosName,
      edition: props.edition,
      password: this.adminSecret.secretValueFromJson('password').unsafeUnwrap(),
      vpcSettings: { vpcId: props.vpc.vpcId, subnetIds: props.subnets.map((s) => s.subnetId) },
    });
    directory.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.directoryId = directory.ref;
    this.domainName = props.domainName;
    this.netbiosName = props.netbiosName;
    this.dnsIpAddresses = directory.attrDnsIpAddresses;

    const dhcp = new ec2.CfnDHCPOptions(this, 'DhcpOptions', {
      domainName: props.domainName,
      domainNameServers: this.dnsIpAddresses,
      ntpServers: ['169.254.169.123'],
      tags: [{ key: 'Name', value: `${Stack.of(this).stackName}-directory` }],
    });
    new ec2.CfnVPCDHCPOptionsAssociation(this, 'DhcpOptionsAssociation', { vpcId: props.vpc.vpcId, dhcpOptionsId: dhcp.ref });
  }
}
