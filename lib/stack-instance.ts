import { Aws, Fn } from 'aws-cdk-lib';

/**
 * The first eight hex digits of the stack's id (its UUID): the same for the stack's life, new each time the stack is
 * created, so a name that carries it never collides with what a failed earlier creation retained.
 */
export function stackInstanceId(): string {
  return Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
}
