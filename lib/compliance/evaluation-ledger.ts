import { CfnResource, IPolicyValidationPlugin, Stack, Stage, Validations } from 'aws-cdk-lib';
import { IApplyRule, NagPack, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENT_METADATA, AcknowledgementReason, withoutNamespace } from './acknowledge';

/** Outcome of one rule on one resource. */
export type EvaluationStatus = 'compliant' | 'non-compliant' | 'acknowledged';

/** One rule applied to one resource, as the synth saw it. */
export interface Evaluation {
  /** Pack name, e.g. `AwsSolutions`. */
  readonly pack: string;
  /** Rule id as reported, e.g. `AwsSolutions-S10` or `AwsSolutions-IAM5[Action::s3:*]`. */
  readonly rule: string;
  /** Name of the check behind the rule id, shared across packs, e.g. `S3BucketSSLRequestsOnly`. */
  readonly check: string;
  /** `error`, `warning` or `info`. */
  readonly level: string;
  readonly stage: string;
  readonly region: string;
  readonly stack: string;
  readonly path: string;
  readonly resourceType: string;
  readonly status: EvaluationStatus;
  /** Why the rule fired (non-compliant), or the acknowledgement's reason (acknowledged). */
  readonly reason?: string;
  /** The compensating control of an acknowledgement. */
  readonly compensatingControl?: string;
  /** Where the acknowledgement was made. */
  readonly acknowledgedAt?: string;
}

type Acknowledged = AcknowledgementReason & { at: string };

/** The acknowledgement covering a rule id on a resource, the nearest first, as the synth's gate decides it. */
export function acknowledgementOf(resource: IConstruct, ruleId: string): Acknowledged | undefined {
  for (let scope: IConstruct | undefined = resource; scope; scope = scope.node.scope) {
    for (const entry of scope.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      const match = Object.entries(entry.data as Record<string, string>).find(([id]) => withoutNamespace(id) === ruleId);
      if (!match) continue;
      const recorded = scope.node.metadata.find((m) => m.type === ACKNOWLEDGEMENT_METADATA && (m.data as { rule: string }).rule === ruleId);
      const reason = recorded?.data as AcknowledgementReason | undefined;
      return { reason: reason?.reason ?? match[1], compensatingControl: reason?.compensatingControl ?? '', at: scope.node.path };
    }
  }
  return undefined;
}

/**
 * Every rule × resource evaluation of the packs it watches, compliant ones included: the evidence
 * behind the auditor report, which the validation report alone (findings only) cannot give.
 */
export class EvaluationLedger {
  private readonly rows = new Map<string, Evaluation>();
  private readonly watched: string[] = [];
  private readonly completed = new Set<string>();
  /** Each check's outcome on each resource: HIPAA, PCI DSS and NIST share most checks, and a check is a function of the resource. */
  private readonly outcomes = new WeakMap<CfnResource, Map<IApplyRule['rule'], { result?: NagRuleResult; error?: unknown }>>();

  /** Names of the packs this ledger watches. */
  public packs(): readonly string[] {
    return [...this.watched];
  }

  /** Makes the pack report each evaluation to this ledger; its findings are unchanged. */
  public watch(pack: NagPack): NagPack {
    this.watched.push(pack.name);
    const target = pack as unknown as { applyRule(params: IApplyRule): void };
    const applyRule = target.applyRule.bind(pack);
    target.applyRule = (params: IApplyRule) => {
      const suffix = params.ruleSuffixOverride || params.rule.name;
      const ruleId = `${pack.readPackName}-${suffix}`;
      const rule = (node: CfnResource) => {
        try {
          const result = this.outcomeOf(params.rule, node);
          if (Array.isArray(result)) {
            if (result.length === 0) this.record(pack, ruleId, params, node, false);
            result.forEach((finding) => this.record(pack, `${ruleId}[${finding}]`, params, node, true));
          } else if (result !== NagRuleCompliance.NOT_APPLICABLE) {
            this.record(pack, ruleId, params, node, result === NagRuleCompliance.NON_COMPLIANT);
          }
          return result;
        } catch (error) {
          this.record(pack, ruleId, params, node, true, `The rule could not evaluate the resource: ${(error as Error).message}`);
          throw error;
        }
      };
      applyRule({ ...params, ruleSuffixOverride: suffix, rule });
    };
    return pack;
  }

  private outcomeOf(check: IApplyRule['rule'], node: CfnResource): NagRuleResult {
    let known = this.outcomes.get(node);
    if (!known) this.outcomes.set(node, known = new Map());
    let outcome = known.get(check);
    if (!outcome) {
      try {
        outcome = { result: check(node) };
      } catch (error) {
        outcome = { error };
      }
      known.set(check, outcome);
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.result!;
  }

  /** Makes the ledger note when a plugin it does not watch (cfn-guard) completes its validation. */
  public noteCompletion<P extends IPolicyValidationPlugin>(plugin: P): P {
    const validate = plugin.validate.bind(plugin);
    plugin.validate = (context) => {
      const report = validate(context);
      this.completed.add(plugin.name);
      return report;
    };
    return plugin;
  }

  /** Names of the unwatched plugins that completed their validation. */
  public completedPlugins(): readonly string[] {
    return [...this.completed];
  }

  /** Every evaluation, in the order the packs made them. */
  public evaluations(): Evaluation[] {
    return [...this.rows.values()];
  }

  private record(pack: NagPack, rule: string, params: IApplyRule, node: CfnResource, fired: boolean, error?: string): void {
    const stack = Stack.of(node);
    const acknowledged = fired ? acknowledgementOf(node, rule) : undefined;
    const status: EvaluationStatus = !fired ? 'compliant' : acknowledged ? 'acknowledged' : 'non-compliant';
    // A pack may be asked to validate more than once (nested stages): one row per rule and resource.
    this.rows.set(`${rule}\u0000${node.node.path}`, {
      pack: pack.readPackName,
      rule,
      check: params.rule.name,
      level: String(params.level).toLowerCase(),
      stage: Stage.of(node)?.stageName ?? '',
      region: stack.region,
      stack: stack.stackName,
      path: node.node.path,
      resourceType: node.cfnResourceType,
      status,
      reason: acknowledged?.reason ?? (fired ? error ?? params.info : undefined),
      compensatingControl: acknowledged?.compensatingControl,
      acknowledgedAt: acknowledged?.at,
    });
  }
}
