/**
 * The saved fold's format (`saved_fold`, read by `ledger balance`): a SHA-256 of the code that makes it — every
 * file of the core (packages/core/src: the fold, the event check, the forms and figures it uses) and of the
 * ledger store (src/ledger-store, but this file). A saved fold made by other code is never used, so a change to
 * any of them must change this value; test/ledger/fold-format.test.ts recomputes it and fails, printing the
 * new value, until it is updated here.
 */
export const FOLD_FORMAT = "4cc9abcb5ce2cd211f43be1b2f60c8640b71173222c32b4dba32503152164de7";
