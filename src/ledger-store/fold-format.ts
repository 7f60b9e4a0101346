/**
 * The saved fold's format (`saved_fold`, read by `ledger balance`): a SHA-256 of the code that makes it — every
 * file of the core (packages/core/src: the fold, the event check, the forms and figures it uses) and of the
 * ledger store (src/ledger-store, but this file). A saved fold made by other code is never used, so a change to
 * any of them must change this value; test/ledger/fold-format.test.ts recomputes it and fails, printing the
 * new value, until it is updated here.
 */
export const FOLD_FORMAT = "16dd3f23dec6482bbfb12b3671568bb4cc328b82a5ed01d2af36cc997ca8de07";
