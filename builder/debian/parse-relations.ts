import { UserError } from '../../analyzer/model/user-error.js';

/** A version relation operator as Debian writes it. */
export type VersionOperator = '<<' | '<=' | '=' | '>=' | '>>';

/** One alternative of a relation: `name:arch (op version) [archs] <profiles>`. */
export interface Relation {
  name: string;
  /** Architecture qualifier after `:` (`any`, `native`, `amd64`). */
  archQualifier?: string;
  constraint?: { op: VersionOperator; version: string };
  /** Architecture restriction list `[amd64 !i386]` (source relations), as written. */
  architectures?: string[];
  /** Build profile formulas `<!nocheck> <stage1>`, each as written. */
  profiles?: string[];
}

/** Alternatives of one relation (`a | b`): any one satisfies it. */
export type RelationGroup = Relation[];

const RELATION =
  /^([a-z0-9][a-z0-9+.-]*)(?::([a-z0-9-]+))?\s*(?:\(\s*(<<|<=|>=|>>|=|<|>)\s*([^\s)]+)\s*\))?\s*(?:\[([^\]]*)\])?\s*((?:<[^>]*>\s*)*)$/;

/**
 * Parses a relationship field (`Depends`, `Pre-Depends`, `Provides`): comma-separated groups of
 * `|`-separated alternatives. Obsolete `<` and `>` mean `<=` and `>=` as dpkg reads them.
 */
export function parseRelations(value: string, at = 'Depends'): RelationGroup[] {
  const groups: RelationGroup[] = [];
  for (const rawGroup of value.split(',')) {
    const group = rawGroup.trim();
    if (group === '') continue;
    groups.push(
      group.split('|').map((alt) => {
        const text = alt.replace(/\s+/g, ' ').trim();
        const match = RELATION.exec(text);
        if (!match) throw new UserError('DEB_BAD', `cannot parse relation ${JSON.stringify(text)}`, { at });
        const relation: Relation = { name: match[1] as string };
        if (match[2]) relation.archQualifier = match[2];
        if (match[3] && match[4])
          relation.constraint = { op: normaliseOperator(match[3]), version: match[4] };
        if (match[5] !== undefined) relation.architectures = match[5].trim().split(/\s+/).filter(Boolean);
        const profiles = match[6]?.match(/<[^>]*>/g);
        if (profiles) relation.profiles = profiles.map((p) => p.slice(1, -1).trim());
        return relation;
      }),
    );
  }
  return groups;
}

/** Writes a relation back in Debian's syntax (for edge constraints and messages). */
export function formatRelation(relation: Relation): string {
  const arch = relation.archQualifier ? `:${relation.archQualifier}` : '';
  const constraint = relation.constraint ? ` (${relation.constraint.op} ${relation.constraint.version})` : '';
  return `${relation.name}${arch}${constraint}`;
}

function normaliseOperator(op: string): VersionOperator {
  if (op === '<') return '<=';
  if (op === '>') return '>=';
  return op as VersionOperator;
}
