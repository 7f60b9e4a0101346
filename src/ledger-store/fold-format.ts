/**
 * The saved fold's format (`saved_fold`, read by `ledger balance`): a SHA-256 of the code that makes it — every
 * file of the core (packages/core/src: the fold, the event check, the forms and figures it uses) and of the
 * ledger store (src/ledger-store, but this file). A saved fold made by other code is never used, so a change to
 * any of them must change this value; test/ledger/fold-format.test.ts recomputes it and fails, printing the
 * new value, until it is updated here.
 */
export const FOLD_FORMAT = "35a886d008cfcbc27b43218a65640fa59f3cf0ab7ae3214f1a486fa82112d99c";
