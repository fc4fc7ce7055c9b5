import { monthlyInWindow } from '../../lib/database/sql-server-drills-schedules';

describe('monthlyInWindow', () => {
  test('runs on the first such day of the month, the offset after the window opens', () => {
    expect(monthlyInWindow('Sun:01:00-Sun:04:00', 0)).toBe('cron(0 1 ? * SUN#1 *)');
    expect(monthlyInWindow('Wed:22:15-Thu:01:00', 30)).toBe('cron(45 22 ? * WED#1 *)');
  });

  test('an offset past midnight moves to the next day of the week, Sunday wrapping to Monday', () => {
    expect(monthlyInWindow('Sat:23:45-Sun:02:00', 30)).toBe('cron(15 0 ? * SUN#1 *)');
    expect(monthlyInWindow('Sun:23:30-Mon:02:00', 60)).toBe('cron(30 0 ? * MON#1 *)');
  });
});
