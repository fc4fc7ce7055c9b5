import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

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
    (props.emails ?? []).forEach((email) => this.topic.addSubscription(new subscriptions.EmailSubscription(email)));
  }
}
