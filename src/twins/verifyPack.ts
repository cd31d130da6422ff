import { sha256Hex, verifyObject } from '../crypto/index.ts';
import { StudioError } from '../errors/index.ts';
import { probeImage } from '../imaging/index.ts';
import type { TrustStore } from '../trust/index.ts';
import { parseJson, parseWith } from '../validation.ts';
import { openPackFiles, type PackFiles } from './packSource.ts';
import { packManifestSchema, poseKeypointsSchema, type PackManifest, type PoseKeypoints } from './pack.schema.ts';

export const MANIFEST_FILE = 'twin.json';

export interface VerifiedPose {
  poseId: string;
  name: string;
  image: string;
  width: number;
  height: number;
  keypoints: PoseKeypoints['keypoints'];
  /** The pack path of the pose's front-parts mask (same size as the image), when it has one. */
  front?: string;
}

/** A pack whose signature, every file hash and every pose were checked. Only these ever reach a render. */
export interface VerifiedPack {
  origin: string;
  manifest: PackManifest;
  manifestSha256: string;
  owner: { keyId: string; name: string; agency: string };
  poses: VerifiedPose[];
  files: PackFiles;
}

/**
 * Verifies a twin pack (folder or `.twinpack` zip) and refuses it whole on the first problem:
 * PACK_INVALID (malformed), PACK_OWNER_UNKNOWN (signer not on the owner list), PACK_TAMPERED (a signature,
 * hash or file-set mismatch), PACK_TOO_LARGE. Every error names the file or field.
 */
export async function verifyPack(location: string, trust: TrustStore): Promise<VerifiedPack> {
  const files = readOnce(openPackFiles(location));
  const at = { path: location };
  if (!files.paths().includes(MANIFEST_FILE)) {
    throw new StudioError('PACK_INVALID', `Twin pack ${location} has no ${MANIFEST_FILE}`, {
      ...at,
      file: MANIFEST_FILE,
    });
  }
  const manifestBytes = files.read(MANIFEST_FILE);
  const raw = parseJson(manifestBytes.toString('utf8'), 'PACK_INVALID', `${MANIFEST_FILE} of ${location}`, {
    ...at,
    file: MANIFEST_FILE,
  });
  const manifest = parseWith(packManifestSchema, raw, 'PACK_INVALID', `${MANIFEST_FILE} of ${location}`, {
    ...at,
    file: MANIFEST_FILE,
  });

  const owner = trust.ownerKey(manifest.ownerKeyId);
  if (!owner) {
    throw new StudioError(
      'PACK_OWNER_UNKNOWN',
      `Twin pack ${manifest.twinId} is signed by owner key ${manifest.ownerKeyId}, which is not on the registry's owner list`,
      {
        ...at,
        twinId: manifest.twinId,
        ownerKeyId: manifest.ownerKeyId,
      },
    );
  }
  if (!verifyObject(raw as object, owner.publicKeyPem)) {
    throw new StudioError(
      'PACK_TAMPERED',
      `The owner's signature on ${MANIFEST_FILE} of twin ${manifest.twinId} does not verify`,
      { ...at, file: MANIFEST_FILE, twinId: manifest.twinId },
    );
  }
  checkFileSet(files, manifest);
  const poses = await verifyPoses(files, manifest);
  return {
    origin: location,
    manifest,
    manifestSha256: sha256Hex(manifestBytes),
    owner: { keyId: owner.keyId, name: owner.name, agency: owner.agency },
    poses,
    files,
  };
}

/** Each file read once: the bytes whose hash was checked are the bytes that are probed and later rendered. */
export function readOnce(files: PackFiles): PackFiles {
  const read = new Map<string, Buffer>();
  return {
    origin: files.origin,
    paths: () => files.paths(),
    read(file) {
      let bytes = read.get(file);
      if (!bytes) {
        bytes = files.read(file);
        read.set(file, bytes);
      }
      return bytes;
    },
  };
}

