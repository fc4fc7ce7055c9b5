import type { HaloConfig } from '../config';
import { CHANNELS } from './channels';
import type { ReleaseCell, ResolvedPlan } from './execute-types';
import type { ReleasePlan } from './plan-types';
import { listAt, objectAt, type Say, sayer } from './shape';
import { isVersion, VERSION_WORDS } from './version';

const KINDS = ['patch', 'upgrade', 'major'] as const;
/** Plan ids name the log file: letters, digits, dots and dashes only. */
const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{3})?)?Z$/;

/** What the executor reads of a plan's cell. */
type PlanFileCell = Pick<
  ReleasePlan['waves'][number]['cells'][number],
  'key' | 'stack' | 'fromVersion' | 'start' | 'end' | 'localStart' | 'localEnd' | 'timeZone'
>;

/**
 * Reads a plan file (plan.json, as `npm run release -- plan` writes it): the plan, or one line per problem naming the
 * file, the field, the value and what is allowed. Anything but a plan (the release state, a Markdown file read as JSON,
 * a plan cut short) is refused here, before anything is deployed.
 */
export function readPlanFile(raw: unknown, file: string): { readonly plan?: ReleasePlan; readonly problems: string[] } {
  const problems: string[] = [];
  const say = sayer(problems, file);
  const top = objectAt(raw, 'the file', 'a release plan as `npm run release -- plan` writes it (plan.json)', say);
  if (!top) return { problems };
  if (typeof top.id !== 'string' || !PLAN_ID.test(top.id)) say('id', top.id, 'the plan id, e.g. "beta-2.134.0-20261129T0000Z" (letters, digits, dots, dashes)');
  if (!(CHANNELS as readonly unknown[]).includes(top.channel)) say('channel', top.channel, CHANNELS.join(', '));
  if (!isVersion(top.version)) say('version', top.version, VERSION_WORDS);
  if (!(KINDS as readonly unknown[]).includes(top.kind)) say('kind', top.kind, KINDS.join(', '));
  const waves = listAt(top.waves, 'waves', 'a list of waves, each {"number", "cells": [...]}', say);
  if (Array.isArray(top.waves) && waves.length === 0) say('waves', top.waves, 'at least one wave');
  waves.forEach((item, i) => {
    const wave = objectAt(item, `waves[${i}]`, 'an object {"number", "cells": [...]}', say);
    if (!wave) return;
    if (wave.number !== i + 1) say(`waves[${i}].number`, wave.number, `${i + 1}: waves are numbered from 1 in order`);
    const cells = listAt(wave.cells, `waves[${i}].cells`, 'a list of cell windows', say);
    if (Array.isArray(wave.cells) && cells.length === 0) say(`waves[${i}].cells`, wave.cells, 'at least one cell');
    cells.forEach((cell, j) => readCell(cell, `waves[${i}].cells[${j}]`, say));
  });
  return problems.length > 0 ? { problems } : { plan: raw as ReleasePlan, problems };
}

function readCell(raw: unknown, field: string, say: Say): void {
  const cell = objectAt(raw, field, 'an object {"key", "stack", "fromVersion", "start", "end", ...}', say);
  if (!cell) return;
  if (typeof cell.key !== 'string' || !/^[a-z0-9-]+\/[a-z0-9-]+$/.test(cell.key)) say(`${field}.key`, cell.key, '"<region slug>/<cell id>", e.g. "london/uat"');
  if (typeof cell.stack !== 'string' || !/^[A-Za-z]+\/[a-z0-9-]+-App$/.test(cell.stack))
    say(`${field}.stack`, cell.stack, 'a cell\'s App stack, e.g. "London/uat-App"');
  if (!isVersion(cell.fromVersion)) say(`${field}.fromVersion`, cell.fromVersion, VERSION_WORDS);
  for (const key of ['start', 'end'] as const) {
    if (typeof cell[key] !== 'string' || !ISO_TIME.test(cell[key]) || Number.isNaN(Date.parse(cell[key])))
      say(`${field}.${key}`, cell[key], 'a UTC time, e.g. "2026-11-29T04:00:00.000Z"');
  }
  if (typeof cell.start === 'string' && typeof cell.end === 'string' && Date.parse(cell.end) <= Date.parse(cell.start)) {
    say(`${field}.end`, cell.end, `a time after its start (${cell.start})`);
  }
  for (const key of ['localStart', 'localEnd', 'timeZone'] as const)
    if (typeof cell[key] !== 'string') say(`${field}.${key}`, cell[key], 'text, as the planner writes it');
}

/**
 * The plan's cells against the configuration: each must be a cell of regions/ on the plan's channel, with the App
 * stack the planner names for it; its watch takes the resolved cell's alarm and stack names. One line per problem.
 */
export function resolvePlan(plan: ReleasePlan, config: HaloConfig, file: string): { readonly plan?: ResolvedPlan; readonly problems: string[] } {
  const problems: string[] = [];
  const resolveCell = (cell: PlanFileCell): ReleaseCell | undefined => {
    const [slug, id] = cell.key.split('/');
    const region = config.regions.find((r) => r.slug === slug);
    const resolved = region?.cells.find((c) => c.id === id);
    if (!region || !resolved) {
      problems.push(`${file}: cell ${cell.key} is not a cell of regions/; plan again`);
      return undefined;
    }
    const stack = `${region.stageName}/${resolved.id}-App`;
    if (cell.stack !== stack) problems.push(`${file}: cell ${cell.key} names the stack ${cell.stack}; its App stack is ${stack}; plan again`);
    if (resolved.channel !== plan.channel) problems.push(`${file}: cell ${cell.key} is a ${resolved.channel} cell, not ${plan.channel}; plan again`);
    return {
      key: cell.key,
      stack,
      stackName: resolved.names.stacks.app,
      regionCode: region.code,
      alarmName: resolved.names.unavailableAlarm,
      fromVersion: cell.fromVersion,
      windowStart: new Date(cell.start),
      windowEnd: new Date(cell.end),
      localWindow: `${cell.localStart.replace('T', ' ')} to ${cell.localEnd.replace('T', ' ')} ${cell.timeZone}`,
    };
  };
  const waves = plan.waves.map((wave) => ({ number: wave.number, cells: wave.cells.flatMap((c) => resolveCell(c) ?? []) }));
  const keys = plan.waves.flatMap((w) => w.cells.map((c) => c.key));
  for (const key of new Set(keys.filter((k, i) => keys.indexOf(k) !== i))) problems.push(`${file}: cell ${key} appears more than once; plan again`);
  if (problems.length > 0) return { problems };
  return { plan: { id: plan.id, version: plan.version, kind: plan.kind, waves }, problems };
}
