import type { NextFunction, Request, Response } from 'express';
import type { StoreDb } from '../../store/store-db.js';
import { verifyToken, type TokenScope } from '../../store/tokens.js';
import { HttpError } from './http-error.js';

/**
 * Middleware that lets a request through only with `Authorization: Bearer TOKEN` naming a token
 * that exists (401 otherwise: missing, unknown or revoked) and whose scope allows `needed` (403:
 * a read-only token that tries to write).
 */
export function requireToken(db: StoreDb, needed: TokenScope) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.get('authorization');
    const match = header === undefined ? null : /^Bearer ([^\s]+)$/i.exec(header);
    res.set('WWW-Authenticate', 'Bearer realm="tcbscope"');
    if (!match)
      throw new HttpError(401, 'TOKEN_MISSING', 'this needs a token: send Authorization: Bearer TOKEN');
    const token = await verifyToken(db, match[1] as string);
    if (!token) throw new HttpError(401, 'TOKEN_INVALID', 'the token is unknown or revoked');
    if (needed === 'write' && token.scope !== 'write')
      throw new HttpError(403, 'TOKEN_READ_ONLY', `token "${token.name}" may read but not upload`);
    res.removeHeader('WWW-Authenticate');
    next();
  };
}
