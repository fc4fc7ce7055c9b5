import { noOptions } from '../../scripts/no-options';

describe('the command line of npm run docs and npm run managed-policies', () => {
  const printed = () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    return { log, error };
  };
  afterEach(() => jest.restoreAllMocks());

  test('nothing given: the script goes on', () => {
    expect(noOptions([], 'usage: x')).toBeUndefined();
  });

  test('--help and -h print the usage and exit 0', () => {
    const { log } = printed();
    expect(noOptions(['--help'], 'usage: x')).toBe(0);
    expect(noOptions(['-h'], 'usage: x')).toBe(0);
    expect(log).toHaveBeenCalledWith('usage: x');
  });

  test.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['docs.md'], "Unexpected argument 'docs.md'"],
  ])('%j is refused with one line and the usage, exit 2', (argv, message) => {
    const { error } = printed();
    expect(noOptions(argv, 'usage: x')).toBe(2);
    expect(error.mock.calls[0][0]).toMatch(new RegExp(`^${message}.*\\nusage: x$`));
  });
});
