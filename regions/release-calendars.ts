import type { ReleaseCalendar } from '../lib/release/calendar';

/**
 * Each region's working time, in the local time of its maintenance window's zone: releases run outside it (seed 000:
 * "out of working hours for all regions"), and outside the weekly drill window of `maintenanceWindow`.
 * Holidays are modelled simply: one list of the local public holidays (observed dates) per region. Maintained yearly:
 * add next year's dates each autumn; the planner refuses a window in a year a region has no holidays listed for.
 */

const MONDAY_TO_FRIDAY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] as const;
const OFFICE_HOURS = '08:00-18:00';

/** Dates of one year, e.g. `on(2026, '12-25')`. */
function on(year: number, ...monthDays: string[]): string[] {
  return monthDays.map((monthDay) => `${year}-${monthDay}`);
}

export const RELEASE_CALENDARS: Readonly<Record<string, ReleaseCalendar>> = {
  // England and Wales bank holidays (gov.uk).
  London: {
    workingDays: MONDAY_TO_FRIDAY,
    workingHours: OFFICE_HOURS,
    holidays: [
      ...on(2026, '01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'),
      ...on(2027, '01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'),
    ],
  },
  // Hesse: the national holidays and Corpus Christi.
  Frankfurt: {
    workingDays: MONDAY_TO_FRIDAY,
    workingHours: OFFICE_HOURS,
    holidays: [
      ...on(2026, '01-01', '04-03', '04-06', '05-01', '05-14', '05-25', '06-04', '10-03', '12-25', '12-26'),
      ...on(2027, '01-01', '03-26', '03-29', '05-01', '05-06', '05-17', '05-27', '10-03', '12-25', '12-26'),
    ],
  },
  // US federal holidays, observed dates (OPM).
  'N. Virginia': {
    workingDays: MONDAY_TO_FRIDAY,
    workingHours: OFFICE_HOURS,
    holidays: [
      ...on(2026, '01-01', '01-19', '02-16', '05-25', '06-19', '07-03', '09-07', '10-12', '11-11', '11-26', '12-25'),
      ...on(2027, '01-01', '01-18', '02-15', '05-31', '06-18', '07-05', '09-06', '10-11', '11-11', '11-25', '12-24', '12-31'),
    ],
  },
  // Ontario's public holidays and the Civic Holiday, observed dates.
  'Canada Central': {
    workingDays: MONDAY_TO_FRIDAY,
    workingHours: OFFICE_HOURS,
    holidays: [
      ...on(2026, '01-01', '02-16', '04-03', '05-18', '07-01', '08-03', '09-07', '10-12', '12-25', '12-28'),
      ...on(2027, '01-01', '02-15', '03-26', '05-24', '07-01', '08-02', '09-06', '10-11', '12-27', '12-28'),
    ],
  },
  // South Africa's public holidays (a Sunday holiday moves to the Monday).
  'Cape Town': {
    workingDays: MONDAY_TO_FRIDAY,
    workingHours: OFFICE_HOURS,
    holidays: [
      ...on(2026, '01-01', '03-21', '04-03', '04-06', '04-27', '05-01', '06-16', '08-10', '09-24', '12-16', '12-25', '12-26'),
      ...on(2027, '01-01', '03-22', '03-26', '03-29', '04-27', '05-01', '06-16', '08-09', '09-24', '12-16', '12-25', '12-27'),
    ],
  },
  // New South Wales public holidays, observed dates.
  Sydney: {
    workingDays: MONDAY_TO_FRIDAY,
    workingHours: OFFICE_HOURS,
    holidays: [
      ...on(2026, '01-01', '01-26', '04-03', '04-04', '04-05', '04-06', '04-25', '06-08', '10-05', '12-25', '12-28'),
      ...on(2027, '01-01', '01-26', '03-26', '03-27', '03-28', '03-29', '04-26', '06-14', '10-04', '12-27', '12-28'),
    ],
  },
  // The working week in Bahrain runs Sunday to Thursday. The Islamic holidays follow the moon: these dates are the
  // expected ones; replace them with the announced dates when the government publishes them.
  Bahrain: {
    workingDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu'],
    workingHours: '07:00-17:00',
    holidays: [
      ...on(2026, '01-01', '03-20', '03-21', '03-22', '05-01', '05-26', '05-27', '05-28', '05-29', '06-16', '06-24', '06-25', '08-25', '12-16', '12-17'),
      ...on(2027, '01-01', '03-10', '03-11', '03-12', '05-01', '05-15', '05-16', '05-17', '05-18', '06-06', '06-14', '06-15', '08-15', '12-16', '12-17'),
    ],
  },
};
