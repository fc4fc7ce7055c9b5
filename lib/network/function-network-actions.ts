/**
 * What a Lambda function in a VPC calls to attach its network interfaces there (its execution role's permissions,
 * as AWSLambdaVPCAccessExecutionRole grants them). EC2 gives these calls no resource-level scope.
 */
export const FUNCTION_NETWORK_ACTIONS: readonly string[] = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];
