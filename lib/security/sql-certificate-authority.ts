import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acmpca from 'aws-cdk-lib/aws-acmpca';
import { Construct } from 'constructs';

/** Properties of {@link SqlCertificateAuthority}. */
export interface SqlCertificateAuthorityProps {
  /** Common name of the CA, e.g. `Halo London SQL Server CA`. */
  readonly commonName: string;
  /**
   * How long the root certificate is valid.
   * @default 10 years
   */
  readonly validity?: Duration;
  /**
   * The CA key's storage standard; regions without FIPS 140-2 level 3 HSMs need `FIPS_140_2_LEVEL_2_OR_HIGHER`.
   * @default FIPS_140_2_LEVEL_3_OR_HIGHER
   */
  readonly keyStorageSecurityStandard?: 'FIPS_140_2_LEVEL_3_OR_HIGHER' | 'FIPS_140_2_LEVEL_2_OR_HIGHER';
}

/**
 * The region's private root CA (AWS Private CA, general-purpose mode) for the TLS certificates of the SQL Server
 * nodes: the nodes make their keys and request certificates; the fleets trust this CA's certificate. Retained: every
 * client that trusts it would otherwise lose the chain. No revocation lists: certificates live a year and are renewed.
 */
export class SqlCertificateAuthority extends Construct {
  public readonly certificateAuthorityArn: string;
  /** The only template the nodes may use: an end-entity certificate for TLS servers, names from the request. */
  public readonly serverTemplateArn: string;
  /** Done once the CA is active: nothing may request a certificate before. */
  public readonly activation: acmpca.CfnCertificateAuthorityActivation;

  constructor(scope: Construct, id: string, props: SqlCertificateAuthorityProps) {
    super(scope, id);
    const partition = Stack.of(this).partition;
    const authority = new acmpca.CfnCertificateAuthority(this, 'Authority', {
      type: 'ROOT',
      keyAlgorithm: 'RSA_2048',
      signingAlgorithm: 'SHA256WITHRSA',
      subject: { commonName: props.commonName, organization: 'Halo' },
      usageMode: 'GENERAL_PURPOSE',
      keyStorageSecurityStandard: props.keyStorageSecurityStandard ?? 'FIPS_140_2_LEVEL_3_OR_HIGHER',
      revocationConfiguration: { crlConfiguration: { enabled: false }, ocspConfiguration: { enabled: false } },
    });
    authority.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const rootCertificate = new acmpca.CfnCertificate(this, 'RootCertificate', {
      certificateAuthorityArn: authority.attrArn,
      certificateSigningRequest: authority.attrCertificateSigningRequest,
      signingAlgorithm: 'SHA256WITHRSA',
      templateArn: `arn:${partition}:acm-pca:::template/RootCACertificate/V1`,
      validity: { type: 'DAYS', value: (props.validity ?? Duration.days(3653)).toDays() },
    });
    rootCertificate.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.activation = new acmpca.CfnCertificateAuthorityActivation(this, 'Activation', {
      certificateAuthorityArn: authority.attrArn,
      certificate: rootCertificate.attrCertificate,
      status: 'ACTIVE',
    });
    this.activation.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.certificateAuthorityArn = authority.attrArn;
    this.serverTemplateArn = `arn:${partition}:acm-pca:::template/EndEntityServerAuthCertificate/V1`;
  }
}
