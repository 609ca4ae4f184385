import { UserError } from '../../analyzer/model/user-error.js';

/** What the server answered for one uploaded build (see web/server/upload-router.ts). */
export interface UploadedBuild {
  job: string;
  buildId: number;
  created: boolean;
  images: { id: number; target: string }[];
}

/**
 * Sends one build's JSON body to `POST /api/builds` with the token; a refusal becomes one
 * UserError line with the status and the server's code and message.
 */
export async function postBuild(endpoint: URL, token: string, body: string): Promise<UploadedBuild> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new UserError(
      'UPLOAD_FAILED',
      `${endpoint.origin}: ${cause?.code ?? cause?.message ?? String(error)}`,
    );
  }
  const text = await response.text();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  if (!response.ok) {
    const error = (doc as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new UserError(
      'UPLOAD_REFUSED',
      `HTTP ${response.status}${error ? ` ${error.code}: ${error.message}` : ''}`,
      { at: endpoint.href },
    );
  }
  return doc as UploadedBuild;
}
