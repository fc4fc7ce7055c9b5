import { CfnResource, IPolicyValidationPlugin, Stack, Stage } from 'aws-cdk-lib';
import { NagPack, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENT_METADATA, AcknowledgementReason } from './acknowledge';
import { acknowledgementOf, NagCheck, NagRule, substituteChecks } from './cdk-nag-adapter';

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

/** The acknowledgement covering a finding of a pack on a resource, the nearest first, as the synth decides it. */
function acknowledged(resource: IConstruct, ruleId: string, plugin: string): Acknowledged | undefined {
  const found = acknowledgementOf(resource, ruleId, plugin);
  if (!found) return undefined;
  // acknowledge() keeps the reason and its compensating control apart beside the acknowledgement itself.
  const recorded = found.scope.node.metadata.find((m) => m.type === ACKNOWLEDGEMENT_METADATA && (m.data as { rule: string }).rule === ruleId);
  const reason = recorded?.data as AcknowledgementReason | undefined;
  return { reason: reason?.reason ?? found.reason, compensatingControl: reason?.compensatingControl ?? '', at: found.scope.node.path };
}

/**
 * Every rule × resource evaluation of the packs it watches, compliant ones included: the evidence
 * behind the auditor report, which the validation report alone (findings only) cannot give.
 */
export class EvaluationLedger {
  private readonly rows = new Map<string, Evaluation>();
  private readonly watched: string[] = [];
  private readonly completed = new Set<string>();
  /**
   * Each check's applicable outcome on each resource: HIPAA, PCI DSS and NIST share most checks, and a check is a
   * function of the resource. Not-applicable outcomes (a type test, most of the calls) are not kept.
   */
  private readonly outcomes = new WeakMap<CfnResource, Map<NagCheck, { result?: NagRuleResult; error?: unknown }>>();
  /** What a row says of its resource, computed once per resource rather than once per rule. */
  private readonly resources = new WeakMap<CfnResource, Pick<Evaluation, 'stage' | 'region' | 'stack' | 'path' | 'resourceType'>>();

  /** Names of the packs this ledger watches. */
  public packs(): readonly string[] {
    return [...this.watched];
  }

  /** Makes the pack report each evaluation to this ledger; its findings are unchanged. */
  public watch(pack: NagPack): NagPack {
    this.watched.push(pack.name);
    return substituteChecks(pack, (rule) => this.recordingCheck(pack, rule));
  }

  /** The rule's check, recording its outcome on each resource (the rule's level and text are the same at every call). */
  private recordingCheck(pack: NagPack, rule: NagRule): NagCheck {
    const { check } = rule;
    const about = { pack: pack.readPackName, plugin: pack.name, check: check.name, level: String(rule.level).toLowerCase(), info: rule.info };
    return (node: CfnResource) => {
      try {
        const result = this.outcomeOf(check, node);
        if (Array.isArray(result)) {
          if (result.length === 0) this.record(about, rule.id, node, false);
          result.forEach((finding) => this.record(about, `${rule.id}[${finding}]`, node, true));
        } else if (result !== NagRuleCompliance.NOT_APPLICABLE) {
          this.record(about, rule.id, node, result === NagRuleCompliance.NON_COMPLIANT);
        }
        return result;
      } catch (error) {
        this.record(about, rule.id, node, true, `The rule could not evaluate the resource: ${(error as Error).message}`);
        throw error;
      }
    };
  }

  private outcomeOf(check: NagCheck, node: CfnResource): NagRuleResult {
    const known = this.outcomes.get(node)?.get(check);
    if (known) {
      if ('error' in known) throw known.error;
      return known.result!;
    }
    let outcome: { result?: NagRuleResult; error?: unknown };
    try {
      outcome = { result: check(node) };
    } catch (error) {
      outcome = { error };
    }
    if (outcome.result !== NagRuleCompliance.NOT_APPLICABLE) {
      let byCheck = this.outcomes.get(node);
      if (!byCheck) this.outcomes.set(node, (byCheck = new Map()));
      byCheck.set(check, outcome);
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

  private record(
    about: { pack: string; plugin: string; check: string; level: string; info: string },
    rule: string,
    node: CfnResource,
    fired: boolean,
    error?: string,
  ): void {
    let resource = this.resources.get(node);
    if (!resource) {
      const stack = Stack.of(node);
      resource = {
        stage: Stage.of(node)?.stageName ?? '',
        region: stack.region,
        stack: stack.stackName,
        path: node.node.path,
        resourceType: node.cfnResourceType,
      };
      this.resources.set(node, resource);
    }
    const ack = fired ? acknowledged(node, rule, about.plugin) : undefined;
    const status: EvaluationStatus = !fired ? 'compliant' : ack ? 'acknowledged' : 'non-compliant';
    // A pack may be asked to validate more than once (nested stages): one row per rule and resource.
    this.rows.set(`${rule}\u0000${resource.path}`, {
      pack: about.pack,
      rule,
      check: about.check,
      level: about.level,
      ...resource,
      status,
      reason: ack?.reason ?? (fired ? (error ?? about.info) : undefined),
      compensatingControl: ack?.compensatingControl,
      acknowledgedAt: ack?.at,
    });
  }
}