function checkFileSet(files: PackFiles, manifest: PackManifest): void {
  const present = new Set(files.paths().filter((p) => p !== MANIFEST_FILE));
  for (const [file, expected] of Object.entries(manifest.files)) {
    if (!present.has(file)) {
      throw new StudioError(
        'PACK_TAMPERED',
        `Twin pack ${manifest.twinId} is missing ${file}, which its manifest lists`,
        { path: files.origin, file, reason: 'missing' },
      );
    }
    const actual = sha256Hex(files.read(file));
    if (actual !== expected) {
      throw new StudioError(
        'PACK_TAMPERED',
        `File ${file} of twin pack ${manifest.twinId} has SHA-256 ${actual}, but the signed manifest says ${expected}`,
        {
          path: files.origin,
          file,
          expected,
          actual,
        },
      );
    }
    present.delete(file);
  }
  const [extra] = present;
  if (extra !== undefined) {
    throw new StudioError(
      'PACK_TAMPERED',
      `Twin pack ${manifest.twinId} holds ${extra}, which its signed manifest does not list`,
      { path: files.origin, file: extra, reason: 'unlisted' },
    );
  }
}

/** Checks every pose of a manifest against the pack's files (keypoints schema, RGBA PNG, sizes, points inside). */
export async function verifyPoses(files: PackFiles, manifest: PackManifest): Promise<VerifiedPose[]> {
  const poses: VerifiedPose[] = [];
  for (const pose of manifest.poses) {
    for (const file of [pose.image, pose.keypoints, ...(pose.front === undefined ? [] : [pose.front])]) {
      if (!(file in manifest.files)) {
        throw new StudioError(
          'PACK_INVALID',
          `Pose ${pose.poseId} names ${file}, which the manifest's file list does not`,
          { path: files.origin, file, poseId: pose.poseId },
        );
      }
    }
    const what = `Pose ${pose.poseId} (${pose.keypoints}) of twin ${manifest.twinId}`;
    const details = { path: files.origin, file: pose.keypoints, poseId: pose.poseId };
    const raw = parseJson(files.read(pose.keypoints).toString('utf8'), 'PACK_INVALID', what, details);
    const keypoints = parseWith(poseKeypointsSchema, raw, 'PACK_INVALID', what, details);
    // checkFileSet hashed these very bytes against the signed manifest: an image that decoded fine before is not decoded again.
    const info = await probeImage(
      files.read(pose.image),
      `Pose image ${pose.image} of twin ${manifest.twinId}`,
      { path: files.origin, file: pose.image },
      { sha256: manifest.files[pose.image] },
    );
    if (!info.hasAlpha || info.format !== 'png') {
      throw new StudioError(
        'PACK_INVALID',
        `Pose image ${pose.image} must be an RGBA PNG cut-out, but it is ${info.format} with ${info.channels} channels`,
        {
          path: files.origin,
          file: pose.image,
        },
      );
    }
    if (info.width !== keypoints.width || info.height !== keypoints.height) {
      throw new StudioError(
        'PACK_INVALID',
        `Pose image ${pose.image} is ${info.width}×${info.height} but its keypoints are for ${keypoints.width}×${keypoints.height}`,
        {
          path: files.origin,
          file: pose.keypoints,
        },
      );
    }
    for (const [name, point] of Object.entries(keypoints.keypoints)) {
      if (point.x < 0 || point.y < 0 || point.x > info.width || point.y > info.height) {
        throw new StudioError(
          'PACK_INVALID',
          `Keypoint ${name} of pose ${pose.poseId} at (${point.x}, ${point.y}) lies outside the ${info.width}×${info.height} image`,
          {
            ...details,
            field: `keypoints.${name}`,
          },
        );
      }
    }
    if (pose.front !== undefined) await verifyFront(files, manifest, pose.front, info);
    poses.push({
      poseId: pose.poseId,
      name: pose.name,
      image: pose.image,
      width: info.width,
      height: info.height,
      keypoints: keypoints.keypoints,
      ...(pose.front === undefined ? {} : { front: pose.front }),
    });
  }
  return poses;
}

/** A pose's front-parts mask: a PNG with alpha, the pose image's size. */
async function verifyFront(
  files: PackFiles,
  manifest: PackManifest,
  front: string,
  pose: { width: number; height: number },
): Promise<void> {
  const info = await probeImage(
    files.read(front),
    `Front-parts mask ${front} of twin ${manifest.twinId}`,
    { path: files.origin, file: front },
    { sha256: manifest.files[front] },
  );
  if (!info.hasAlpha || info.format !== 'png' || info.width !== pose.width || info.height !== pose.height) {
    throw new StudioError(
      'PACK_INVALID',
      `Front-parts mask ${front} must be an RGBA PNG of ${pose.width}×${pose.height} like its pose image, but it is ` +
        `${info.format} ${info.width}×${info.height} with ${info.channels} channels`,
      { path: files.origin, file: front },
    );
  }
}
