/** megaroth's version, as package.json gives it (a test checks the two agree). */
export const MEGAROTH_VERSION = "0.1.0";
