import { UserError } from '../../analyzer/model/user-error.js';
import { connectStore } from '../../store/connect-store.js';
import { createToken, listTokens, revokeToken } from '../../store/tokens.js';
import { resolveDbPath } from '../default-db.js';
import { readIngestTime } from '../ingest-time.js';
import type { Command } from '../io.js';
import { parseFlags } from '../parse-flags.js';

const USAGE =
  'tcbscope token create NAME [--read-only] | token list [--json] | token revoke NAME  (each with [--db FILE|URL])';

/** Names show in lists and error messages: keep them to one plain word. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const tokenCommand: Command = {
  name: 'token',
  summary:
    'create, list and revoke the tokens that `tcbscope serve` asks uploads (and, optionally, reads) for',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(
      args,
      { db: { type: 'string' }, 'read-only': { type: 'boolean' }, json: { type: 'boolean' } },
      USAGE,
    );
    const [action, name, extra] = positionals;
    const wantsName = action === 'create' || action === 'revoke';
    if (action === undefined || !['create', 'list', 'revoke'].includes(action))
      throw new UserError('USAGE', `expected create, list or revoke; usage: ${USAGE}`);
    if (extra !== undefined || (!wantsName && name !== undefined))
      throw new UserError('USAGE', `unexpected argument "${extra ?? name}"; usage: ${USAGE}`);
    if (wantsName && (name === undefined || !NAME_PATTERN.test(name)))
      throw new UserError(
        'USAGE',
        `token ${action} needs a NAME of letters, digits, ".", "_" or "-" (up to 64), got ${JSON.stringify(name ?? '')}`,
      );
    if (values['read-only'] && action !== 'create')
      throw new UserError('USAGE', `--read-only belongs to token create; usage: ${USAGE}`);
    const db = resolveDbPath(io.cwd, io.env, values.db);
    const store = await connectStore(db.path, db.shown);
    try {
      if (action === 'create') {
        const scope = values['read-only'] ? 'read' : 'write';
        const token = await createToken(store, name as string, scope, readIngestTime(io.env));
        // The token goes to stdout alone, so that `> FILE` captures exactly it; it is never shown again.
        io.stdout.write(`${token}\n`);
        io.stderr.write(
          `tcbscope: token "${name}" (${scope}) created in ${db.shown}; it is shown only this once\n`,
        );
      } else if (action === 'revoke') {
        await revokeToken(store, name as string);
        io.stdout.write(`token "${name}" revoked\n`);
      } else {
        const tokens = await listTokens(store);
        io.stdout.write(
          values.json
            ? `${JSON.stringify({ db: db.shown, tokens }, null, 2)}\n`
            : tokens.map((t) => `${t.name}\t${t.scope}\t${t.createdAt}\n`).join(''),
        );
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
