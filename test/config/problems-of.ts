import { ConfigError, validateConfig, type HaloConfigInput } from '../../lib/config';
import { fixtureInput, withCanadaCentral, type FixtureInput } from '../fixtures/config';

/** The fixture configuration with Canada Central, as test/config.test.ts checks it. */
export const base = (): FixtureInput => withCanadaCentral(fixtureInput());

/** The problem lines of the fixture after `mutate`; fails the test when the configuration is accepted. */
export function problemsOf(mutate: (config: FixtureInput) => void): string[] {
  const config = base();
  mutate(config);
  return problemsOfInput(config);
}

/** The problem lines of any input; fails the test when it is accepted or fails with anything but a ConfigError. */
export function problemsOfInput(input: unknown): string[] {
  try {
    validateConfig(input as HaloConfigInput);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw new Error(`not a ConfigError: ${String((error as Error)?.stack ?? error)}`);
    return [...error.problems];
  }
  throw new Error('configuration was accepted');
}
