import { App, Stack, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import { SQL_CLUSTER_TAG, SQL_NODE_TAG, WITNESS_TAG } from '../../lib/config/names';

export const AZS = ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'];

/** An App for rule fixtures: synthesized without aws-cdk-lib's CloudFormation validation, which the rules do not need. */
const ruleApp = () => new App({ builtinCloudFormationValidation: false });

export function ruleStack(): Stack {
  return new Stack(ruleApp(), 'RuleTest', { env: { account: '111122223333', region: 'eu-west-2' } });
}

/**
 * A cluster laid out by AZ index: nodes through ENIs in isolated subnets (as the real cluster is),
 * optionally a witness, with the tags the rules read. The VPC is in another stack, as in the app.
 */
export function clusterFixture(nodeAzs: number[], witnessAz?: number) {
  const app = ruleApp();
  const env = { account: '111122223333', region: 'eu-west-2' };
  const network = new Stack(app, 'Network', { env });
  const vpc = new ec2.Vpc(network, 'Vpc', {
    availabilityZones: AZS,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const stack = new Stack(app, 'Data', { env });
  const nodes = nodeAzs.map((az, i) => {
    const eni = new ec2.CfnNetworkInterface(stack, `Eni${i}`, { subnetId: vpc.isolatedSubnets[az].subnetId });
    const instance = new ec2.CfnInstance(stack, `Node${i}`, { networkInterfaces: [{ deviceIndex: '0', networkInterfaceId: eni.ref }] });
    Tags.of(instance).add(SQL_NODE_TAG, `node-${i}`);
    Tags.of(instance).add(SQL_CLUSTER_TAG, 'cell');
    return instance;
  });
  let witness: fsx.CfnFileSystem | undefined;
  if (witnessAz !== undefined) {
    witness = new fsx.CfnFileSystem(stack, 'Witness', { fileSystemType: 'WINDOWS', subnetIds: [vpc.isolatedSubnets[witnessAz].subnetId] });
    Tags.of(witness).add(WITNESS_TAG, 'cell-witness');
    Tags.of(witness).add(SQL_CLUSTER_TAG, 'cell');
  }
  // Tags are applied by an aspect at synthesis; rules run after it, so synthesize first.
  app.synth();
  return { stack, nodes, witness };
}
