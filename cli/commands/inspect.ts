import { basename } from 'node:path';
import { MANIFEST_VERSION, type Manifest } from '../../analyzer/model/manifest.js';
import { UserError } from '../../analyzer/model/user-error.js';
import { buildInstallIndex, type InstallList } from '../../builder/attribution/install-index.js';
import { buildImageManifest } from '../../builder/image/build-image-manifest.js';
import { readLdMap } from '../../builder/linker-map/read-ld-map.js';
import { renderImageText } from '../../reports/render-image-text.js';
import type { Command, CliIo } from '../io.js';
import { loadRules } from '../load-rules.js';
import { parseFlags } from '../parse-flags.js';
import { readInputFile, readInputText, sha256Hex } from '../read-input-file.js';
import { readInstallLists } from '../read-install-lists.js';
import { readToolVersion } from '../tool-version.js';
import { writeFileAtomic } from '../write-file-atomic.js';

const USAGE = 'tcbscope inspect IMAGE [--map FILE] [--meta DIR]... [--rules FILE] [--name NAME] [--target TARGET] [--out FILE] [--json]';

/** Options of `inspect`, as the user gives them; everything optional but the image. */
export interface InspectOptions {
  image: string;
  map?: string;
  meta?: string[];
  rules?: string;
  name?: string;
  target?: string;
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'analyse one image: byte accounting, attribution to packages, Solo5 devices',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      {
        map: { type: 'string' },
        meta: { type: 'string', multiple: true },
        rules: { type: 'string' },
        name: { type: 'string' },
        target: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      USAGE,
    );
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UserError('USAGE', `expected one IMAGE, got ${positionals.length}; usage: ${USAGE}`);
    const manifest = inspectImage({ image: positionals[0] as string, map: values.map, meta: values.meta, rules: values.rules, name: values.name, target: values.target }, io);
    const json = JSON.stringify(manifest);
    if (values.out) writeFileAtomic(values.out, json + '\n');
    io.stdout.write(values.json ? json + '\n' : renderImageText(manifest));
    return 0;
  },
};

/** Reads the image and its evidence files and builds the manifest (all file access happens here). */
export function inspectImage(options: InspectOptions, io: Pick<CliIo, 'stderr'>): Manifest {
  const bytes = readInputFile(options.image);
  const inputs = [{ role: 'image', path: options.image, sha256: sha256Hex(bytes), size: bytes.byteLength }];
  let map;
  if (options.map) {
    const text = readInputText(options.map);
    inputs.push({ role: 'linker-map', path: options.map, sha256: sha256Hex(Buffer.from(text)), size: Buffer.byteLength(text) });
    try {
      map = readLdMap(text);
    } catch (error) {
      throw error instanceof UserError ? error.inFile(options.map) : error;
    }
  }
  const lists: InstallList[] = [];
  for (const dir of options.meta ?? []) {
    io.stderr.write(`reading install lists in ${dir}\n`);
    lists.push(...readInstallLists(dir));
  }
  const rules = loadRules(options.rules);
  try {
    return buildImageManifest({
      name: options.name ?? basename(options.image),
      bytes,
      sha256: inputs[0]?.sha256 as string,
      target: options.target,
      map,
      install: lists.length > 0 ? buildInstallIndex(lists) : undefined,
      rules,
      provenance: {
        tool: 'tcbscope',
        toolVersion: readToolVersion(),
        command: ['inspect', options.image, ...(options.map ? ['--map', options.map] : []), ...(options.meta ?? []).flatMap((d) => ['--meta', d])],
        environment: { manifestVersion: String(MANIFEST_VERSION), installLists: String(lists.length) },
        inputs,
      },
    });
  } catch (error) {
    throw error instanceof UserError ? error.inFile(options.image) : error;
  }
}
