import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { ArnFormat, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { proveAllowed } from '../proofs';

/** Properties of {@link AlertTopic}. */
export interface AlertTopicProps {
  /** Key that encrypts the topic (the region's logs key, which lets CloudWatch and EventBridge publish). */
  readonly encryptionKey: kms.IKey;
  /**
   * Addresses that receive every alert.
   * @default none
   */
  readonly emails?: readonly string[];
}

/** The region's one alert topic: encrypted, TLS-only, fed by alarms and security findings. */
export class AlertTopic extends Construct {
  public readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { masterKey: props.encryptionKey, enforceSSL: true, displayName: 'Halo alerts' });
    const { account, region, partition } = Stack.of(this);
    // A topic policy replaces SNS's default one, which let the account's alarms publish: say so again, for this account's alarms only.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    (props.emails ?? []).forEach((email) => this.topic.addSubscription(new subscriptions.EmailSubscription(email)));
    this.provePublishers(props.encryptionKey);
  }

  /** CloudWatch alarms and EventBridge rules publish here: each needs the topic policy and the topic's key. */
  private provePublishers(key: kms.IKey): void {
    const { account } = Stack.of(this);
    const publishers = {
      Alarms: {
        service: 'cloudwatch.amazonaws.com',
        sourceArn: Stack.of(this).formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: 'halo-example',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
        sourceAccount: account,
      },
      Rules: {
        service: 'events.amazonaws.com',
        sourceArn: Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: 'halo-example' }),
        sourceAccount: account,
      },
    };
    for (const [name, actor] of Object.entries(publishers)) {
      const why = `${actor.service} publishes alerts to the encrypted topic; without the topic policy and the key, alerts are dropped silently.`;
      // AWS (SNS key management): EventBridge's publishing to an encrypted topic does not carry aws:SourceAccount/SourceArn to KMS.
      const keyActor = name === 'Rules' ? { service: actor.service } : actor;
      const absent = name === 'Rules' ? ['aws:SourceAccount', 'aws:SourceArn'] : [];
      proveAllowed(this, { id: `${name}Publish`, actor, action: 'sns:Publish', resource: this.topic.topicArn, why });
      proveAllowed(this, {
        id: `${name}GenerateDataKey`,
        actor: keyActor,
        action: 'kms:GenerateDataKey',
        resource: key.keyArn,
        context: { 'kms:ViaService': `sns.${Stack.of(this).region}.amazonaws.com` },
        absent,
        why,
      });
      proveAllowed(this, {
        id: `${name}Decrypt`,
        actor: keyActor,
        action: 'kms:Decrypt',
        resource: key.keyArn,
        context: { 'kms:ViaService': `sns.${Stack.of(this).region}.amazonaws.com` },
        absent,
        why,
      });
    }
  }
}
