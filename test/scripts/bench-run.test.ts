import { hasProc, runOnce } from '../../scripts/bench-run';

/** A node that spends `ms` of CPU, however busy the machine is (the loop reads its own CPU time, not the clock). */
const burn = (ms: number) => `const t = process.cpuUsage(); while (Object.values(process.cpuUsage(t)).reduce((a, b) => a + b) < ${ms * 1000});`;

// The CPU comes from Linux's /proc; elsewhere the bench prints no CPU figures.
const linux = hasProc ? describe : describe.skip;

linux("a bench step's CPU (npm run bench's CPU table)", () => {
  test('counts the processes the command waited for, a grandchild included', async () => {
    // `; true` keeps sh from replacing itself with node: node is sh's child, and sh is the bench's.
    const outcome = await runOnce({ label: 'burn', args: ['sh', '-c', `"${process.execPath}" -e "${burn(300)}"; true`] }, 'burn');
    expect(outcome.cpuSeconds).toBeGreaterThanOrEqual(0.3);
  });

  test('leaves out the time the command waits', async () => {
    const outcome = await runOnce({ label: 'wait', args: [process.execPath, '-e', 'setTimeout(() => undefined, 500)'] }, 'wait');
    expect(outcome.seconds).toBeGreaterThanOrEqual(0.5);
    expect(outcome.cpuSeconds).toBeGreaterThanOrEqual(0);
    expect(outcome.cpuSeconds).toBeLessThan(0.4);
  });
});
