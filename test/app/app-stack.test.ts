import { Template } from 'aws-cdk-lib/assertions';
import { MANAGED_RULE_GROUPS } from '../../lib/app/halo-web-acl';
import { fixtureStage } from '../fixtures/assembly';
import { cellApplicationTemplate } from './cell-application.fixture';

const london = fixtureStage('London');
const template = london.template('prod-stable-App');
type Resource = { Type: string; Properties: Record<string, any>; UpdatePolicy?: Record<string, any> };
const resources = template.toJSON().Resources as Record<string, Resource>;
const ofType = (type: string, t: Template = template) => Object.entries(t.toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const TYPES: Record<string, string> = {
  LaunchTemplate: 'AWS::EC2::LaunchTemplate',
  GroupASG: 'AWS::AutoScaling::AutoScalingGroup',
  Https: 'AWS::ElasticLoadBalancingV2::Listener',
  LoadBalancer: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  SecurityGroup: 'AWS::EC2::SecurityGroup',
  WebAcl: 'AWS::WAFv2::WebACL',
};
/** The one resource whose logical id starts with the prefix, of the type its last word names. */
const byId = (prefix: string) => {
  const type = Object.entries(TYPES).find(([word]) => prefix.endsWith(word))?.[1];
  return Object.entries(resources).find(([id, r]) => id.startsWith(prefix) && (!type || r.Type === type))![1];
};

describe('App stack of London prod-stable', () => {
  test("is its own stack, after the cell's Data stack, holding nothing stateful but its WAF log group", () => {
    expect(london.stack('prod-stable-App').stackName).toBe('halo-london-prod-stable-app');
    expect(london.stack('prod-stable-App').dependencies).toContain('prod-stable-Data');
    expect(ofType('AWS::S3::Bucket')).toHaveLength(0);
    expect(ofType('AWS::EC2::Volume')).toHaveLength(0);
  });

  test('puts the web load balancer on the internet in the public subnets, hardened', () => {
    const lb = byId('ApplicationWebLoadBalancer');
    expect(lb.Properties.Scheme).toBe('internet-facing');
    expect(JSON.stringify(lb.Properties.Subnets)).toMatch(/PublicSubnet1.*PublicSubnet2.*PublicSubnet3/);
    const attributes = Object.fromEntries(lb.Properties.LoadBalancerAttributes.map((a: { Key: string; Value: string }) => [a.Key, a.Value]));
    expect(attributes).toMatchObject({
      'deletion_protection.enabled': 'true',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'routing.http.desync_mitigation_mode': 'strictest',
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.prefix': 'elb/prod-stable/web',
    });
    expect(JSON.stringify(attributes['access_logs.s3.bucket'])).toMatch(/halo-london-security.*AccessLogsBucket/);
  });

  test('serves HTTPS with the configured certificate, an allow-listed policy and HSTS from the listener', () => {
    const https = byId('ApplicationWebLoadBalancerHttps');
    expect(https.Properties).toMatchObject({
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-2:111122223333:certificate/4f42749e-f8dd-5a19-a650-c7f15599cc01' }],
      ListenerAttributes: [{ Key: 'routing.http.response.strict_transport_security.header_value', Value: 'max-age=31536000; includeSubDomains' }],
    });
  });

  test('only redirects on HTTP', () => {
    for (const [id, listener] of ofType('AWS::ElasticLoadBalancingV2::Listener').filter(([, l]) => l.Properties.Protocol === 'HTTP')) {
      expect([id, listener.Properties.DefaultActions]).toEqual([
        id,
        [{ Type: 'redirect', RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }],
      ]);
    }
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
  });

  test('forwards by the configured weights to the blue and green target groups', () => {
    const [action] = byId('ApplicationWebLoadBalancerHttps').Properties.DefaultActions;
    expect(action.ForwardConfig.TargetGroups).toEqual([
      { TargetGroupArn: { Ref: expect.stringMatching(/^ApplicationBlueTargets/) }, Weight: 100 },
      { TargetGroupArn: { Ref: expect.stringMatching(/^ApplicationGreenTargets/) }, Weight: 0 },
    ]);
  });

  test('runs blue at one instance per AZ at least and lets the idle green scale to zero, both across the three app subnets', () => {
    const blue = byId('ApplicationBlueGroupASG');
    const green = byId('ApplicationGreenGroupASG');
    expect([blue.Properties.MinSize, green.Properties.MinSize]).toEqual(['3', '0']);
    // 1,500 agents at 150 per instance, doubled for headroom.
    expect([blue.Properties.MaxSize, green.Properties.MaxSize]).toEqual(['20', '20']);
    for (const group of [blue, green]) {
      expect(group.Properties.HealthCheckType).toBe('ELB');
      expect(JSON.stringify(group.Properties.VPCZoneIdentifier)).toMatch(/AppSubnet1.*AppSubnet2.*AppSubnet3/);
    }
    const scaling = ofType('AWS::AutoScaling::ScalingPolicy').map(([, p]) => p.Properties.TargetTrackingConfiguration);
    expect(scaling.filter((c) => c.PredefinedMetricSpecification.PredefinedMetricType === 'ALBRequestCountPerTarget').map((c) => c.TargetValue)).toEqual([
      3000, 3000,
    ]);
    expect(scaling.filter((c) => c.PredefinedMetricSpecification.PredefinedMetricType === 'ASGAverageCPUUtilization')).toHaveLength(2);
  });

  test('sets the size of the idle colour only (retired: none, so lowering the minimum really ends its instances); chat and automations replace theirs one by one on a new release', () => {
    const [blue, green] = [byId('ApplicationBlueGroupASG'), byId('ApplicationGreenGroupASG')];
    expect([blue.Properties.DesiredCapacity, green.Properties.DesiredCapacity]).toEqual([undefined, '0']);
    for (const service of ['ApplicationChatFleetGroupASG', 'ApplicationAutomationsFleetGroupASG']) {
      expect(byId(service).UpdatePolicy?.AutoScalingRollingUpdate).toMatchObject({ MaxBatchSize: 1, MinInstancesInService: 3, PauseTime: 'PT10M' });
    }
    expect([blue.UpdatePolicy?.AutoScalingRollingUpdate, green.UpdatePolicy?.AutoScalingRollingUpdate]).toEqual([undefined, undefined]);
  });

  test('launches instances with IMDSv2, no key pair, no public IP and a root volume under the data key', () => {
    const templates = ofType('AWS::EC2::LaunchTemplate');
    expect(templates).toHaveLength(4);
    for (const [, lt] of templates) {
      const data = lt.Properties.LaunchTemplateData;
      expect(data.MetadataOptions.HttpTokens).toBe('required');
      expect(data.KeyName).toBeUndefined();
      expect(data.NetworkInterfaces[0].AssociatePublicIpAddress).toBe(false);
      expect(data.BlockDeviceMappings[0].Ebs.Encrypted).toBe(true);
      expect(JSON.stringify(data.BlockDeviceMappings[0].Ebs.KmsKeyId)).toMatch(/KeysDataKey/);
      // Every fleet joins the database's application group, by its exported id.
      expect(JSON.stringify(data.NetworkInterfaces[0].Groups)).toMatch(/halo-london-prod-stable-data.*SqlClusterSecurityGroupsApplication/);
    }
    const blueData = byId('ApplicationBlueLaunchTemplate').Properties.LaunchTemplateData;
    expect(Buffer.from(JSON.stringify(blueData.UserData), 'utf8').toString()).toMatch(/releases\/web\/2\.132\.8\/package\.zip/);
    // Every fleet, idle colours too, trusts the region's SQL CA before anything connects to SQL Server.
    for (const id of [
      'ApplicationBlueLaunchTemplate',
      'ApplicationGreenLaunchTemplate',
      'ApplicationChatFleetLaunchTemplate',
      'ApplicationAutomationsFleetLaunchTemplate',
    ]) {
      const userData = JSON.stringify(byId(id).Properties.LaunchTemplateData.UserData);
      expect(userData).toMatch(/Get-PCACertificateAuthorityCertificate -CertificateAuthorityArn '.*SqlCertificateAuthority/);
      expect(userData).toMatch(/Import-Certificate -FilePath 'C:\\\\Halo\\\\sql-ca\.cer' -CertStoreLocation Cert:\\\\LocalMachine\\\\Root/);
    }
  });

  test('uses the fleet role of the Data stack: SSM, CloudWatch agent, session decryption, releases, connection secret and the SQL CA certificate only', () => {
    const data = london.template('prod-stable-Data');
    const resources = Object.entries(data.toJSON().Resources as Record<string, Resource>);
    const role = resources.find(([id]) => /^FleetAccessRole[0-9A-F]{8}$/.test(id))![1];
    const managed = JSON.stringify(role.Properties.ManagedPolicyArns);
    expect(managed).toMatch(/AmazonSSMManagedInstanceCore/);
    expect(managed).toMatch(/CloudWatchAgentServerPolicy/);
    expect(role.Properties.ManagedPolicyArns).toHaveLength(4);
    // The SSM agent decrypts sessions with the sessions key, and with nothing else.
    const sessions = resources.find(([id]) => id.startsWith('FleetAccessRoleSessions'))![1];
    expect(sessions.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: 'kms:Decrypt',
        Resource: expect.objectContaining({ 'Fn::GetStackOutput': expect.objectContaining({ OutputName: expect.stringMatching(/SessionsKey/) }) }),
      }),
    ]);
    const read = Object.entries(data.toJSON().Resources as Record<string, Resource>).find(([id]) => id.startsWith('FleetAccessReadArtifactsAndConnection'))![1];
    expect(read.Properties.PolicyDocument.Statement.map((s: { Action: unknown }) => s.Action)).toEqual([
      ['s3:GetObject', 's3:ListBucket'],
      ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      'kms:Decrypt',
      'acm-pca:GetCertificateAuthorityCertificate',
    ]);
  });

  test('chains security groups: internet to the load balancers on 443/80, load balancers to their fleet on 8443', () => {
    const groups = ofType('AWS::EC2::SecurityGroup');
    const lbGroups = groups.filter(([id]) => /LoadBalancer|Web|Chat|Automations/.test(id) && id.includes('SecurityGroup') && !id.includes('Fleet'));
    const web = byId('ApplicationWebSecurityGroup');
    expect(web.Properties.SecurityGroupIngress.map((r: any) => [r.CidrIp, r.FromPort])).toEqual([
      ['0.0.0.0/0', 443],
      ['0.0.0.0/0', 80],
    ]);
    const automations = byId('ApplicationAutomationsSecurityGroup');
    expect(automations.Properties.SecurityGroupIngress.map((r: any) => [r.CidrIp, r.FromPort])).toEqual([
      ['10.10.0.0/16', 443],
      ['10.10.0.0/16', 80],
    ]);
    const fleetIngress = ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
    expect(fleetIngress).toHaveLength(4);
    fleetIngress.forEach((r) =>
      expect([r.FromPort, r.ToPort, r.SourceSecurityGroupId['Fn::GetAtt'][0]]).toEqual([8443, 8443, expect.stringMatching(/SecurityGroup/)]),
    );
    const fleets = groups.filter(([id]) => /^Application(Blue|Green|ChatFleet|AutomationsFleet)SecurityGroup/.test(id));
    expect(fleets).toHaveLength(4);
    fleets.forEach(([, g]) => expect(g.Properties.SecurityGroupIngress).toBeUndefined());
    // Out: HTTPS to AWS APIs, and DNS to the directory (the VPC's DHCP name servers); nothing else.
    fleets.forEach(([, g]) =>
      expect(g.Properties.SecurityGroupEgress.map((r: any) => [r.CidrIp, r.IpProtocol, r.FromPort])).toEqual([
        ['0.0.0.0/0', 'tcp', 443],
        ['10.10.0.0/16', 'udp', 53],
        ['10.10.0.0/16', 'tcp', 53],
      ]),
    );
    expect(lbGroups.length).toBeGreaterThan(0);
  });

  test('gives chat its own internet-facing load balancer with a websocket idle timeout, and automations an internal one', () => {
    const attributes = (id: string) =>
      Object.fromEntries(byId(id).Properties.LoadBalancerAttributes.map((a: { Key: string; Value: string }) => [a.Key, a.Value]));
    expect(byId('ApplicationChatLoadBalancer').Properties.Scheme).toBe('internet-facing');
    expect(attributes('ApplicationChatLoadBalancer')['idle_timeout.timeout_seconds']).toBe('3600');
    expect(byId('ApplicationAutomationsLoadBalancer').Properties.Scheme).toBe('internal');
    expect(JSON.stringify(byId('ApplicationAutomationsLoadBalancer').Properties.Subnets)).toMatch(/AppSubnet/);
  });

  test('protects both internet-facing load balancers with a web ACL: managed rules and 200 API calls a minute per client', () => {
    const acl = byId('ApplicationWebAcl').Properties;
    expect(acl.Scope).toBe('REGIONAL');
    expect(acl.Rules.slice(0, 4).map((r: any) => r.Statement.ManagedRuleGroupStatement.Name)).toEqual([...MANAGED_RULE_GROUPS]);
    expect(acl.Rules.map((r: any) => r.Priority)).toEqual([0, 1, 2, 3, 4, 5]);
    const rate = acl.Rules[5].Statement.RateBasedStatement;
    expect(rate).toMatchObject({ Limit: 200, EvaluationWindowSec: 60, AggregateKeyType: 'IP' });
    expect(rate.ScopeDownStatement.ByteMatchStatement).toMatchObject({
      SearchString: '/api/',
      PositionalConstraint: 'STARTS_WITH',
      FieldToMatch: { UriPath: {} },
    });
    expect(
      ofType('AWS::WAFv2::WebACLAssociation')
        .map(([, a]) => a.Properties.ResourceArn.Ref)
        .sort(),
    ).toEqual([expect.stringMatching(/^ApplicationChatLoadBalancer/), expect.stringMatching(/^ApplicationWebLoadBalancer/)]);
  });

  test('lets bodies over 8 KB through only on the upload and API paths (the common rule set only labels them)', () => {
    const acl = byId('ApplicationWebAcl').Properties;
    const common = acl.Rules.find((r: any) => r.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }]);
    const oversized = acl.Rules.find((r: any) => r.Name === 'OversizedBodyOutsideUploadPaths');
    expect(oversized.Priority).toBeGreaterThan(common.Priority);
    expect(oversized.Action).toEqual({ Block: {} });
    const [label, notPaths] = oversized.Statement.AndStatement.Statements;
    expect(label).toEqual({ LabelMatchStatement: { Scope: 'LABEL', Key: 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body' } });
    expect(notPaths.NotStatement.Statement.ByteMatchStatement).toMatchObject({ SearchString: '/api/', PositionalConstraint: 'STARTS_WITH' });
  });

  test('logs WAF decisions to an encrypted, retained log group whose name the stack instance makes unique (the stack can be recreated)', () => {
    const [[, group]] = ofType('AWS::Logs::LogGroup');
    expect(group).toMatchObject({
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetStackOutput': expect.objectContaining({ OutputName: expect.stringMatching(/LogsKey/) }) } },
      DeletionPolicy: 'Retain',
    });
    const name = JSON.stringify(group.Properties.LogGroupName);
    expect(name).toMatch(/aws-waf-logs-halo-london-prod-stable-/);
    expect(name).toMatch(/AWS::StackId/);
    const [[, logging]] = ofType('AWS::WAFv2::LoggingConfiguration');
    expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).toMatch(/log-group:aws-waf-logs-halo-london-prod-stable-.*AWS::StackId/);
  });

  test('keeps deletion protection on the load balancers unless the cell turns it off to recreate its App stack', () => {
    const protection = (t: Template) =>
      ofType('AWS::ElasticLoadBalancingV2::LoadBalancer', t).map(
        ([, lb]) => lb.Properties.LoadBalancerAttributes.find((a: { Key: string }) => a.Key === 'deletion_protection.enabled').Value,
      );
    expect(protection(template)).toEqual(['true', 'true', 'true']);
    // The cell's application alone, with the setting the README's recreation procedure changes.
    expect(protection(cellApplicationTemplate((app) => ({ ...app, loadBalancerDeletionProtection: false })))).toEqual(['false', 'false', 'false']);
  });
});

