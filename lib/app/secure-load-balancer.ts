import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeAll } from '../compliance/acknowledge';
import { acknowledgeCrossStackReference } from '../compliance/standard-acknowledgements';
import { ALLOWED_TLS_POLICIES, HSTS_ATTRIBUTE, MIN_HSTS_MAX_AGE_SECONDS, TlsPolicy } from '../config/tls-policies';
import type { MonitoredLoadBalancer } from '../monitoring/monitored';
import { elbLogDeliveryActor, proveAllowed } from '../proofs';

/** Properties of {@link SecureLoadBalancer}. */
export interface SecureLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  /** Internet-facing in the public subnets, or internal in the app subnets. */
  readonly internetFacing: boolean;
  /** Subnets of the load balancer. */
  readonly subnets: ec2.SubnetSelection;
  /** Who may connect when internal: the VPC's CIDR. Ignored when internet-facing. */
  readonly internalClientsCidr?: string;
  /** ACM certificate in the load balancer's region. */
  readonly certificateArn: string;
  readonly sslPolicy: TlsPolicy;
  /**
   * Where the access logs go (an SSE-S3 bucket in the region), and under which prefix. The bucket must admit Elastic Load Balancing's delivery under the prefix (the region's
   * AccessLogsBucket does, for every prefix); the permission proof fails the synth if it does not.
   */
  readonly accessLogs: { readonly bucket: s3.IBucket; readonly prefix: string };
  /**
   * Idle connection timeout; raise it for websockets.
   * @default Duration.seconds(60)
   */
  readonly idleTimeout?: Duration;
  /**
   * Refuse deletion of the load balancer (its DNS name is what the cell's domain points at); off only to retire the stack.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Strict-Transport-Security max-age in seconds (at least a year).
   * @default 31536000
   */
  readonly hstsMaxAgeSeconds?: number;
}

/**
 * An Application Load Balancer that speaks only TLS 1.2+: an HTTPS listener with an allow-listed
 * policy and HSTS set by the listener, an HTTP listener that only redirects, access logs, deletion
 * protection, invalid header fields dropped and the strictest desync mitigation.
 */
export class SecureLoadBalancer extends Construct implements ec2.IConnectable, MonitoredLoadBalancer {
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly securityGroup: ec2.SecurityGroup;
  /** The load balancer's security group: allow it to a fleet, and the fleet admits it. */
  public readonly connections: ec2.Connections;
  private readonly props: SecureLoadBalancerProps;
  private readonly maxAge: number;
  private listener?: elbv2.ApplicationListener;

