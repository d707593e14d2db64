import { partOf, type RollupPart, type SalesChange } from '../domain/rollup.ts';
import type { Logger, RollupWriter } from '../ports.ts';

/**
 * A batch of the Sales table's changes into the rollups: each order recorded, cancellation and
 * return once (`partOf`), the rest passed over. Answers `undefined` when the batch is done, else the
 * index of the first change to deliver again (the changes before it are applied; those from it on
 * may be in part, which their markers make safe to deliver again).
 */
export function makeRollUpSales({ rollups, logger }: { rollups: RollupWriter; logger: Logger }) {
  return async (changes: readonly SalesChange[]): Promise<number | undefined> => {
    const parts: RollupPart[] = [];
    const changeOf: number[] = [];
    changes.forEach((change, index) => {
      const part = partOf(change);
      if (part) {
        parts.push(part);
        changeOf.push(index);
      }
    });
    if (parts.length === 0) return undefined;
    const failed = await rollups.apply(parts);
    if (!failed) return undefined;
    logger.error('rolling up sales failed; the stream delivers the rest again', {
      part: parts[failed.failedFrom]?.id,
      error: failed.cause,
    });
    return changeOf[failed.failedFrom];
  };
}
