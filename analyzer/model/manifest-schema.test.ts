/**
 * The JSON Schema and the TypeScript model are written apart (a JSON file cannot import), so this
 * test holds them together: it reads the interfaces from manifest.ts with the TypeScript compiler
 * (ts-morph), independently of the schema file, and walks both side by side from `Manifest`.
 */
import { fileURLToPath } from 'node:url';
import { Project, type Node, type Symbol as TsSymbol, type Type } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import * as enumerations from './manifest-enumerations.js';
import schema from './manifest.schema.json' with { type: 'json' };
import buildConfigSchema from '../../pipeline/build-config.schema.json' with { type: 'json' };

interface SchemaNode {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  const?: unknown;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
}

const root = schema as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

function resolveRef(node: SchemaNode): SchemaNode {
  if (node.$ref === undefined) return node;
  const name = node.$ref.replace(/^#\/definitions\//, '');
  const target = root.definitions[name];
  if (!target) throw new Error(`unresolved $ref ${node.$ref}`);
  return target;
}

const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { strict: true } });
const modelFile = project.addSourceFileAtPath(fileURLToPath(new URL('./manifest.ts', import.meta.url)));
project.resolveSourceFileDependencies();
const manifestType = modelFile.getInterfaceOrThrow('Manifest').getType();
const at = modelFile as Node;

/** The type without `undefined` (optional properties carry it under strict). */
function defined(type: Type): Type {
  if (!type.isUnion()) return type;
  const parts = type.getUnionTypes().filter((t) => !t.isUndefined());
  return parts.length === 1 ? (parts[0] as Type) : type;
}

function propertyType(symbol: TsSymbol): Type {
  return symbol.getTypeAtLocation(at);
}

function isOptional(symbol: TsSymbol): boolean {
  return symbol.isOptional();
}

/** Every value of a union of literals, or undefined when the type is not one. */
function literalValues(type: Type): unknown[] | undefined {
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  const values = parts.filter((t) => !t.isUndefined()).map((t) => (t.isLiteral() ? t.getLiteralValue() : t));
  return values.every((v) => typeof v === 'string' || typeof v === 'number') ? values : undefined;
}

/** Each enum met on the walk, with the schema pointer it sits at and the TypeScript type beside it. */
const enums: { pointer: string; values: unknown[]; modelValues: unknown[] | undefined }[] = [];
/** Each `const` met on the walk, and the literal type beside it. */
const consts: { pointer: string; value: unknown; modelValues: unknown[] | undefined }[] = [];
/** Each object met on the walk, with its keys on both sides. */
const objects: {
  pointer: string;
  required: string[];
  properties: string[];
  mandatory: string[];
  all: string[];
}[] = [];

function walk(pointer: string, node: SchemaNode, type: Type): void {
  node = resolveRef(node);
  if (node.const !== undefined) {
    consts.push({ pointer, value: node.const, modelValues: literalValues(defined(type)) });
    return;
  }
  if (node.enum) {
    enums.push({ pointer, values: node.enum, modelValues: literalValues(defined(type)) });
    return;
  }
  const t = defined(type);
  if (node.type === 'array') {
    const element = t.getArrayElementType();
    expect(element, `${pointer}: schema says array, the model says ${t.getText()}`).toBeDefined();
    if (node.items && element) walk(`${pointer}/items`, node.items, element);
    return;
  }
  if (node.type === 'object' && node.properties) {
    const symbols = t.getProperties();
    objects.push({
      pointer,
      required: [...(node.required ?? [])].sort(),
      properties: Object.keys(node.properties).sort(),
      mandatory: symbols
        .filter((s) => !isOptional(s))
        .map((s) => s.getName())
        .sort(),
      all: symbols.map((s) => s.getName()).sort(),
    });
    for (const symbol of symbols) {
      const child = node.properties[symbol.getName()];
      if (child) walk(`${pointer}/properties/${symbol.getName()}`, child, propertyType(symbol));
    }
    return;
  }
  if (node.type === 'object' && node.propertyNames) {
    // A `Partial<Record<Language, number>>`: the keys are an enum, the values one schema.
    const keys = t.getProperties();
    enums.push({
      pointer: `${pointer}/propertyNames`,
      values: resolveRef(node.propertyNames).enum ?? [],
      modelValues: keys.map((s) => s.getName()),
    });
    const first = keys[0];
    if (first && typeof node.additionalProperties === 'object')
      walk(`${pointer}/additionalProperties`, node.additionalProperties, propertyType(first));
  }
}

walk('', root, manifestType);

/** The model's const arrays, by name. */
const constArrays: [string, readonly unknown[]][] = Object.entries(enumerations).flatMap(([name, value]) =>
  Array.isArray(value) ? [[name, value as readonly unknown[]] as [string, readonly unknown[]]] : [],
);

describe('manifest.schema.json against analyzer/model', () => {
  it('walks the whole model (a sanity check on the walk itself)', () => {
    // Every interface of the model that a manifest holds is met at least once.
    expect(objects.length).toBeGreaterThanOrEqual(25);
    expect(enums.length).toBeGreaterThanOrEqual(12);
  });

  it.each(objects.map((o) => [o.pointer || '/', o] as const))(
    'object %s: required = non-optional properties, properties = all properties',
    (_pointer, o) => {
      expect(o.required).toEqual(o.mandatory);
      expect(o.properties).toEqual(o.all);
    },
  );

  it.each(enums.map((e) => [e.pointer, e] as const))(
    'enum %s equals a const array of the model, and the model type beside it',
    (pointer, e) => {
      const match = constArrays.find(([, values]) => sameSet(values, e.values));
      expect(
        match,
        `${pointer}: no const array in manifest-enumerations.ts holds ${JSON.stringify(e.values)}`,
      ).toBeDefined();
      expect(e.values, `${pointer} against ${match?.[0]}`).toEqual([...(match?.[1] ?? [])]);
      expect([...(e.modelValues ?? [])].sort(), `${pointer}: the TypeScript type's values`).toEqual(
        [...e.values].sort(),
      );
    },
  );

  it.each(consts.map((c) => [c.pointer, c] as const))('const %s equals the model’s literal type', (_p, c) => {
    expect(c.modelValues).toEqual([c.value]);
  });

  it('every object of the schema forbids unknown keys', () => {
    const open: string[] = [];
    const visit = (pointer: string, node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as SchemaNode;
      if (n.type === 'object' && n.properties && n.additionalProperties !== false) open.push(pointer);
      for (const [key, child] of Object.entries(n)) visit(`${pointer}/${key}`, child);
    };
    visit('', schema);
    expect(open).toEqual([]);
  });

  it('the build configuration schema lists the model’s BUILD_TARGETS', () => {
    expect(buildConfigSchema.definitions.target.properties.target.enum).toEqual([
      ...enumerations.BUILD_TARGETS,
    ]);
  });
});

function sameSet(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v));
}
