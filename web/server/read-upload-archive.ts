import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { HttpError } from './http-error.js';

/** One `.json` file of an uploaded archive: its path inside the archive and its text. */
export interface ArchiveFile {
  path: string;
  text: string;
}

/** A refusal of the archive itself (not of a manifest in it). */
function badArchive(detail: string): HttpError {
  return new HttpError(
    400,
    'UPLOAD_ARCHIVE_BAD',
    `the upload is not a whole .tar.gz of manifests: ${detail}`,
  );
}

/**
 * The `.json` regular files of a gzip-compressed tar archive (a `manifests/` folder packed with
 * `tar czf`), in archive order. A truncated or corrupt archive is refused whole: no part of a cut
 * upload is read as if it were the build.
 */
export async function readUploadArchive(body: Buffer): Promise<ArchiveFile[]> {
  let tar: Buffer;
  try {
    tar = gunzipSync(body);
  } catch (error) {
    throw badArchive(`gzip: ${(error as Error).message}`);
  }
  const files: ArchiveFile[] = [];
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
      stream.on('end', () => {
        if (header.type === 'file' && header.name.endsWith('.json'))
          files.push({ path: header.name, text: Buffer.concat(chunks).toString('utf8') });
        next();
      });
      stream.on('error', reject);
    });
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  reader.end(tar);
  try {
    await done;
  } catch (error) {
    throw badArchive(`tar: ${(error as Error).message}`);
  }
  return files;
}
