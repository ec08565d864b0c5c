// What the camera load shares with its consumers (runner, verify, progress bar). The load
// itself runs on the k6-style engine: sim/workload/video-load.ts.
import type { CameraLoadSpec } from '../plan/scenario';
export type { CameraLoadSpec };

export interface AckedSegment {
  camera: string;
  seq: number;
  path: string;
  /** the payload's seed, as in the segment's header: a reader regenerates the payload from it */
  payloadSeed: number;
  /** wall-clock epoch ms of the first and the last frame */
  startMs: number;
  endMs: number;
  /** run mono ms when write + fsync + close returned */
  ackMono: number;
  /** run mono ms when the segment was complete and due to be written */
  dueMono: number;
  /** camera: a live stream (counted in recording gaps); upload: a docked body camera */
  role: 'camera' | 'upload';
  bytes: number;
  /** run mono ms: a writer thread was given it (waiting for one until then) */
  writerMono?: number;
  /** run mono ms just before open() and after close() returned, on the writer thread */
  openMono?: number;
  closeMono?: number;
  /** ms the writer thread spent making the bytes before open() */
  buildMs?: number;
  /** ms in open() + write()s, and in fsync() */
  writeMs?: number;
  fsyncMs?: number;
}

export interface LoadProgress {
  written: number;
  writeErrors: number;
  /** segments due while all of a camera's writes were still busy: never written (gaps) */
  dropped: number;
  reads: number;
  readErrors: number;
  bytes: number;
}

export const cameraId = (i: number) => `cam${String(i + 1).padStart(3, '0')}`;
/** payload bytes of one segment (the 512-byte header comes on top) */
export const segmentBytes = (spec: Pick<CameraLoadSpec, 'bitrateMbps' | 'segmentSeconds'>) =>
  Math.round((spec.bitrateMbps * 1e6 * spec.segmentSeconds) / 8);
