import 'server-only';
import { getConfig } from '@/server/config';

/**
 * Receiving an uploaded file: the rules the form shares, the kind judged
 * from the bytes, and the streaming receiver that stages what it accepts.
 */
export { receiveUpload, type ReceivedUpload } from './receiveUpload';
export { sniffKind, sniffHeadBytes, type SniffedKind, type UnacceptedContent } from './contentInspector';
export { decideUpload } from './decideUpload';
export { UploadRefusedError, type RefusalReason } from './errors';
export { acceptedExtensions, allowedKinds, contentTypeOfKind, defaultMaxUploadMb, fileNameSchema, sanitiseFileName, uploadFileSchema } from './rules';
export { blobResponse } from '../storage';

/** The configured limit (MAX_UPLOAD_MB) in bytes. */
export function maxUploadBytes(): number {
  return getConfig().MAX_UPLOAD_MB * 1024 * 1024;
}
