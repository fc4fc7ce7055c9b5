import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { proveAllowed } from '../proofs';

/** A region's maintenance window (`Sun:01:00-Sun:04:00`) in its time zone. */
export interface DrillMaintenanceWindow {
  readonly window: string;
  readonly timeZone: string;
}

const DAYS: Record<string, string> = { Mon: 'MON', Tue: 'TUE', Wed: 'WED', Thu: 'THU', Fri: 'FRI', Sat: 'SAT', Sun: 'SUN' };

/** The Scheduler expression for the first day of the month that opens the window, `offsetMinutes` after it opens. */
export function monthlyInWindow(window: string, offsetMinutes: number): string {
  const [day, hh, mm] = window.split('-')[0].split(':');
  const start = Number(hh) * 60 + Number(mm) + offsetMinutes;
  // An offset past midnight moves to the next day of the week.
  const weekDay = Object.keys(DAYS)[(Object.keys(DAYS).indexOf(day) + Math.floor(start / 1440)) % 7];
  return `cron(${start % 60} ${Math.floor(start / 60) % 24} ? * ${DAYS[weekDay]}#1 *)`;
}

/** What a schedule calls: the Scheduler's universal target and its input. */
export interface ScheduleTarget {
  readonly arn: string;
  readonly input: object;
}

/**
 * The drills' monthly EventBridge Scheduler schedules in the maintenance window, each with its own role, each proven
 * able to make its call. Not a construct: it creates its resources in the drills' scope, so their logical ids stay as they were.
 */
export class DrillSchedules {
  /** When each schedule runs: the Scheduler expression and time zone, by schedule id. */
  public readonly expressions: Record<string, string> = {};
  private readonly scope: Construct;
  private readonly maintenance: DrillMaintenanceWindow;
  private readonly automationRole: iam.IRole;

  constructor(scope: Construct, maintenance: DrillMaintenanceWindow, automationRole: iam.IRole) {
    this.scope = scope;
    this.maintenance = maintenance;
    this.automationRole = automationRole;
  }

  /** Starts an Automation document (as the drills' role) monthly, `offsetMinutes` after the window opens. */
  public startAutomation(id: string, documentName: string, offsetMinutes: number): void {
    const stack = Stack.of(this.scope);
    const definition = stack.formatArn({ service: 'ssm', resource: 'automation-definition', resourceName: `${documentName}:$DEFAULT` });
    this.add(
      id,
      `Starts ${documentName}`,
      offsetMinutes,
      {
        arn: 'arn:aws:scheduler:::aws-sdk:ssm:startAutomationExecution',
        input: { DocumentName: documentName },
      },
      [
        new iam.PolicyStatement({ actions: ['ssm:StartAutomationExecution'], resources: [definition] }),
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.automationRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
        }),
      ],
      { action: 'ssm:StartAutomationExecution', resource: definition },
    );
  }

  /** A monthly schedule `offsetMinutes` after the window opens, with a role allowed `statements`; proves the role may make `proof`'s call. */
  public add(
    id: string,
    description: string,
    offsetMinutes: number,
    target: ScheduleTarget,
    statements: iam.PolicyStatement[],
    proof: { readonly action: string; readonly resource: string },
  ): void {
    const stack = Stack.of(this.scope);
    const role = new iam.Role(this.scope, `${id}Role`, {
      description,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    new iam.ManagedPolicy(this.scope, `${id}Policy`, { roles: [role], statements });
    const expression = monthlyInWindow(this.maintenance.window, offsetMinutes);
    this.expressions[id] = `${expression} ${this.maintenance.timeZone}`;
    new scheduler.CfnSchedule(this.scope, id, {
      description: `${description}, monthly in the maintenance window`,
      scheduleExpression: expression,
      scheduleExpressionTimezone: this.maintenance.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      target: { arn: target.arn, roleArn: role.roleArn, input: stack.toJsonString(target.input) },
    });
    proveAllowed(this.scope, {
      id: `${id}Runs`,
      actor: { roleArn: role.roleArn, description: 'schedule role' },
      action: proof.action,
      resource: proof.resource,
      resourceOutsideTemplates: true,
      why: 'EventBridge Scheduler starts it every month; refused, it silently never runs.',
    });
  }
}