  constructor(scope: Construct, id: string, props: SecureLoadBalancerProps) {
    super(scope, id);
    const maxAge = props.hstsMaxAgeSeconds ?? MIN_HSTS_MAX_AGE_SECONDS;
    if (!(ALLOWED_TLS_POLICIES as readonly string[]).includes(props.sslPolicy)) {
      throw new Error(`SecureLoadBalancer ${this.node.path}: sslPolicy "${props.sslPolicy}" is not a TLS 1.2+ policy of the allow-list`);
    }
    if (maxAge < MIN_HSTS_MAX_AGE_SECONDS) {
      throw new Error(`SecureLoadBalancer ${this.node.path}: hstsMaxAgeSeconds must be at least ${MIN_HSTS_MAX_AGE_SECONDS}, got ${maxAge}`);
    }
    if (!props.internetFacing && !props.internalClientsCidr) {
      throw new Error(`SecureLoadBalancer ${this.node.path}: an internal load balancer needs internalClientsCidr`);
    }
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: props.internetFacing ? 'Internet-facing load balancer: HTTPS, and HTTP for the redirect' : 'Internal load balancer: HTTPS from the VPC',
      allowAllOutbound: false,
    });
    const clients = props.internetFacing ? ec2.Peer.anyIpv4() : ec2.Peer.ipv4(props.internalClientsCidr!);
    this.securityGroup.addIngressRule(clients, ec2.Port.tcp(443), 'HTTPS');
    this.securityGroup.addIngressRule(clients, ec2.Port.tcp(80), 'HTTP, redirected to HTTPS');

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: props.internetFacing,
      vpcSubnets: props.subnets,
      securityGroup: this.securityGroup,
      deletionProtection: props.deletionProtection ?? true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      idleTimeout: props.idleTimeout ?? Duration.seconds(60),
    });
    this.connections = this.loadBalancer.connections;
    const prefix = props.accessLogs.prefix;
    if (!prefix || prefix.startsWith('/') || prefix.endsWith('/') || prefix.includes('AWSLogs')) {
      throw new Error(
        `SecureLoadBalancer ${this.node.path}: accessLogs.prefix is ${JSON.stringify(prefix)}; allowed: a non-empty key prefix without a leading or trailing '/' and without 'AWSLogs' (ELB appends /AWSLogs/<account>/...)`,
      );
    }
    // The region's log bucket admits every load balancer's delivery once (AccessLogsBucket): logAccessLogs() would add
    // three statements per load balancer to its policy, in the region's Security stack.
    this.loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
    this.loadBalancer.setAttribute('access_logs.s3.bucket', props.accessLogs.bucket.bucketName);
    this.loadBalancer.setAttribute('access_logs.s3.prefix', props.accessLogs.prefix);
    if (props.accessLogs.bucket.policy) this.loadBalancer.node.addDependency(props.accessLogs.bucket.policy);
    const { account, region } = Stack.of(this);
    proveAllowed(this, {
      id: 'ElbDeliversAccessLogs',
      actor: elbLogDeliveryActor(this),
      action: 's3:PutObject',
      resource: props.accessLogs.bucket.arnForObjects(`${props.accessLogs.prefix}/AWSLogs/${account}/elasticloadbalancing/${region}/2026/01/01/access.log.gz`),
      why: "The load balancer's access logs reach the region's log bucket only if its bucket policy admits the regional ELB delivery principal.",
    });
    acknowledgeCrossStackReference(
      this.loadBalancer,
      ['elbv2_logging_enabled_check'],
      "The access-log bucket (the region's log bucket)",
      "AwsSolutions-ELB2 and the packs' ELBLoggingEnabled rules",
    );

    this.props = props;
    this.maxAge = maxAge;
    this.node.addValidation({ validate: () => (this.listener ? [] : [`SecureLoadBalancer ${this.node.path}: call serve() to give it its HTTPS listener`]) });
    const redirect = this.loadBalancer.addRedirect({
      sourcePort: 80,
      sourceProtocol: elbv2.ApplicationProtocol.HTTP,
      targetPort: 443,
      targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      open: false,
    });
    if (props.deletionProtection === false) {
      acknowledgeAll(
        this.loadBalancer,
        ['HIPAA.Security', 'NIST.800.53.R5'].map((p) => `${p}-ELBDeletionProtectionEnabled`),
        {
          reason:
            'The cell\'s configuration turns deletion protection off so that its App stack can be deleted and created again (README: "Recreate a cell\'s App stack").',
          compensatingControl:
            'The App stack holds no data; the load balancer is recreated from code with the same listeners, TLS policy, HSTS and web ACL; the setting is reviewed in the change that sets it and returns to true after.',
        },
      );
    }
    const packs = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'];
    acknowledgeAll(
      redirect,
      packs.map((p) => `${p}-ELBv2ACMCertificateRequired`),
      {
        reason:
          'Port 80 stays open so that browsers typing the bare host name reach the service; the listener answers only with a permanent redirect to HTTPS.',
        compensatingControl:
          'Halo-HttpListenerOnlyRedirects checks the listener has no other action, and HSTS (one year, includeSubDomains) keeps browsers on HTTPS afterwards.',
      },
    );
    if (props.internetFacing) {
      acknowledge(this.securityGroup, 'AwsSolutions-EC23', {
        reason: 'An internet-facing load balancer must accept connections from any client address.',
        compensatingControl:
          'Only TCP 443 and 80 (redirect) are open (Halo-OpenIngressOnlyToLoadBalancers), and a web ACL with AWS managed rules and the API rate baseline filters every request.',
      });
    } else {
      acknowledgeAll(
        this.loadBalancer,
        ['NIST.800.53.R5', 'PCI.DSS.321'].map((p) => `${p}-ALBWAFEnabled`),
        {
          reason: 'This load balancer is internal: it has no address on the internet, and only clients inside the VPC reach it.',
          compensatingControl:
            'Its security group admits only the VPC CIDR on 443 and 80; TLS 1.2+ only; internet-facing load balancers all carry a web ACL (PCI.DSS.321-ALBWAFEnabled and NIST.800.53.R5-ALBWAFEnabled, unacknowledged on them).',
        },
      );
    }
  }

  /** The HTTPS listener: created by the first call with the action it forwards to, with HSTS set. */
  public serve(defaultAction: elbv2.ListenerAction): elbv2.ApplicationListener {
    if (this.listener) throw new Error(`SecureLoadBalancer ${this.node.path}: serve() was already called`);
    this.listener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromArn(this.props.certificateArn)],
      sslPolicy: this.props.sslPolicy as elbv2.SslPolicy,
      open: false,
      defaultAction,
    });
    (this.listener.node.defaultChild as elbv2.CfnListener).listenerAttributes = [{ key: HSTS_ATTRIBUTE, value: `max-age=${this.maxAge}; includeSubDomains` }];
    return this.listener;
  }

  /** The load balancer's ARN (the web ACL's association names it). */
  public get loadBalancerArn(): string {
    return this.loadBalancer.loadBalancerArn;
  }

  /** The load balancer's DNS name, which the cell's domain points at. */
  public get loadBalancerDnsName(): string {
    return this.loadBalancer.loadBalancerDnsName;
  }

  /** The load balancer's CloudWatch metrics (requests, 5xx answers of the targets and its own, response times). */
  public get metrics(): elbv2.IApplicationLoadBalancerMetrics {
    return this.loadBalancer.metrics;
  }

  /**
   * 5xx answers, the targets' and the load balancer's own, as a percentage of its requests, by default over 5 minutes:
   * one figure for whichever target groups take the traffic.
   */
  public metricServerErrorPercent(props: cloudwatch.MathExpressionOptions = {}): cloudwatch.MathExpression {
    const period = props.period ?? Duration.minutes(5);
    return new cloudwatch.MathExpression({
      label: '5xx % of requests',
      ...props,
      expression: '100 * (FILL(targets, 0) + FILL(balancer, 0)) / MAX([FILL(requests, 0), 1])',
      usingMetrics: {
        targets: this.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum', period }),
        balancer: this.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { statistic: 'Sum', period }),
        requests: this.metrics.requestCount({ statistic: 'Sum', period }),
      },
      period,
    });
  }

  /** The HTTPS listener, once serve() has made it. */
  public get httpsListener(): elbv2.ApplicationListener {
    if (!this.listener) throw new Error(`SecureLoadBalancer ${this.node.path}: serve() has not been called`);
    return this.listener;
  }
}