describe('connection secret', () => {
  const fieldsOf = (cell: string) => {
    const data = london.template(`${cell}-Data`);
    const secret = Object.entries(data.toJSON().Resources as Record<string, Resource>).find(([id]) => id.startsWith('ConnectionSecret'))![1];
    return { fields: JSON.parse(secret.Properties.GenerateSecretString.SecretStringTemplate), secret };
  };

  test('names the AG listener with multi-subnet failover, a verified certificate, the first login, and for reporting the read-only intent inside a tenant database', () => {
    const { fields, secret } = fieldsOf('prod-stable');
    expect(fields.host).toBe('prod-stable-ag.london.halo.internal');
    expect(fields.username).toBe('halo_app_a');
    expect(fields.connectionString).toBe(
      'Server=tcp:prod-stable-ag.london.halo.internal,1433;MultiSubnetFailover=True;Encrypt=True;TrustServerCertificate=False;User ID=halo_app_a;ApplicationIntent=ReadWrite',
    );
    expect(fields.reportingConnectionStringTemplate).toMatch(/ApplicationIntent=ReadOnly;Initial Catalog=\{database\}$/);
    expect(secret.Properties.GenerateSecretString.GenerateStringKey).toBe('password');
  });

  test('names the standalone node in UAT', () => {
    expect(fieldsOf('uat').fields.host).toBe('uat-1.london.halo.internal');
  });
});

describe('every scaling group with a scaling policy', () => {
  test("has room to scale (MaxSize above MinSize), UAT's small web fleet included", () => {
    for (const cell of ['prod-stable', 'uat']) {
      const t = london.templateJson(`${cell}-App`).Resources as Record<string, Resource>;
      const policies = Object.values(t).filter((r) => r.Type === 'AWS::AutoScaling::ScalingPolicy');
      expect(policies.length).toBeGreaterThan(0);
      for (const policy of policies) {
        const group = t[policy.Properties.AutoScalingGroupName.Ref];
        expect([cell, Number(group.Properties.MaxSize) > Number(group.Properties.MinSize)]).toEqual([cell, true]);
      }
    }
  });
});
