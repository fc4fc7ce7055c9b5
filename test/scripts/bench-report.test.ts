import { cpuTable, Row } from '../../scripts/bench-report';

const row = (figure: string, samples: number[], cpu: number[], target?: number): Row => ({ figure, label: `${figure} synth`, unit: 's', target, samples, cpu });

describe("npm run bench's CPU table", () => {
  test("gives each step's median CPU over the cores, and says when that alone rules out the target", () => {
    const lines = cpuTable([row('full', [13, 14, 15], [22, 23, 30], 10), row('bare', [7, 7.5, 8], [9, 9, 9]), row('region', [3], [6], 4)], 2);
    expect(lines.find((l) => l.startsWith('full synth'))).toMatch(/23\.00 s +11\.50 s +≤ 10 s +NO: the step needs less CPU or more cores$/);
    expect(lines.find((l) => l.startsWith('region synth'))).toMatch(/6\.00 s +3\.00 s +≤ 4 s +yes$/);
    expect(lines.find((l) => l.startsWith('bare synth'))).toMatch(/9\.00 s +4\.50 s$/);
    // 11.5 s at best against the bare synth's median 7.5 s.
    expect(lines.at(-1)).toBe("The full synth's CPU / 2 is 1.53 × the bare synth's median time: the least full / bare these cores allow.");
  });

  test('prints nothing when no CPU was measured (not Linux)', () => {
    expect(cpuTable([row('full', [13], [], 10)], 2)).toEqual([]);
  });
});
