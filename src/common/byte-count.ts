const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** A size as BODY_LIMIT writes it (`100kb`, `1mb`, `512b`; units of 1,024) in bytes. */
export function byteCount(size: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(size.trim());
  if (!match) throw new Error(`Not a size: ${size}`);
  return Number(match[1]) * UNITS[match[2].toLowerCase()];
}
