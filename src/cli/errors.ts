/** A usage problem found after parsing (bad format name, missing path...): exit 2 with this message. */
export class UsageError extends Error {}
