// JumpCloud ids are MongoDB ObjectIds: the shape check, and minting that keeps new ids in time order so id order stays creation order.

export const SANDBOX_ORG_ID = '5f0c1a2b3c4d5e6f7a8b9c0d';

const OBJECT_ID = /^[0-9a-f]{24}$/;
export const isObjectId = (s: string): boolean => OBJECT_ID.test(s);

export const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * ObjectId-like: 4-byte timestamp, 5-byte per-directory salt, 3-byte counter. New ids sort after
 * existing ones, as MongoDB ids do, unless a test passes its own _id.
 */
export class ObjectIdMinter {
  private counter = 0;
  private lastSeconds: number;

  constructor(
    private readonly salt: string,
    startSeconds: number,
  ) {
    this.lastSeconds = startSeconds;
  }

  /** Ids minted so far; the directory numbers default usernames and uids with it. */
  get count(): number {
    return this.counter;
  }

  next(seconds = this.lastSeconds + 1): string {
    this.lastSeconds = Math.max(this.lastSeconds, seconds);
    const id = hex(seconds, 8) + this.salt + hex(this.counter & 0xffffff, 6);
    this.counter += 1;
    return id;
  }
}
