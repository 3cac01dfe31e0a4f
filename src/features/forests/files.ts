/** Reading a chosen file as text (decoded in the worker) and offering text as a download. */
import { getEngine } from '../../worker/client.ts';

/** Files above this size are refused before they are read (the importers' own limit). */
export const MAX_FILE_BYTES = 200_000_000;

export type FileText = { ok: true; text: string } | { ok: false; message: string };

export async function readFileText(file: File): Promise<FileText> {
  if (file.size > MAX_FILE_BYTES) {
    return {
      ok: false,
      message: `${file.name}: the file is too large (${(file.size / 1e6).toFixed(0)} MB; the limit is ${MAX_FILE_BYTES / 1e6} MB).`,
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const r = await getEngine().decodeFile(bytes);
  return r.ok ? r : { ok: false, message: `${file.name}: ${r.message}` };
}

export function download(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._ -]+/g, '_').trim() || 'synclab';
}
